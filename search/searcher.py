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

import bisect
import functools
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields

from . import export, overlay
from .browse import ReportList, list_reports
from .budget import budget, check, remaining
from .compare import agency_rows
from .concordance import Concordance, OrderCache, check_sort, concordance, match_parts
from .coverage import Coverage
from .coverage_pages import coverage_json, page_coverage
from .docview import build_view, match_spans
from .errors import (
    DocumentNotFoundError,
    FileGoneError,
    QueryError,
    QueryTimeoutError,
    SearchError,
)
from .fields import facet_fields, split_record
from .indicator_rows import IndicatorRow
from .indicator_views import (
    IndicatorColumns,
    IndicatorTable,
    build_table,
    indicator_columns,
    rows_json,
)
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
    PART_OTHER,
    PARTS,
    AgencyRow,
    DocumentView,
    Hit,
    MatchRow,
    Metadata,
    OriginalFile,
    ReportMeta,
    SearchResult,
    Section,
    Stats,
)
from .proximity import near_nodes
from .query import And, make_filter, parse_query
from .results import SORTS, by_date, matching_docs
from .scope import column, coverage_columns, in_scope, year_counts
from .snippets import (
    MAX_SNIPPETS,
    SPANS_PER_SNIPPET,
    TextMap,
    make_snippets,
    opening,
    section_at,
)
from .store import Store, open_store, resolve_index_dir
from .table import DocTable
from .trends import ProvinceMap, Trend, build_province_map, build_trend, check_scope

_MISSABLE = ("agency", "year", "region")
MAX_PER_PAGE = 1000


# Postings kept between queries (docnums in sets and dicts, ~60 bytes each: ~12 MB;
# 500,000 cost 29 MB more server RSS and no measurable latency).
POSTING_CACHE = 200_000


@dataclass
class _State:
    snap: object  # search.store.Snapshot
    table: DocTable
    compact: object
    partmap: object
    cache: PostingCache
    overlay_stamp: tuple = ()
    # Exports still reading this generation: a newer one does not close it
    # under them; the last export to finish does.
    pins: int = 0


def _locked(method):
    """Run a public method within the time budget, under the index's lock."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with budget(self.timeout), self._hold():
            return method(self, *args, **kwargs)

    return wrapper


class SearchIndex:
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
    ) -> None:
        # ``store``: an open store (search.store.open_store), e.g. one in memory.
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

    @_locked
    def close(self) -> None:
        if self._state_now is not None:
            self._state_now.snap.close()
            self._state_now = None

    # ------------------------------------------------------------ queries

    @_locked
    def find_all(self, query: str, **filters) -> list[str]:
        """Ids of every report matching ``query``, unranked: the cheapest answer."""
        ctx, _, docs, _ = self._match(query, filters)
        return list(map(ctx.table.id_of.__getitem__, sorted(docs)))

    @_locked
    def all_ids(self) -> list[str]:
        """Every report's id, in index order."""
        ctx, _ = self._context()
        return [ctx.table.records[d]["id"] for d in ctx.table.live]

    @_locked
    def count(self, query: str, **filters) -> int:
        return len(self._match(query, filters)[2])

    @_locked
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
        facets = {
            name: part_facet(ctx, docs, unit_list)
            if name == "section"
            else ctx.table.facet(name, docs)
            for name in facet_fields()
        }
        t = Tally(counts, scores, Counter())
        window = order if per_page == 0 else order[(page - 1) * per_page : end]
        hits = [self._hit(ctx, snap, d, unit_list, t, snippets) for d in window]
        return SearchResult(
            query=query, total=len(docs), hits=hits, facets=facets, page=page, per_page=per_page
        )

    def _hit(self, ctx, snap, d, unit_list, t, with_snippets) -> Hit:
        check()  # a page of every hit, or compare's one per agency, can be long
        r = ctx.table.records[d]
        hit = Hit(
            **_described(r),
            score=round(t.scores.get(d, 0.0), 4),
            matches=t.counts.get(d, 0),
        )
        if with_snippets:
            stored = snap.stored(d)
            tm = TextMap.of_compact(stored["text"], ctx.compact(d).decode("utf-8"))
            # Counted hits (the ranked page) need only the first matches.
            first = 0 if d not in t.counts or ctx.part else MAX_SNIPPETS * SPANS_PER_SNIPPET
            if ctx.part or ctx.near_terms:  # matches placed by their sections
                sections = _sections(stored)
                spans = match_spans(tm, unit_list, sections, ctx.part, ctx.near_terms, first)
            else:
                spans = match_spans(tm, unit_list, [], None, (), first)
                sections = _sections(stored, spans)
            hit.snippets = make_snippets(tm, spans, sections) if spans else opening(tm, sections)
            # A proximity operator's count is its pairs, not the occurrences marked.
            if unit_list and not first and not ctx.near_terms:
                hit.matches = len(spans) if ctx.part else max(hit.matches, len(spans))
        return hit

    @_locked
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

    @_locked
    def indicator_rows(self, query: str = "", **filters) -> list[IndicatorRow]:
        """Every indicator value of every report matching ``query`` (all reports when
        neither query nor filter is given), in agency / year / text order."""
        cols, docs = self._indicator_docs(query, filters)
        return [row for d in cols.select(docs) for row in cols.rows(d)]

    @_locked
    def indicator_table(
        self, query: str = "", *, page: int | None = None, per_page: int = 100, **filters
    ) -> IndicatorTable:
        """The wide table (one report a row) of the reports ``indicator_rows`` selects:
        page ``page`` of ``per_page`` reports (None: all), counts and facets over all."""
        if per_page < 1:
            raise SearchError("per_page must be at least 1")
        cols, docs = self._indicator_docs(query, filters)
        return build_table(cols, docs, page, per_page)

    @_locked
    def indicator_json(self, query: str = "", **filters) -> bytes:
        """``{"rows": [...]}`` of ``indicator_rows``' to_json(), as compact JSON in UTF-8
        (what /api/indicators answers), from each report's rows encoded once."""
        cols, docs = self._indicator_docs(query, filters)
        return rows_json(cols, docs)

    def _indicator_docs(self, query: str, filters: dict) -> tuple[IndicatorColumns, set | None]:
        """The generation's indicator columns and the docnums selected (None: all)."""
        ctx, snap = self._context()
        docs = None
        if (query and query.strip()) or any(v not in (None, "") for v in filters.values()):
            docs = self._match(query, filters)[2]
        return indicator_columns(ctx.table, lambda d: snap.stored(d)["text"]), docs

    @_locked
    def trend(self, query: str = "", *, by: str = "", level: str = "", **filters) -> Trend:
        """Matching reports per year (per level or province with ``by``) and the share of
        that year's reports in scope; without a query every report in scope counts."""
        check_scope(by, level)
        ctx, docs, matched = in_scope(self, query, level, filters)
        reports = year_counts(ctx, docs, by)
        matching = reports if matched is None else year_counts(ctx, matched, by)
        return build_trend(query, reports, matching, by)

    @_locked
    def province_map(self, query: str = "", *, level: str = "", **filters) -> ProvinceMap:
        """Matching reports and reports in scope per province."""
        ctx, docs, matched = in_scope(self, query, level, filters)
        province = column(ctx, "province")
        reports = Counter(map(province.get, docs))
        matching = reports if matched is None else Counter(map(province.get, matched))
        return build_province_map(query, reports, matching)

    @_locked
    def coverage(
        self,
        query: str = "",
        *,
        level: str = "",
        page: int | None = None,
        per_page: int = 200,
        absent_limit: int | None = None,
        **filters,
    ) -> Coverage:
        """Agencies × years of the reports in scope, the required parts each lacks, and
        with a query which agencies contain it and which do not.

        ``page`` (from 1; past the last one gives the last): only that page's
        ``per_page`` agencies in ``rows``; the counts are over all of them.  None: every
        agency.  ``absent_limit``: the absence list's first agencies only (its full
        length is ``absent_count``).
        """
        if per_page < 1 or (absent_limit is not None and absent_limit < 0):
            raise SearchError("per_page must be at least 1 and absent_limit at least 0")
        ctx, docs, matched = in_scope(self, query, level, filters)
        return page_coverage(
            query, docs, matched, coverage_columns(ctx), page, per_page, absent_limit
        )

    @_locked
    def coverage_json(
        self,
        query: str = "",
        *,
        level: str = "",
        page: int | None = None,
        per_page: int = 200,
        **filters,
    ) -> str:
        """``coverage(...).to_json()`` as compact JSON text (what /api/coverage answers),
        joined from each report's JSON encoded once: no object per report."""
        if per_page < 1:
            raise SearchError("per_page must be at least 1")
        ctx, docs, matched = in_scope(self, query, level, filters)
        return coverage_json(query, docs, matched, coverage_columns(ctx), page, per_page)

    @_locked
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
                described, stored = _described(ctx.table.records[d]), snap.stored(d)
            return build_view(described, stored, unit_list, part, query or "", near)

    @_locked
    def report_metadata(self, missing: str | None = None) -> list[ReportMeta]:
        """Every report's metadata in force with its sources, by path.

        ``missing`` (agency, year or region) keeps only the reports where that
        field is empty: the gaps a manifest can fill.
        """
        if missing not in (None, *_MISSABLE):
            raise QueryError(f"missing must be one of {', '.join(_MISSABLE)}, not {missing!r}")
        ctx, _ = self._context()
        names = [f.name for f in fields(Metadata)]
        out = []
        for r in ctx.table.records.values():
            if missing and r.get(missing) not in (None, ""):
                continue
            meta = Metadata(**{k: r[k] for k in names if r.get(k) is not None})
            meta.meta_source = dict(r.get("meta_source") or {})
            out.append(ReportMeta(id=r["id"], path=_described(r)["path"], metadata=meta))
        out.sort(key=lambda m: (m.path, m.id))
        return out

    @_locked
    def original_file(self, doc_id: str) -> OriginalFile:
        """The file report ``doc_id`` was read from, if it is still there and unchanged.

        Only ever the path recorded for that id: a caller cannot name another file.
        """
        ctx, _ = self._context()
        d = ctx.table.by_id.get(str(doc_id))
        if d is None:
            raise DocumentNotFoundError(f"no report with id {doc_id!r} in the index")
        r = ctx.table.records[d]
        path = r["path"]
        try:
            st = os.stat(path)
        except OSError:
            raise FileGoneError(
                f"the original file of report {doc_id} is no longer where it was indexed"
            ) from None
        if (st.st_size, st.st_mtime) != (r.get("size"), r.get("mtime")):
            raise FileGoneError(
                f"the original file of report {doc_id} has changed since it was indexed"
            )
        return OriginalFile(path=path, name=os.path.basename(path))

    @_locked
    def concordance(
        self, query: str, *, sort: str = "agency", page: int = 1, per_page: int = 100, **filters
    ) -> Concordance:
        """Every match of ``query`` in its sentence, one line each, sorted and paged.

        ``sort``: agency, year, part, left or right (the words before / after
        the match); ``per_page=0`` gives every line (an export).
        """
        check_sort(sort)
        ctx, snap, docs, unit_list = self._match(query, filters)
        self._orders.bind(snap)

        def load(d: int):
            stored = snap.stored(d)
            sections = _sections(stored)
            tm = TextMap.of_compact(stored["text"], ctx.compact(d).decode("utf-8"))
            return tm.text, sections, match_spans(tm, unit_list, sections, ctx.part, near)

        needles = [u.encode("utf-8") for u in unit_list]
        want = PARTS.index(ctx.part) if ctx.part else None
        near = ctx.near_terms

        def parts_of(d: int) -> list[int]:
            if near:  # only the stored text knows which occurrences make pairs
                _, sections, spans = load(d)
                return [PARTS.index(_part_of(sections, s)) for s, _ in spans]
            return match_parts(ctx.compact(d), needles, ctx.partmap(d), want)

        return concordance(
            query,
            filters,
            docs,
            ctx.table.records,
            load,
            parts_of,
            has_terms=bool(unit_list or near),
            sort=sort,
            page=page,
            per_page=per_page,
            cache=self._orders,
        )

    @_locked
    def reports(
        self, *, sort: str = "agency", page: int = 1, per_page: int = 50, **filters
    ) -> ReportList:
        """The collection without a query: every report, its metadata and the parts found.

        Filters: agency, year, region, level (``UNKNOWN`` for an empty one) and
        missing (a required part the report lacks).
        """
        ctx, _ = self._context()
        return list_reports(ctx, filters, sort=sort, page=page, per_page=per_page)

    @_locked
    def stats(self) -> Stats:
        ctx, _ = self._context()
        agencies: dict[str, int] = defaultdict(int)
        years: dict[str, int] = defaultdict(int)
        agency_years: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in ctx.table.records.values():
            a, y = r.get("agency") or "（未识别机构）", str(r.get("year") or "未知")
            agencies[a] += 1
            years[y] += 1
            agency_years[a][y] += 1
        return Stats(
            total=len(ctx.table),
            agencies=dict(sorted(agencies.items())),
            years=dict(sorted(years.items())),
            agency_years={a: dict(sorted(v.items())) for a, v in sorted(agency_years.items())},
        )

    @_locked
    def __len__(self) -> int:
        return len(self._context()[0].table)


def _described(record: dict) -> dict:
    """The metadata every hit and report view carries, from a table record.

    ``path`` is the one shown (relative to the folder indexed), never the
    server's absolute path, which stays the report's identity inside the index.
    """
    known, extra = split_record(record, _HIT_ATTRS)
    return {
        "id": record["id"],
        "path": record.get("shown") or os.path.basename(record["path"]),
        **known,
        "meta_source": dict(record.get("meta_source") or {}),
        "extra": extra,
    }


# Hit and DocumentView share these attributes; other registry fields go in their ``extra``.
_HIT_ATTRS = frozenset(f.name for f in fields(Hit)) & frozenset(
    f.name for f in fields(DocumentView)
)


def _sections(stored: dict, spans: list[tuple[int, int]] | None = None) -> list[Section]:
    """The report's sections; with ``spans``, only as far as its snippets look.

    Snippets look up the sections of the first matches (``make_snippets``),
    each search stopping at the first section begun after it, and whether
    there is a section at all: a law of hundreds of articles made an object
    of every article for a match in its first.
    """
    raw = stored.get("sections") or []
    if spans:
        last = spans[min(len(spans), MAX_SNIPPETS * SPANS_PER_SNIPPET) - 1][1]
        raw = raw[: max(1, bisect.bisect_right(raw, last, key=_start_of))]
    return [Section(*s) for s in raw]


def _start_of(s) -> int:
    return s[3]  # a stored section: (heading, level, part, start, end)


def _part_of(sections: list[Section], offset: int) -> str:
    sec = section_at(sections, offset)
    return sec.part if sec else PART_OTHER


def open_index(index_dir: str | os.PathLike | None = None) -> SearchIndex:
    return SearchIndex(index_dir)
