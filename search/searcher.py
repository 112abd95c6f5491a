"""The library's front door for reading: search, compare, export, show a report.

One ``SearchIndex`` serves many threads with one Whoosh searcher, refreshed
when a commit has landed on disk.  Whoosh searchers are not thread-safe, so
every public method holds a lock while it uses it.  That costs no throughput:
the work is pure Python under the GIL (byte searches included), and one
searcher instead of one per thread keeps the memory-mapped segments and the
per-document table in memory once (measured: 3.7 GB RSS with a searcher per
waitress thread over the 58 MB corpus).
"""

from __future__ import annotations

import functools
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from . import compat
from .coverage import Coverage, build_coverage
from .errors import DocumentNotFoundError, QueryError
from .indicator_rows import IndicatorRow, report_rows
from .matching import (
    Context,
    PostingCache,
    Tally,
    evaluate,
    part_facet,
    rank,
    section_restriction,
    tally,
    units,
)
from .model import (
    PART_OTHER,
    PARTS,
    AgencyRow,
    DocumentView,
    Hit,
    MatchRef,
    MatchRow,
    Paragraph,
    SearchResult,
    Section,
    Stats,
)
from .query import And, make_filter, parse_query
from .scope import column, in_scope, year_counts
from .snippets import (
    MAX_SNIPPETS,
    SPANS_PER_SNIPPET,
    TextMap,
    make_snippets,
    mark,
    opening,
    section_at,
    sentence_bounds,
)
from .store import open_whoosh, resolve_index_dir
from .table import DocTable
from .trends import ProvinceMap, Trend, build_province_map, build_trend, check_scope

SORTS = ("relevance", "date")
MAX_PER_PAGE = 1000


# Postings kept between queries (docnums in sets and dicts, ~60 bytes each: ~12 MB;
# 500,000 cost 29 MB more server RSS and no measurable latency).
POSTING_CACHE = 200_000


@dataclass
class _State:
    searcher: object
    table: DocTable
    compact: object
    partmap: object
    cache: PostingCache


def _locked(method):
    """Run a public method under the index's lock (see the module docstring)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class SearchIndex:
    def __init__(self, index_dir: str | os.PathLike | None = None) -> None:
        self.index_dir = resolve_index_dir(index_dir)
        self._ix = open_whoosh(self.index_dir)
        self._state_now: _State | None = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------ plumbing

    def _state(self) -> _State:
        st = self._state_now
        if st is not None and st.searcher.up_to_date():
            return st
        # Not searcher.refresh(): Whoosh 2.7's reader reuse adds the segments
        # of the old reader that a merge has replaced, so merged reports
        # would be counted twice.  Under the lock nobody else holds the old one.
        if st is not None:
            st.searcher.close()
        searcher = self._ix.searcher()
        reader = searcher.reader()
        has_docs = reader.doc_count_all() > 0
        partmap = compat.byte_column(reader, "partmap") if has_docs else None
        st = self._state_now = _State(
            searcher,
            DocTable(reader, partmap),
            compat.byte_column(reader, "compact") if has_docs else None,
            partmap,
            PostingCache(POSTING_CACHE),
        )
        return st

    def _context(self, part: str | None = None) -> tuple[Context, object]:
        st = self._state()
        ctx = Context(st.searcher.reader(), st.table, st.compact, st.partmap, part, st.cache)
        return ctx, st.searcher

    def _plan(self, query: str, filters: dict):
        node = parse_query(query) if query and query.strip() else None
        extra = [make_filter(k, str(v)) for k, v in filters.items() if v not in (None, "")]
        if node is None and not extra:
            raise QueryError("empty query: type a phrase in quotes or some words")
        parts = ([node] if node is not None else []) + extra
        node = parts[0] if len(parts) == 1 else And(tuple(parts))
        return section_restriction(node)

    def _match(self, query: str, filters: dict):
        rest, part = self._plan(query, filters)
        ctx, searcher = self._context(part)
        if rest is not None:
            docs = evaluate(ctx, rest)
        else:
            want = PARTS.index(part)
            from .document import decode_part_map

            docs = {
                d
                for d in ctx.table.live
                if any(p == want for _, p in decode_part_map(ctx.partmap(d)))
            }
        return ctx, searcher, docs, (units(rest) if rest is not None else [])

    @_locked
    def close(self) -> None:
        if self._state_now is not None:
            self._state_now.searcher.close()
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
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if not isinstance(page, int) or page < 1:
            raise QueryError(f"page must be a whole number from 1, not {page!r}")
        if not isinstance(per_page, int) or not 0 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be from 1 to {MAX_PER_PAGE} (0 for all)")
        ctx, searcher, docs, unit_list = self._match(query, filters)
        recs = ctx.table.records
        end = len(docs) if per_page == 0 else page * per_page
        if sort == "relevance":
            order, scores, counts = rank(ctx, docs, unit_list, end)
        else:
            order = sorted(
                docs,
                key=lambda d: (recs[d].get("date") or str(recs[d].get("year") or ""), -d),
                reverse=True,
            )[:end]
            _, scores, counts = rank(ctx, set(order[(page - 1) * per_page :]), unit_list, end)
        facets = {name: ctx.table.facet(name, docs) for name in ("agency", "year", "region")}
        facets["section"] = part_facet(ctx, docs, unit_list)
        t = Tally(counts, scores, Counter())
        window = order if per_page == 0 else order[(page - 1) * per_page : end]
        hits = [self._hit(ctx, searcher, d, unit_list, t, snippets) for d in window]
        return SearchResult(
            query=query, total=len(docs), hits=hits, facets=facets, page=page, per_page=per_page
        )

    def _hit(self, ctx, searcher, d, unit_list, t, with_snippets) -> Hit:
        r = ctx.table.records[d]
        hit = Hit(
            **_described(r),
            score=round(t.scores.get(d, 0.0), 4),
            matches=t.counts.get(d, 0),
        )
        if with_snippets:
            stored = searcher.stored_fields(d)
            sections = _sections(stored)
            tm = TextMap.of(stored["text"])
            # Counted hits (the ranked page) need only the first matches.
            first = 0 if d not in t.counts or ctx.part else MAX_SNIPPETS * SPANS_PER_SNIPPET
            spans = self._spans(tm, unit_list, sections, ctx.part, first)
            hit.snippets = make_snippets(tm, spans, sections) if spans else opening(tm, sections)
            if unit_list and not first:
                hit.matches = len(spans) if ctx.part else max(hit.matches, len(spans))
        return hit

    @staticmethod
    def _spans(tm: TextMap, unit_list, sections, part, limit: int = 0):
        spans = tm.find_all(unit_list, limit)
        if part is not None:
            spans = [sp for sp in spans if _part_of(sections, sp[0]) == part]
        return spans

    @_locked
    def compare(self, query: str, **filters) -> list[AgencyRow]:
        """For a query, one row per agency: its matching reports, years, matches, best snippet."""
        ctx, searcher, docs, unit_list = self._match(query, filters)
        t = tally(ctx, docs, unit_list, need_scores=True)
        recs = ctx.table.records
        groups: dict[str, list[int]] = defaultdict(list)
        for d in docs:
            groups[recs[d].get("agency") or ""].append(d)
        rows = []
        for agency, ds in groups.items():
            best = max(ds, key=lambda d: (t.scores.get(d, 0.0), -d))
            r = recs[best]
            rows.append(
                AgencyRow(
                    agency=agency,
                    region=r.get("region", ""),
                    level=r.get("level", ""),
                    reports=len(ds),
                    years=sorted({recs[d]["year"] for d in ds if recs[d].get("year")}),
                    matches=sum(t.counts.get(d, 0) for d in ds),
                    best_id=r["id"],
                    best_title=r.get("title", ""),
                )
            )
            hit = self._hit(ctx, searcher, best, unit_list, t, True)
            rows[-1].best = hit.snippets[0] if hit.snippets else None
        rows.sort(key=lambda row: (-row.reports, -row.matches, row.agency))
        return rows

    def export_rows(self, query: str, **filters) -> Iterator[MatchRow]:
        """Every match in every matching report, no cap, in agency / year order.

        Collected under the lock before the first row is yielded, so a slow
        consumer (a streamed CSV download) never holds the index.
        """
        with self._lock:
            rows = list(self._export_rows(query, filters))
        return iter(rows)

    def _export_rows(self, query: str, filters: dict) -> Iterator[MatchRow]:
        ctx, searcher, docs, unit_list = self._match(query, filters)
        recs = ctx.table.records
        order = sorted(
            docs,
            key=lambda d: (
                recs[d].get("agency", ""),
                recs[d].get("year") or 0,
                recs[d].get("date", ""),
                d,
            ),
        )
        for d in order:
            r = recs[d]
            stored = searcher.stored_fields(d)
            sections = _sections(stored)
            tm = TextMap.of(stored["text"])
            spans = self._spans(tm, unit_list, sections, ctx.part) if unit_list else []
            for s, e in spans or [(0, 0)]:
                bs, be = sentence_bounds(tm.text, s, e)
                sec = section_at(sections, s)
                yield MatchRow(
                    id=r["id"],
                    agency=r.get("agency", ""),
                    region=r.get("region", ""),
                    year=r.get("year"),
                    date=r.get("date", ""),
                    title=r.get("title", ""),
                    section=sec.heading if sec else "",
                    part=_part_of(sections, s),
                    sentence=tm.text[min(bs, s) : max(be, e)].strip(),
                )

    @_locked
    def indicator_rows(self, query: str = "", **filters) -> list[IndicatorRow]:
        """Every indicator value of every report matching ``query`` (all reports when
        neither query nor filter is given), in agency / year / text order."""
        ctx, searcher = self._context()
        if (query and query.strip()) or any(v not in (None, "") for v in filters.values()):
            docs = self._match(query, filters)[2]
        else:
            docs = set(ctx.table.live)
        return report_rows(
            (ctx.table.records[d], lambda d=d: searcher.stored_fields(d)["text"]) for d in docs
        )

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
    def coverage(self, query: str = "", *, level: str = "", **filters) -> Coverage:
        """Agencies × years of the reports in scope, the required parts each lacks, and
        with a query which agencies contain it and which do not."""
        ctx, docs, matched = in_scope(self, query, level, filters)
        recs, lacks = ctx.table.records, column(ctx, "lacks")
        return build_coverage(
            query,
            ((recs[d], None if matched is None else d in matched, lacks[d]) for d in docs),
            asked=matched is not None,
        )

    @_locked
    def document(self, doc_id: str, query: str = "") -> DocumentView:
        """A whole report, every match of ``query`` marked, with a list of the matches."""
        ctx, searcher = self._context()
        d = ctx.table.by_id.get(str(doc_id))
        if d is None:
            raise DocumentNotFoundError(f"no report with id {doc_id!r} in the index")
        r = ctx.table.records[d]
        stored = searcher.stored_fields(d)
        sections = _sections(stored)
        text = stored["text"]
        tm = TextMap.of(text)
        spans: list[tuple[int, int]] = []
        if query and query.strip():
            rest, part = self._plan(query, {})
            unit_list = units(rest) if rest is not None else []
            spans = self._spans(tm, unit_list, sections, part)
        ids = [f"m{k + 1}" for k in range(len(spans))]
        paragraphs = []
        heads = {s.start: s for s in sections}
        pos = 0
        for k, line in enumerate(text.split("\n")):
            end = pos + len(line)
            inner = [(s, e, ids[i]) for i, (s, e) in enumerate(spans) if s < end and e > pos]
            html = mark(
                line,
                [(max(s, pos), min(e, end)) for s, e, _ in inner],
                offset=pos,
                ids=[i if s >= pos else "" for s, _, i in inner],
            )
            sec = heads.get(pos)
            paragraphs.append(
                Paragraph(
                    html=html,
                    heading_level=sec.level if sec else 0,
                    start=pos,
                    anchor=f"s{k}" if sec else "",
                )
            )
            pos = end + 1
        matches = []
        for i, (s, e) in enumerate(spans):
            bs, be = sentence_bounds(text, s, e)
            bs, be = min(bs, s), max(be, e)
            sec = section_at(sections, s)
            matches.append(
                MatchRef(
                    anchor=ids[i],
                    section=sec.heading if sec else "",
                    part=_part_of(sections, s),
                    html=mark(text[bs:be], [(s, e)], offset=bs).strip(),
                )
            )
        return DocumentView(
            **_described(r),
            text=text,
            sections=sections,
            paragraphs=paragraphs,
            matches=matches,
            query=query or "",
        )

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
    """The metadata every hit and report view carries, from a table record."""
    return {
        "id": record["id"],
        "path": record["path"],
        "year": record.get("year"),
        **{
            k: record.get(k, "")
            for k in ("title", "agency", "region", "level", "date", "doc_number")
        },
    }


def _sections(stored: dict) -> list[Section]:
    return [Section(*s) for s in stored.get("sections") or []]


def _part_of(sections: list[Section], offset: int) -> str:
    sec = section_at(sections, offset)
    return sec.part if sec else PART_OTHER


def open_index(index_dir: str | os.PathLike | None = None) -> SearchIndex:
    return SearchIndex(index_dir)
