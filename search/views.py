"""The collection views of an open index: indicator tables, trends, maps, coverage,
the reports' list, metadata and files, the collection's statistics, and the
concordance of a query's matches.

``SearchIndex`` (search/searcher.py) inherits them; each runs, as its searches do,
within the time budget and under the index's lock (``locked``).
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from dataclasses import fields

from .browse import ReportList, list_reports
from .budget import budget
from .concordance import Concordance, check_sort, concordance, match_parts
from .coverage import Coverage
from .coverage_pages import coverage_json, page_coverage
from .docview import match_spans
from .errors import DocumentNotFoundError, FileGoneError, QueryError, SearchError
from .hits import described, part_of, sections_of
from .indicator_rows import IndicatorRow
from .indicator_views import (
    IndicatorColumns,
    IndicatorTable,
    build_table,
    indicator_columns,
    rows_json,
)
from .model import PARTS, Metadata, OriginalFile, ReportMeta, Stats
from .scope import column, coverage_columns, in_scope, year_counts
from .snippets import TextMap
from .trends import ProvinceMap, Trend, build_province_map, build_trend, check_scope

_MISSABLE = ("agency", "year", "region")


def locked(method):
    """Run a public method within the time budget, under the index's lock."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with budget(self.timeout), self._hold():
            return method(self, *args, **kwargs)

    return wrapper


class CollectionViews:
    """Views over the whole collection or a query's matches, for ``SearchIndex``."""

    @locked
    def indicator_rows(self, query: str = "", **filters) -> list[IndicatorRow]:
        """Every indicator value of every report matching ``query`` (all reports when
        neither query nor filter is given), in agency / year / text order."""
        cols, docs = self._indicator_docs(query, filters)
        return [row for d in cols.select(docs) for row in cols.rows(d)]

    @locked
    def indicator_table(
        self, query: str = "", *, page: int | None = None, per_page: int = 100, **filters
    ) -> IndicatorTable:
        """The wide table (one report a row) of the reports ``indicator_rows`` selects:
        page ``page`` of ``per_page`` reports (None: all), counts and facets over all."""
        if per_page < 1:
            raise SearchError("per_page must be at least 1")
        cols, docs = self._indicator_docs(query, filters)
        return build_table(cols, docs, page, per_page)

    @locked
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

    @locked
    def trend(self, query: str = "", *, by: str = "", level: str = "", **filters) -> Trend:
        """Matching reports per year (per level or province with ``by``) and the share of
        that year's reports in scope; without a query every report in scope counts."""
        check_scope(by, level)
        ctx, docs, matched = in_scope(self, query, level, filters)
        reports = year_counts(ctx, docs, by)
        matching = reports if matched is None else year_counts(ctx, matched, by)
        return build_trend(query, reports, matching, by)

    @locked
    def province_map(self, query: str = "", *, level: str = "", **filters) -> ProvinceMap:
        """Matching reports and reports in scope per province."""
        ctx, docs, matched = in_scope(self, query, level, filters)
        province = column(ctx, "province")
        reports = Counter(map(province.get, docs))
        matching = reports if matched is None else Counter(map(province.get, matched))
        return build_province_map(query, reports, matching)

    @locked
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

    @locked
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

    @locked
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
            out.append(ReportMeta(id=r["id"], path=described(r)["path"], metadata=meta))
        out.sort(key=lambda m: (m.path, m.id))
        return out

    @locked
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

    @locked
    def reports(
        self, *, sort: str = "agency", page: int = 1, per_page: int = 50, **filters
    ) -> ReportList:
        """The collection without a query: every report, its metadata and the parts found.

        Filters: agency, year, region, level (``UNKNOWN`` for an empty one) and
        missing (a required part the report lacks).
        """
        ctx, _ = self._context()
        return list_reports(ctx, filters, sort=sort, page=page, per_page=per_page)

    @locked
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

    @locked
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
            sections = sections_of(stored)
            tm = TextMap.of_compact(stored["text"], ctx.compact(d).decode("utf-8"))
            return tm.text, sections, match_spans(tm, unit_list, sections, ctx.part, near)

        needles = [u.encode("utf-8") for u in unit_list]
        want = PARTS.index(ctx.part) if ctx.part else None
        near = ctx.near_terms

        def parts_of(d: int) -> list[int]:
            if near:  # only the stored text knows which occurrences make pairs
                _, sections, spans = load(d)
                return [PARTS.index(part_of(sections, s)) for s, _ in spans]
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
