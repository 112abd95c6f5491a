"""Trends and the province map: how many reports match a query per year (or per province),
and what share of that year's (province's) reports in scope that is.

A year with twice the reports must not look like twice the interest, so every count
comes with the number of reports it is a share of.  Input is each in-scope report's
metadata record and whether it matches; output is plain dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import QueryError
from .formats import csv_stream, share_text
from .gazetteer import _SHORT_SUFFIX, LEVEL_CITY, LEVEL_COUNTY, LEVEL_PROVINCE, _table

LEVELS = (LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY)
GROUPINGS = ("", "level", "province")  # what a trend may be split by
UNKNOWN = "未识别"


@dataclass
class TrendPoint:
    year: int
    group: str  # the level or province ("" when the trend is not split)
    matching: int  # reports of that year (and group) that match
    reports: int  # reports of that year (and group) in scope

    @property
    def share(self) -> float | None:
        return self.matching / self.reports if self.reports else None

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "group": self.group,
            "matching": self.matching,
            "reports": self.reports,
            "share": self.share,
        }


@dataclass
class Trend:
    query: str
    by: str  # "", "level" or "province"
    years: list[int]  # every year from the first to the last in scope, gaps included
    groups: list[str]  # [""] when not split; else most matching reports first
    points: list[TrendPoint]  # one per (year, group), years ascending
    matching: int = 0  # matching reports in scope, undated ones included
    reports: int = 0
    undated_matching: int = 0  # reports whose year is unknown: in no point
    undated_reports: int = 0

    def point(self, year: int, group: str = "") -> TrendPoint:
        for p in self.points:
            if p.year == year and p.group == group:
                return p
        return TrendPoint(year, group, 0, 0)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "by": self.by,
            "matching": self.matching,
            "reports": self.reports,
            "undated_matching": self.undated_matching,
            "undated_reports": self.undated_reports,
            "points": [p.to_json() for p in self.points],
        }


def check_scope(by: str = "", level: str = "") -> None:
    """Reject a grouping or level this module does not know, naming the allowed ones."""
    if by not in GROUPINGS:
        raise QueryError(f"by must be level or province (or empty), not {by!r}")
    if level and level not in LEVELS:
        raise QueryError(f"level must be one of {' / '.join(LEVELS)}, not {level!r}")


def build_trend(query: str, reports: Counter, matching: Counter, by: str = "") -> Trend:
    """The trend from reports in scope and matching reports per (year, group); year 0
    holds the reports whose year is unknown (counted, but in no point)."""
    check_scope(by)
    t = Trend(query=query, by=by, years=[], groups=[], points=[])
    t.reports, t.matching = sum(reports.values()), sum(matching.values())
    t.undated_reports = sum(n for (y, _), n in reports.items() if not y)
    t.undated_matching = sum(n for (y, _), n in matching.items() if not y)
    years = [y for y, _ in reports if y]
    if years:
        t.years = list(range(min(years), max(years) + 1))
    per_group: Counter = Counter({g: 0 for (y, g) in reports if y})
    for (y, g), n in matching.items():
        if y:
            per_group[g] += n
    t.groups = sorted(per_group, key=lambda g: (-per_group[g], g == UNKNOWN, g))
    t.points = [
        TrendPoint(y, g, matching.get((y, g), 0), reports.get((y, g), 0))
        for y in t.years
        for g in t.groups
    ]
    return t


def trend_csv(trend: Trend) -> Iterator[str]:
    """年份, [分组,] 匹配报告数, 报告总数, 占比: one row per point."""
    split = bool(trend.by)
    head = ["年份", *(["层级" if trend.by == "level" else "省份"] if split else []),
            "匹配报告数", "报告总数", "占比"]  # fmt: skip
    rows = (
        [p.year, *([p.group] if split else []), p.matching, p.reports, share_text(p.share)]
        for p in trend.points
    )
    return csv_stream(head, rows)


# ------------------------------------------------------------------ provinces


@dataclass
class ProvinceShare:
    province: str  # full name as the gazetteer has it: 广东省, 内蒙古自治区
    short: str  # 广东, 内蒙古
    matching: int = 0
    reports: int = 0

    @property
    def share(self) -> float | None:
        return self.matching / self.reports if self.reports else None


@dataclass
class ProvinceMap:
    query: str
    provinces: list[ProvinceShare]  # every province of China, in adcode order
    unknown: ProvinceShare = field(default_factory=lambda: ProvinceShare("", UNKNOWN))

    def get(self, province: str) -> ProvinceShare | None:
        return next((p for p in self.provinces if p.province == province), None)


@lru_cache(maxsize=1)
def provinces() -> tuple[tuple[str, str], ...]:
    """(full name, short name) of every province-level division, in adcode order."""
    table = _table()
    return tuple(
        (name, _SHORT_SUFFIX.sub("", name))
        for code, name in sorted(table.by_code.items())
        if code.endswith("0000")
    )


def build_province_map(query: str, reports: Counter, matching: Counter) -> ProvinceMap:
    """Matching reports and reports in scope per province (keyed by full name; any key
    that is not a province, UNKNOWN among them, goes to ``unknown``)."""
    m = ProvinceMap(query, [ProvinceShare(full, short) for full, short in provinces()])
    by_name = {p.province: p for p in m.provinces}
    for name, n in reports.items():
        p = by_name.get(name, m.unknown)
        p.reports += n
        p.matching += matching.get(name, 0)
    return m


def province_csv(m: ProvinceMap) -> Iterator[str]:
    rows = [
        [p.province or p.short, p.matching, p.reports, share_text(p.share)]
        for p in [*m.provinces, m.unknown]
        if p.reports
    ]
    return csv_stream(["省份", "匹配报告数", "报告总数", "占比"], rows)
