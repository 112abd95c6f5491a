"""A compact per-document table: filters and facet counts without touching postings.

Built once per index generation (a store snapshot) from the ``meta`` column, so
a facet count is a loop over integers, not a search.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from . import partmap as partmaps
from . import scoring
from .analysis import compact
from .document import decode_meta


def load_records(snap) -> list[dict]:
    """The meta record of every live document of a store snapshot."""
    col = snap.column("meta")
    return [decode_meta(col(docnum)) for docnum in snap.live] if col is not None else []


# Matches from which the facets are counted over arrays (below that the
# dictionary look-ups cost less than making the array).
ARRAY_FROM = 2000


class DocTable:
    """Metadata of every live document, addressed by the snapshot's docnum."""

    def __init__(self, snap, partmap=None, adjust: Callable[[dict], dict] | None = None) -> None:
        self.live: list[int] = list(snap.live)
        col = snap.column("meta") if self.live else None
        self.records: dict[int, dict] = {d: decode_meta(col(d)) for d in self.live}
        if adjust is not None:  # the overlay: shown paths and manifest overrides
            for r in self.records.values():
                adjust(r)
        self.by_id: dict[str, int] = {r["id"]: d for d, r in self.records.items()}
        self.id_of: dict[int, str] = {d: r["id"] for d, r in self.records.items()}
        self.by_year: dict[int, set[int]] = defaultdict(set)
        total_chars = 0
        for d, r in self.records.items():
            if r.get("year"):
                self.by_year[int(r["year"])].add(d)
            total_chars += r.get("chars", 0)
        self.avg_chars = total_chars / max(1, len(self.live))
        # The one required part of reports that have a single part (most laws;
        # 其他 for text without headings): facet counts need no text search.
        self.single_part: dict[int, int] = {}
        if partmap is not None:
            for d in self.live:
                pm = partmap(d)
                if partmaps.is_single(pm):
                    self.single_part[d] = partmaps.first_part(pm)
        # BM25's length normalisation per docnum (scoring.length_norm).
        avg = self.avg_chars or 1.0
        self.norm: dict[int, float] = {
            d: scoring.length_norm(r.get("chars", avg), avg) for d, r in self.records.items()
        }
        self._facet_values: dict[str, dict[int, str]] = {}
        self._compact_of: dict[str, str] = {}
        self._by_value: dict[str, dict[str, set[int]]] = {}
        # Structures derived from this generation on first use (partfacet's ranges).
        self.memo: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self.live)

    def values(self, name: str) -> dict[str, set[int]]:
        """value -> docnums of a metadata field (an empty value under ""), built once."""
        index = self._by_value.get(name)
        if index is None:
            index = self._by_value[name] = defaultdict(set)
            for d, r in self.records.items():
                index[str(r.get(name) or "")].add(d)
        return index

    def containing(self, name: str, needle: str) -> set[int]:
        """Docnums whose value of field ``name`` contains ``needle`` (agency, region, title).

        Values are shown in the report's own characters; ``needle`` is compact
        (folded), so each value is compared in that form too.  Collections repeat
        a few hundred agencies, so each distinct value is compared once.
        """
        out: set[int] = set()
        for value, docs in self.values(name).items():
            if needle in self._compact(value):
                out |= docs
        return out

    def _compact(self, value: str) -> str:
        got = self._compact_of.get(value)
        if got is None:
            got = self._compact_of[value] = compact(value)
        return got

    def years(self, lo: int, hi: int) -> set[int]:
        out: set[int] = set()
        for year, docs in self.by_year.items():
            if lo <= year <= hi:
                out |= docs
        return out

    def _values(self, name: str) -> dict[int, str]:
        """docnum -> value of a metadata field, for the reports that have one."""
        values = self._facet_values.get(name)
        if values is None:
            values = self._facet_values[name] = {
                d: str(r[name]) for d, r in self.records.items() if r.get(name) not in (None, "")
            }
        return values

    def facet(self, name: str, docnums: Iterable[int]) -> dict[str, int]:
        values = self._values(name)
        # Counting in C over a docnum -> value map: a facet over 3,000 matches
        # cost 0.75 ms as a Python loop over the records.
        counts = Counter(map(values.get, docnums))
        counts.pop(None, None)
        return dict(counts.most_common())

    def facets(self, names: Iterable[str], docnums: set[int]) -> dict[str, dict[str, int]]:
        """``facet(name, docnums)`` for each name: the same counts in the same order.

        Over many matches (a 的-type phrase: every report) the docnums are read
        into an array once and each facet is a ``bincount`` over a docnum ->
        value-code array, instead of a dictionary look-up per report per facet.
        """
        if len(docnums) < ARRAY_FROM:
            return {name: self.facet(name, docnums) for name in names}
        at = np.fromiter(docnums, dtype=np.int64, count=len(docnums))
        return {name: self._facet_array(name, at) for name in names}

    def _facet_array(self, name: str, at: np.ndarray) -> dict[str, int]:
        got = self.memo.get(("facet_codes", name))
        if got is None:
            values = self._values(name)
            labels = list(dict.fromkeys(values.values()))
            code = {v: i for i, v in enumerate(labels)}
            codes = np.full(max(self.live, default=-1) + 1, -1, dtype=np.int32)
            for d, v in values.items():
                codes[d] = code[v]
            got = self.memo[("facet_codes", name)] = (codes, labels)
        codes, labels = got
        c = codes[at]
        c = c[c >= 0]  # reports without a value, in the docnums' order
        counts = np.bincount(c, minlength=len(labels))
        # Counter.most_common's order: count, then first seen in the docnums' order.
        seen, first = np.unique(c, return_index=True)
        order = np.lexsort((first, -counts[seen]))
        return {labels[seen[i]]: int(counts[seen[i]]) for i in order}
