"""Pages of the coverage matrix from per-generation columns, as objects or as JSON.

At 30,000 reports building the whole matrix (an object per report) cost more than the
page; here the docnums in scope are grouped by agency in one pass, and objects are made
for the page's agencies and the absence list shown only.  The API's unpaged answer is
every report, so ``coverage_json`` writes it from each report's JSON encoded once per
generation: at 1,000 synthetic reports the objects, dicts and encoding took 30 ms a
request, growing with the collection (README, Trends, map and coverage).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .coverage import UNKNOWN_AGENCY, Coverage, CoverageReport, CoverageRow

_UNDATED = 1 << 30  # sorts after every year: undated reports come last in a row


def _encode(obj: object) -> str:
    """JSON as the web API writes it (compact, characters as they are, keys in order)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class CoverageColumns:
    """docnum -> what the matrix shows, per index generation (search/scope.py builds it)."""

    records: dict[int, dict]
    agency: dict[int, str]  # UNKNOWN_AGENCY when not known
    region: dict[int, str]
    level: dict[int, str]
    year: dict[int, int]  # 0 when not known
    lacks: dict[int, list[str]]
    # Filled as asked: a report's JSON up to its "contains" value, an agency's up to its
    # own (keyed by the docnum whose region and level the row shows).
    report_json: dict[int, str] = field(default_factory=dict)
    row_json: dict[int, str] = field(default_factory=dict)
    _ysort: dict[int, int] | None = None

    def year_order(self) -> dict[int, int]:
        """docnum -> its year, or a number after every year when undated."""
        if self._ysort is None:
            self._ysort = {d: y or _UNDATED for d, y in self.year.items()}
        return self._ysort

    def report_head(self, d: int) -> str:
        got = self.report_json.get(d)
        if got is None:
            r = self.records[d]
            got = self.report_json[d] = (
                f'{{"id":{_encode(r["id"])},"title":{_encode(r.get("title", ""))},'
                f'"year":{_encode(r.get("year"))},"lacks":{_encode(self.lacks[d])},"contains":'
            )
        return got

    def row_head(self, d: int) -> str:
        got = self.row_json.get(d)
        if got is None:
            got = self.row_json[d] = (
                f'{{"agency":{_encode(self.agency[d])},"region":{_encode(self.region[d])},'
                f'"level":{_encode(self.level[d])},"contains":'
            )
        return got


@dataclass
class _Layout:
    by_agency: dict[str, list[int]]  # agency -> its docnums in scope, in index order
    order: list[str]  # agencies by region then name, the unknown one last
    having: set[str] | None  # agencies with a matching report (None: no query)
    years: list[int]
    page: int
    pages: int
    first: int
    last: int
    per_page: int | None


def _layout(
    docs: list[int], matched: set[int] | None, columns: CoverageColumns, page, per_page
) -> _Layout:
    agency_of = columns.agency
    by_agency: dict[str, list[int]] = {}
    for d, a in zip(docs, map(agency_of.__getitem__, docs), strict=True):
        got = by_agency.get(a)
        if got is None:
            by_agency[a] = [d]
        else:
            got.append(d)
    years = set(map(columns.year.__getitem__, docs))
    years.discard(0)
    region = columns.region
    order = sorted(by_agency, key=lambda a: (a == UNKNOWN_AGENCY, region[by_agency[a][0]], a))
    having = None if matched is None else set(map(agency_of.__getitem__, matched))
    paged = None if page is None else per_page
    if page is None:
        page, pages, first, last = 1, 1, 0, len(order)
    else:
        pages = max(1, -(-len(order) // per_page))
        page = min(max(page, 1), pages)  # past the last page: the last page
        first, last = (page - 1) * per_page, page * per_page
    span = list(range(min(years), max(years) + 1)) if years else []
    return _Layout(by_agency, order, having, span, page, pages, first, last, paged)


def page_coverage(
    query: str,
    docs: list[int],
    matched: set[int] | None,
    columns: CoverageColumns,
    page: int | None = None,
    per_page: int = 200,
    absent_limit: int | None = None,
) -> Coverage:
    """Page ``page`` of the matrix of ``docs`` (docnums in index order), ``per_page``
    agencies a page (``page`` None: every agency on one page, ``per_page`` None), and the
    absence list (its first ``absent_limit`` agencies; None: all).

    Only the agencies shown get report objects: at 30,000 reports building all of
    them costs more than the page (README, Trends, map and coverage).
    """
    lay = _layout(docs, matched, columns, page, per_page)
    by_agency, region, level = lay.by_agency, columns.region, columns.level

    def row(a: str) -> CoverageRow:
        ds = by_agency[a]
        out = CoverageRow(a, region[ds[0]], level[ds[0]])
        for d in ds:
            rec = columns.records[d]
            contains = None if matched is None else d in matched
            rep = CoverageReport(
                rec["id"], rec.get("title", ""), rec.get("year"), columns.lacks[d], contains
            )
            out.add(rep)
        return out

    shown = {a: row(a) for a in lay.order[lay.first : lay.last]}
    having = lay.having
    absent = [] if having is None else [a for a in lay.order if a not in having]
    limit = len(absent) if absent_limit is None else absent_limit
    return Coverage(
        query,
        lay.years,
        list(shown.values()),
        matched is not None,
        agency_count=len(lay.order),
        containing_count=0 if having is None else len(having),
        absent_rows=[shown.get(a) or row(a) for a in absent[:limit]],  # built once
        absent_count=len(absent),
        page=lay.page,
        pages=lay.pages,
        per_page=lay.per_page,
    )


def coverage_json(
    query: str,
    docs: list[int],
    matched: set[int] | None,
    columns: CoverageColumns,
    page: int | None = None,
    per_page: int = 200,
) -> str:
    """``page_coverage(...).to_json()`` as compact JSON text, without the objects: each
    report's and agency's JSON is encoded once per generation and joined here."""
    lay = _layout(docs, matched, columns, page, per_page)
    having = lay.having
    ysort = columns.year_order()
    report_head, row_head = columns.report_head, columns.row_head
    asked = matched is not None
    rows = []
    for a in lay.order[lay.first : lay.last]:
        ds = lay.by_agency[a]
        # A row lists its reports by year (index order within one), the undated last.
        ds_sorted = sorted(ds, key=ysort.__getitem__)
        if asked:
            reps = ",".join(
                report_head(d) + ("true}" if d in matched else "false}") for d in ds_sorted
            )
            flag = "true" if a in having else "false"
        else:
            reps = ",".join([report_head(d) + "null}" for d in ds_sorted])
            flag = "null"
        rows.append(f'{row_head(ds[0])}{flag},"reports":[{reps}]}}')
    absent_count = sum(1 for a in lay.order if a not in having) if asked else None
    return (
        f'{{"query":{_encode(query)},"years":{_encode(lay.years)},"agencies":{len(lay.order)},'
        f'"containing":{_encode(len(having) if asked else None)},'
        f'"absent_count":{_encode(absent_count)},"page":{lay.page},"pages":{lay.pages},'
        f'"per_page":{_encode(lay.per_page)},"rows":[{",".join(rows)}]}}'
    )
