"""The library's front door for reading: search, compare, export, show a report.

One ``SearchIndex`` serves many threads with one store snapshot (a Whoosh
searcher on disk), renewed when a commit has landed.  Snapshots are not
thread-safe, so every public method holds a lock while it uses one.  That costs no throughput:
the work is pure Python under the GIL (byte searches included), and one
searcher instead of one per thread keeps the memory-mapped segments and the
per-document table in memory once (measured: 3.7 GB RSS with a searcher per
waitress thread over the 58 MB corpus).

What can take long runs outside the lock: a report page holds it only to fetch
the report's stored text, and an export holds it one report at a time, reading
from a pinned generation of the index (see ``_State.pins``).  Every call gets
the index's time budget (``timeout``), waiting for the lock included.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from . import export, overlay, warmup
from .budget import budget, remaining
from .compare import agency_rows
from .concordance import OrderCache
from .context import POSTING_CACHE, _State  # _State: export.py pins it
from .docview import build_view
from .errors import (
    DocumentNotFoundError,
    QueryError,
    QueryTimeoutError,
)
from .fields import facet_fields
from .hits import described, make_hit
from .matching import (
    Context,
    PostingCache,
    Tally,
    part_facet,
    rank,
    section_restriction,
    units,
)
from .model import (
    AgencyRow,
    DocumentView,
    MatchRow,
    SearchResult,
)
from .proximity import near_nodes
from .query import And, make_filter, parse_query
from .results import SORTS, by_date, matching_docs
from .store import Store, open_store, resolve_index_dir
from .table import DocTable
from .views import CollectionViews, locked

_MISSABLE = ("agency", "year", "region")
MAX_PER_PAGE = 1000


class SearchIndex(CollectionViews):
    """An open index; ``timeout`` is each call's budget in seconds (None: no limit).

    A call past its budget raises ``QueryTimeoutError``.  A streamed export
    (``export_rows``) has the budget for deciding its rows' order and none
    for producing them, which is paced by whoever reads them.
    """

    def __init__(
        self,
        index_dir: str | os.PathLike | None = None,
        timeout: float | None = None,
        *,
        store: Store | None = None,
        warm_views: bool = False,
    ) -> None:
        # ``store``: an open store (search.store.open_store), e.g. one in memory.
        # ``warm_views``: build the views' columns of each new generation in a background
        # thread as soon as it is seen (search.warmup; the web app's index does).
        if store is None:
            self.index_dir = resolve_index_dir(index_dir)
            store = open_store(self.index_dir)
        else:
            self.index_dir = store.location
        self.timeout = timeout
        self._store = store
        self._state_now: _State | None = None
        self._lock = threading.RLock()
        self._orders = OrderCache()
        self._warm_views = warm_views
        self._warming: threading.Thread | None = None  # the latest warm-up thread

    # ------------------------------------------------------------ plumbing

    def _dir_text(self) -> str | None:
        return str(self.index_dir) if self.index_dir is not None else None

    @contextmanager
    def _hold(self):
        """The lock, waited for no longer than the budget left."""
        left = remaining()
        if not self._lock.acquire(timeout=-1 if left is None else left):
            raise QueryTimeoutError(self.timeout or 0)
        try:
            yield
        finally:
            self._lock.release()

    def _state(self) -> _State:
        st = self._state_now
        stamp = overlay.stamp(self.index_dir) if self.index_dir else ()
        if st is not None and st.snap.up_to_date() and st.overlay_stamp == stamp:
            return st
        # Under the lock nobody else holds the old snapshot (but an export's pin).
        if st is not None and not st.pins:
            st.snap.close()
        snap = self._store.snapshot()
        partmap = snap.column("partmap")
        ov = overlay.load_lenient(self.index_dir) if self.index_dir else overlay.Overlay()
        st = self._state_now = _State(
            snap,
            DocTable(snap, partmap, lambda r: overlay.apply(r, ov.files.get(r.get("path")))),
            snap.column("compact"),
            partmap,
            PostingCache(POSTING_CACHE),
            ov.stamp,
        )
        if self._warm_views:
            self._warming = warmup.start(self, st)
        return st

    def _context(self, part: str | None = None, st=None, guard=None) -> tuple[Context, object]:
        """A query context over ``st`` (the current state unless given)."""
        st = st or self._state()
        ctx = Context(
            st.snap,
            st.table,
            st.compact,
            st.partmap,
            part,
            st.cache,
            index_dir=self._dir_text(),
        )
        if guard is not None:
            ctx.guard = guard
        return ctx, st.snap

    def _plan(self, query: str, filters: dict):
        node = parse_query(query) if query and query.strip() else None
        extra = [make_filter(k, str(v)) for k, v in filters.items() if v not in (None, "")]
        if node is None and not extra:
            raise QueryError("empty query: type a phrase in quotes or some words", "empty_query")
        parts = ([node] if node is not None else []) + extra
        node = parts[0] if len(parts) == 1 else And(tuple(parts))
        return section_restriction(node)

    def _match(self, query: str, filters: dict):
        rest, part = self._plan(query, filters)
        ctx, snap = self._context(part)
        ctx.near_terms = near_nodes(rest)
        return ctx, snap, matching_docs(ctx, rest, part), (units(rest) if rest is not None else [])

    def wait_warm(self, timeout: float | None = None) -> bool:
        """Wait for the latest background warm-up (``warm_views``) to finish; True when
        none is running (none was started, or it is done)."""
        thread = self._warming
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    @locked
    def close(self) -> None:
        if self._state_now is not None:
            self._state_now.snap.close()
            self._state_now = None

    # ------------------------------------------------------------ queries

    @locked
    def find_all(self, query: str, **filters) -> list[str]:
        """Ids of every report matching ``query``, unranked: the cheapest answer."""
        ctx, _, docs, _ = self._match(query, filters)
        return list(map(ctx.table.id_of.__getitem__, sorted(docs)))

    @locked
    def all_ids(self) -> list[str]:
        """Every report's id, in index order."""
        ctx, _ = self._context()
        return [ctx.table.records[d]["id"] for d in ctx.table.live]

    @locked
    def count(self, query: str, **filters) -> int:
        return len(self._match(query, filters)[2])

    @locked
    def search(
        self,
        query: str,
        *,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 10,
        snippets: bool = True,
        **filters,
    ) -> SearchResult:
        """One page of ranked hits with snippets, and facet counts over all matches.

        ``per_page=0`` returns every hit on one page.
        """
        if sort not in SORTS:
            raise QueryError(
                f"sort must be one of {', '.join(SORTS)}, not {sort!r}", "bad_sort", value=sort
            )
        if not isinstance(page, int) or page < 1:
            raise QueryError(
                f"page must be a whole number from 1, not {page!r}", "bad_page", value=page
            )
        if not isinstance(per_page, int) or not 0 <= per_page <= MAX_PER_PAGE:
            raise QueryError(
                f"per_page must be from 1 to {MAX_PER_PAGE} (0 for all)",
                "bad_per_page",
                limit=MAX_PER_PAGE,
            )
        ctx, snap, docs, unit_list = self._match(query, filters)
        recs = ctx.table.records
        end = len(docs) if per_page == 0 else page * per_page
        if sort == "relevance":
            order, scores, counts = rank(ctx, docs, unit_list, end)
        else:
            order = by_date(docs, recs)[:end]
            _, scores, counts = rank(ctx, set(order[(page - 1) * per_page :]), unit_list, end)
        names = facet_fields()
        facets = ctx.table.facets([n for n in names if n != "section"], docs)
        facets = {
            n: part_facet(ctx, docs, unit_list) if n == "section" else facets[n] for n in names
        }
        t = Tally(counts, scores, Counter())
        window = order if per_page == 0 else order[(page - 1) * per_page : end]
        hits = [make_hit(ctx, snap, d, unit_list, t, snippets) for d in window]
        return SearchResult(
            query=query, total=len(docs), hits=hits, facets=facets, page=page, per_page=per_page
        )

    @locked
    def compare(self, query: str, **filters) -> list[AgencyRow]:
        """For a query, one row per agency: its matching reports, years, matches, best snippet."""
        return agency_rows(self, query, filters)

    def export_rows(self, query: str, sort: str = "relevance", **filters) -> Iterator[MatchRow]:
        """Every matching sentence of every matching report, in the results page's order.

        The order is decided now (a bad query raises here); the rows are made
        as they are read, one report at a time, holding the lock only to fetch
        that report's stored text from the generation the order was taken
        from.  Closing the iterator (a client gone) stops the work.
        """
        return export.export_rows(self, query, sort, filters)

    @locked
    def document(self, doc_id: str, query: str = "") -> DocumentView:
        """A whole report, every match of ``query`` marked, with a list of the matches."""
        with budget(self.timeout):
            unit_list, part, near = [], None, ()
            if query and query.strip():
                rest, part = self._plan(query, {})
                unit_list = units(rest) if rest is not None else []
                near = near_nodes(rest)
            with self._hold():
                ctx, snap = self._context()
                d = ctx.table.by_id.get(str(doc_id))
                if d is None:
                    raise DocumentNotFoundError(f"no report with id {doc_id!r} in the index")
                meta, stored = described(ctx.table.records[d]), snap.stored(d)
            return build_view(meta, stored, unit_list, part, query or "", near)

    @locked
    def __len__(self) -> int:
        return len(self._context()[0].table)


def open_index(index_dir: str | os.PathLike | None = None) -> SearchIndex:
    return SearchIndex(index_dir)
