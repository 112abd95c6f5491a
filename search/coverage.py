"""The coverage matrix: agencies × years, which report each agency published, which
required parts each report lacks, and for a query which agencies do NOT contain it.

An absence query (``NOT`` over the agencies in scope) is the list researchers cannot get
from a search engine: the agencies that have reports but none of them says the phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .formats import csv_stream
from .model import PARTS

REQUIRED_PARTS = PARTS[:4]  # 其他 is where unclassified text goes, not a required part
UNKNOWN_AGENCY = "（未识别机构）"


@dataclass
class CoverageReport:
    id: str
    title: str
    year: int | None
    lacks: list[str]  # required parts with no text in this report, in PARTS order
    contains: bool | None  # matches the query; None when there is no query

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "lacks": self.lacks,
            "contains": self.contains,
        }


@dataclass
class CoverageRow:
    agency: str
    region: str
    level: str
    reports: dict[int, list[CoverageReport]] = field(default_factory=dict)  # year -> reports
    undated: list[CoverageReport] = field(default_factory=list)

    @property
    def all_reports(self) -> list[CoverageReport]:
        return [r for y in sorted(self.reports) for r in self.reports[y]] + self.undated

    @property
    def contains(self) -> bool | None:
        """Whether any of the agency's reports matches (None: no query)."""
        flags = [r.contains for r in self.all_reports]
        return None if flags and flags[0] is None else any(flags)

    def add(self, rep: CoverageReport, years: set[int] | None = None) -> None:
        """File a report under its year (noting the year in `years`), or as undated."""
        if rep.year:
            if years is not None:
                years.add(int(rep.year))
            self.reports.setdefault(int(rep.year), []).append(rep)
        else:
            self.undated.append(rep)

    def to_json(self) -> dict:
        return {
            "agency": self.agency,
            "region": self.region,
            "level": self.level,
            "contains": self.contains,
            "reports": [r.to_json() for r in self.all_reports],
        }


@dataclass
class Coverage:
    """The matrix, or one page of it: ``rows`` are the agencies of page ``page``
    (every agency when not paged); the counts and the absence list are over all of them.
    """

    query: str
    years: list[int]  # every year from the first to the last in scope
    rows: list[CoverageRow]  # one per agency in scope (on this page), by region then name
    asked: bool = False  # a query (or section filter) was given: contains is meaningful
    agency_count: int | None = None  # agencies in scope (None: len(rows), the unpaged matrix)
    containing_count: int | None = None
    absent_rows: list[CoverageRow] | None = None  # the absence list, at most absent_limit
    absent_count: int | None = None  # its full length
    page: int = 1
    pages: int = 1
    per_page: int | None = None  # agencies a page (None: not paged)

    def __post_init__(self) -> None:
        if self.agency_count is None:  # the whole matrix: the counts come from its rows
            self.agency_count = len(self.rows)
            self.containing_count = sum(1 for r in self.rows if r.contains)
            self.absent_rows = [r for r in self.rows if r.contains is False]
            self.absent_count = len(self.absent_rows)

    @property
    def agencies(self) -> int:
        return self.agency_count

    @property
    def containing(self) -> int:
        """X of "X of Y agencies": agencies with a report that matches."""
        return self.containing_count

    @property
    def absent(self) -> list[CoverageRow]:
        """Agencies in scope that have reports but none matching the query."""
        return self.absent_rows

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "years": self.years,
            "agencies": self.agencies,
            "containing": self.containing if self.asked else None,
            "absent_count": self.absent_count if self.asked else None,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "rows": [r.to_json() for r in self.rows],
        }


def lacking(parts_present: Iterable[int]) -> list[str]:
    """The required parts missing from a report whose text covers ``parts_present``
    (indices into PARTS, as the index's part map stores them)."""
    have = set(parts_present)
    return [p for i, p in enumerate(REQUIRED_PARTS) if i not in have]


def build_coverage(
    query: str, scoped: Iterable[tuple[dict, bool | None, list[str]]], asked: bool
) -> Coverage:
    """The whole matrix of the (record, matches, parts lacking) of every report in scope."""
    rows: dict[str, CoverageRow] = {}
    years: set[int] = set()
    for record, matched, lacks in scoped:
        agency = record.get("agency") or UNKNOWN_AGENCY
        row = rows.get(agency)
        if row is None:
            row = rows[agency] = _row(agency, record)
        row.add(
            CoverageReport(
                record["id"], record.get("title", ""), record.get("year"), lacks, matched
            ),
            years,
        )
    span = list(range(min(years), max(years) + 1)) if years else []
    return Coverage(query, span, sorted(rows.values(), key=_order), asked)


def _row(agency: str, record: dict) -> CoverageRow:
    return CoverageRow(agency, record.get("region", ""), record.get("level", ""))


def _order(r: CoverageRow) -> tuple:
    return (r.agency == UNKNOWN_AGENCY, r.region, r.agency)


def _mark(rep: CoverageReport) -> str:
    lacks = f" 缺：{'、'.join(rep.lacks)}" if rep.lacks else ""
    return rep.id + lacks


def coverage_csv(cov: Coverage) -> Iterator[str]:
    """One agency a row, one column per year: the report's id and the parts it lacks."""
    head = ["机构", "地区", "层级", *(str(y) for y in cov.years), "年份不详"]
    if cov.asked:
        head.append("含查询内容")
    rows = (
        [
            r.agency,
            r.region,
            r.level,
            *("; ".join(_mark(x) for x in r.reports.get(y, [])) for y in cov.years),
            "; ".join(_mark(x) for x in r.undated),
            *(["是" if r.contains else "否"] if cov.asked else []),
        ]
        for r in cov.rows
    )
    return csv_stream(head, rows)


def absence_csv(cov: Coverage) -> Iterator[str]:
    """The agencies that have reports but none containing the query, with those reports."""
    head = ["机构", "地区", "层级", "报告数", "年份", "报告编号"]
    rows = (
        [
            r.agency,
            r.region,
            r.level,
            len(r.all_reports),
            "; ".join(str(y) for y in sorted(r.reports)),
            "; ".join(x.id for x in r.all_reports),
        ]
        for r in cov.absent
    )
    return csv_stream(head, rows)
