"""The collection without a query: which reports the index holds, and what they lack.

Every report with its agency, region, level, year and the required parts its
headings were found for, filterable by the same facets as a search plus the
level and a missing part, so a researcher sees both what is in the index and
what is not (reports without an agency, a year, or a 不足 part).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from . import partmap as partmaps
from .errors import QueryError
from .model import PART_OTHER, PARTS
from .query import make_filter

BROWSE_SORTS = ("agency", "year", "region", "title")
BROWSE_FILTERS = ("agency", "year", "region", "level", "missing")
REQUIRED_PARTS = tuple(p for p in PARTS if p != PART_OTHER)
# The facet value, and filter value, of an empty agency, region, level or year.
UNKNOWN = "未识别"
MAX_REPORTS_PER_PAGE = 1000


@dataclass
class ReportRow:
    id: str
    path: str
    url: str
    title: str
    agency: str
    region: str
    level: str
    year: int | None
    date: str
    doc_number: str
    parts: list[str] = field(default_factory=list)  # the required parts found, in PARTS order

    @property
    def missing(self) -> list[str]:
        return [p for p in REQUIRED_PARTS if p not in self.parts]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "agency": self.agency,
            "region": self.region,
            "level": self.level,
            "year": self.year,
            "date": self.date,
            "doc_number": self.doc_number,
            "parts": self.parts,
            "missing": self.missing,
        }


@dataclass
class ReportList:
    total: int
    reports: list[ReportRow]
    # agency / year / region / level: value -> reports (UNKNOWN for an empty value);
    # missing: required part -> reports lacking it.
    facets: dict[str, dict[str, int]]
    sort: str = "agency"
    page: int = 1
    per_page: int = 50


def parts_found(partmap: bytes) -> list[str]:
    found = partmaps.parts(partmap)
    return [p for i, p in enumerate(PARTS) if i in found and p != PART_OTHER]


def _value(record: dict, name: str) -> str:
    return str(record.get(name) or "")


def _keep(name: str, value: str, ctx) -> set[int]:
    """Docnums whose ``name`` matches ``value`` the way the search's filters do."""
    t = ctx.table
    if value == UNKNOWN:
        return {d for d, r in t.records.items() if not r.get(name)}
    from .filters import filter_docs

    return filter_docs(ctx, make_filter(name, value))


def _sort_key(sort: str) -> Callable[[dict], tuple]:
    def agency(r: dict) -> tuple:
        a = _value(r, "agency")
        return (not a, a, r.get("year") or 9999, _value(r, "title"), r["id"])

    if sort == "agency":
        return agency
    if sort == "year":
        return lambda r: (not r.get("year"), -(r.get("year") or 0), *agency(r))
    if sort == "region":
        return lambda r: (not _value(r, "region"), _value(r, "region"), *agency(r))
    return lambda r: (not _value(r, "title"), _value(r, "title"), *agency(r))


def list_reports(
    ctx, filters: dict[str, str], *, sort: str = "agency", page: int = 1, per_page: int = 50
) -> ReportList:
    """One page of the collection narrowed by ``filters`` (names in BROWSE_FILTERS)."""
    if sort not in BROWSE_SORTS:
        raise QueryError(f"sort must be one of {', '.join(BROWSE_SORTS)}, not {sort!r}")
    if not isinstance(page, int) or page < 1:
        raise QueryError(f"page must be a whole number from 1, not {page!r}")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_REPORTS_PER_PAGE:
        raise QueryError(f"per_page must be from 1 to {MAX_REPORTS_PER_PAGE}")
    unknown = set(filters) - set(BROWSE_FILTERS)
    if unknown:
        raise QueryError(f"unknown filter {sorted(unknown)[0]}: use {', '.join(BROWSE_FILTERS)}")
    t = ctx.table
    parts = {d: parts_found(ctx.partmap(d)) if ctx.partmap else [] for d in t.live}
    docs = set(t.live)
    for name, value in filters.items():
        value = str(value).strip()
        if not value:
            continue
        if name == "missing":
            part = make_filter("section", value).value
            if part == PART_OTHER:
                raise QueryError(f"missing takes a required part: {' / '.join(REQUIRED_PARTS)}")
            docs = {d for d in docs if part not in parts[d]}
        else:
            docs &= _keep(name, value, ctx)
    facets: dict[str, dict[str, int]] = {}
    for name in ("agency", "year", "region", "level"):
        counts = Counter(_value(t.records[d], name) or UNKNOWN for d in docs)
        facets[name] = dict(counts.most_common())
    missing = Counter(p for d in docs for p in REQUIRED_PARTS if p not in parts[d])
    facets["missing"] = {p: missing[p] for p in REQUIRED_PARTS if missing[p]}
    key = _sort_key(sort)
    order = sorted(docs, key=lambda d: key(t.records[d]))
    window = order[(page - 1) * per_page : page * per_page]
    rows = []
    for d in window:
        r = t.records[d]
        rows.append(
            ReportRow(
                id=r["id"],
                path=r.get("path", ""),
                url=r.get("url", "") or "",
                title=_value(r, "title"),
                agency=_value(r, "agency"),
                region=_value(r, "region"),
                level=_value(r, "level"),
                year=r.get("year"),
                date=_value(r, "date"),
                doc_number=_value(r, "doc_number"),
                parts=parts[d],
            )
        )
    return ReportList(
        total=len(docs), reports=rows, facets=facets, sort=sort, page=page, per_page=per_page
    )
