"""What evaluating a query needs from one open index generation (and what
``SearchIndex`` keeps of that generation: ``_State``).

``Context`` carries the store snapshot, the per-document table and columns,
the section restriction and the generation's posting cache through matching
(search/matching.py), ranking and the facets (search/ranking.py).
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from . import partmap as partmaps
from .model import PARTS
from .proximity import Near, NearMatch


class PostingCache:
    """Recently read postings of one index generation, bounded by total postings.

    Phrases share their bigrams (施行, 规定, 人民 …): a common bigram's postings
    are read from the index once, not on every query that contains it.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict = OrderedDict()
        # Document frequencies, kept for the generation as the postings are: each
        # costs a term lookup in every segment, and a page asks for every bigram's.
        self.dfs: dict[tuple[str, str], int] = {}

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key, value, size: int) -> None:
        if size > self.limit:
            return
        self._items[key] = (value, size)
        self.size += size
        while self.size > self.limit:
            _, (_, old) = self._items.popitem(last=False)
            self.size -= old


DF_LIMIT = 500_000  # document frequencies kept (about 100 bytes each)


@dataclass
class Context:
    """What evaluation needs from one open index generation."""

    snap: object  # a store snapshot (search.store.base.Snapshot)
    table: object  # DocTable
    compact: object  # docnum -> compact UTF-8 bytes (callable)
    partmap: object  # docnum -> encoded part map (callable)
    part: str | None = None  # restrict matches to this required part
    cache: PostingCache = field(default_factory=lambda: PostingCache(0))
    # Held around every read of the snapshot and the shared cache: the index's
    # lock when the rest of the evaluation runs without it (an export's order).
    guard: AbstractContextManager = field(default_factory=nullcontext)
    # The proximity operators whose pairs count (``proximity.near_nodes``), and
    # what evaluating each found: (node, part) -> docnum -> its pairs.
    near_terms: tuple = ()
    near: dict = field(default_factory=dict)
    index_dir: str | None = None  # where the reuse data (the reuse: filter) is
    # Where each confirmed report first holds a phrase (needle -> docnum -> byte
    # offset in its compact text), noted by matching so that the section facet
    # does not search again the stretches before it: no occurrence starts there.
    first: dict = field(default_factory=dict)
    # What ranking read of each unit's count: unit -> docnum -> the least count of
    # its bigrams there (a bound; exact for one or two characters), for the facet.
    bounds: dict = field(default_factory=dict)

    def stored(self, docnum: int) -> dict:
        """A report's stored fields (its cleaned text and sections)."""
        with self.guard:
            return self.snap.stored(docnum)

    def near_found(self, node: Near) -> dict[int, NearMatch]:
        return self.near.get((node, self.part), {})

    def postings(self, fieldname: str, term: str) -> set[int]:
        """A term's docnums (deleted ones included). Do not modify the set."""
        key = (fieldname, term)
        with self.guard:
            ids = self.cache.get(key)
            if ids is None:
                ids = self.snap.postings(fieldname, term)
                self.cache.put(key, ids, len(ids))
        return ids

    def cached(self, fieldname: str, term: str) -> bool:
        with self.guard:
            return self.cache.get((fieldname, term)) is not None

    def cached_weights(self, fieldname: str, term: str) -> bool:
        with self.guard:
            return self.cache.get(("weights", fieldname, term)) is not None

    def weights(self, fieldname: str, term: str) -> dict[int, float]:
        key = ("weights", fieldname, term)
        with self.guard:
            w = self.cache.get(key)
            if w is None:
                w = self.snap.weights(fieldname, term)
                self.cache.put(key, w, len(w))
        return w

    def df(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        dfs = self.cache.dfs
        n = dfs.get(key)
        if n is None:
            with self.guard:
                n = self.snap.doc_freq(fieldname, term)
                if len(dfs) >= DF_LIMIT:
                    dfs.clear()
                dfs[key] = n
        return n

    def ranges(self, docnum: int) -> list[tuple[int, int]]:
        """Byte ranges of the compact text that lie in the restricted part."""
        data_len = self.compact.length(docnum)
        if self.part is None:
            return [(0, data_len)]
        want = PARTS.index(self.part)
        return [(s, e) for s, e, _ in partmaps.ranges(self.partmap(docnum), data_len, want)]


def bigrams(text: str) -> list[str]:
    """A text's distinct character bigrams in order (the text itself when one character)."""
    if len(text) == 1:
        return [text]
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


# Postings kept between queries (docnums in sets and dicts, ~60 bytes each: ~12 MB;
# 500,000 cost 29 MB more server RSS and no measurable latency).
POSTING_CACHE = 200_000


@dataclass
class _State:
    snap: object  # search.store.Snapshot
    table: object  # DocTable
    compact: object
    partmap: object
    cache: PostingCache
    overlay_stamp: tuple = ()
    # Exports still reading this generation: a newer one does not close it
    # under them; the last export to finish does.
    pins: int = 0
