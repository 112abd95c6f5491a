"""The reports a trend, map or coverage matrix is about, and which of them match.

The scope is what the filters other than ``section`` select (agency, region, year, and
the level, which the query language has no field for); the matches are the reports of
the scope the query (with ``section``) finds.  A share is matches / scope, so a region
filter makes the share one of that region's reports, not of all reports.

Counting is done in C (``Counter`` over ``map``) on docnum -> value columns built once per
index generation: a Python loop over 30,000 metadata records per request would cost more
than the query.
"""

from __future__ import annotations

from collections import Counter

from . import partmap
from .coverage import UNKNOWN_AGENCY, lacking
from .coverage_pages import CoverageColumns
from .generation_cache import once
from .trends import UNKNOWN, check_scope

SCOPE_FILTERS = ("agency", "region", "year")
# The columns search.warmup builds when a new generation is seen.
COLUMNS = ("year", "level", "province", "lacks")


def in_scope(index, query: str, level: str, filters: dict) -> tuple[object, list[int], set | None]:
    """(context, docnums in scope in index order, matching docnums or None without a query).

    ``index`` is a SearchIndex whose lock the caller holds.
    """
    check_scope("", level)
    ctx, _ = index._context()
    scope = {k: v for k, v in filters.items() if k in SCOPE_FILTERS and v not in (None, "")}
    docs = set(index._match("", scope)[2]) if scope else set(ctx.table.live)
    if level:
        levels = column(ctx, "level")
        docs = {d for d in docs if levels[d] == level}
    matched = None
    if (query and query.strip()) or filters.get("section"):
        matched = index._match(query, filters)[2] & docs
    return ctx, sorted(docs), matched


def column(ctx, name: str) -> dict[int, object]:
    """docnum -> year (0 when unknown), level or province (UNKNOWN when unknown), or
    the required parts a report lacks (``lacks``), cached for the index generation."""
    return once(ctx.table, name, lambda: _build_column(ctx, name))


def _build_column(ctx, name: str) -> dict[int, object]:
    recs = ctx.table.records
    if name == "year":
        return {d: int(r["year"]) if r.get("year") else 0 for d, r in recs.items()}
    if name == "lacks":
        return {d: lacking(parts_of(ctx, d)) for d in recs}
    return {d: r.get(name) or UNKNOWN for d, r in recs.items()}


def year_counts(ctx, docs, by: str = "") -> Counter:
    """Reports per (year, group) among ``docs``; year 0 is unknown, group "" when not split."""
    years = column(ctx, "year")
    if not by:
        return Counter({(y, ""): n for y, n in Counter(map(years.get, docs)).items()})
    return Counter(zip(map(years.get, docs), map(column(ctx, by).get, docs), strict=True))


def parts_of(ctx, docnum: int) -> set[int]:
    """Indices into PARTS of the required parts that have text in the report."""
    return partmap.parts(ctx.partmap(docnum))


def coverage_columns(ctx) -> CoverageColumns:
    """What the coverage matrix shows of each report, cached for the index generation."""
    return once(ctx.table, "coverage", lambda: _build_coverage(ctx))


def _build_coverage(ctx) -> CoverageColumns:
    recs = ctx.table.records
    return CoverageColumns(
        records=recs,
        agency={d: r.get("agency") or UNKNOWN_AGENCY for d, r in recs.items()},
        region={d: r.get("region", "") for d, r in recs.items()},
        level={d: r.get("level", "") for d, r in recs.items()},
        year=column(ctx, "year"),
        lacks=column(ctx, "lacks"),
    )
