"""The reports a trend, map or coverage matrix is about, and which of them match.

The scope is what the filters other than ``section`` select (agency, region, year, and
the level, which the query language has no field for); the matches are the reports of
the scope the query (with ``section``) finds.  A share is matches / scope, so a region
filter makes the share one of that region's reports, not of all reports.
"""

from __future__ import annotations

from .document import decode_part_map
from .trends import check_scope

SCOPE_FILTERS = ("agency", "region", "year")


def in_scope(index, query: str, level: str, filters: dict) -> tuple[object, list[int], set | None]:
    """(context, docnums in scope in index order, matching docnums or None without a query).

    ``index`` is a SearchIndex whose lock the caller holds.
    """
    check_scope("", level)
    ctx, _ = index._context()
    scope = {k: v for k, v in filters.items() if k in SCOPE_FILTERS and v not in (None, "")}
    docs = set(index._match("", scope)[2]) if scope else set(ctx.table.live)
    if level:
        recs = ctx.table.records
        docs = {d for d in docs if recs[d].get("level") == level}
    matched = None
    if (query and query.strip()) or filters.get("section"):
        matched = index._match(query, filters)[2] & docs
    return ctx, sorted(docs), matched


def parts_of(ctx, docnum: int) -> set[int]:
    """Indices into PARTS of the required parts that have text in the report."""
    data = ctx.partmap(docnum)
    return {p for _, p in decode_part_map(data)} if data else set()
