"""Which reports a planned query selects, and the results page's orders.

Shared by the results page (search/searcher.py) and the citation export
(search/export.py), which lists its rows in the page's order.
"""

from __future__ import annotations

from .filters import having_part
from .matching import Context, evaluate

SORTS = ("relevance", "date")


def matching_docs(ctx: Context, rest, part: str | None) -> set[int]:
    """The docnums matching the query ``rest`` with matches in ``part``."""
    if not ctx.table.live:
        # An index created but never committed to (a crash before the first
        # commit, a mistyped --index): an answer of 0 reports, not a crash.
        return set()
    docs = evaluate(ctx, rest) if rest is not None else set(ctx.table.live)
    if part is not None:
        # With no term matched inside the part (filters, NOT), the report must
        # at least have the part.
        docs = having_part(ctx, docs, part)
    return docs


def by_date(docs, recs: dict) -> list[int]:
    """Newest first, as the results page sorts by date (undated reports with their year)."""
    return sorted(docs, key=lambda d: (*_when(recs[d]), -d), reverse=True)


def _when(record: dict) -> tuple[int, str]:
    """The date sort key: the year covered, then the date, so an undated report
    sorts with its year (after that year's dated ones) and a 2021 report issued
    in 2022 stays among the 2021 reports."""
    date = record.get("date") or ""
    year = record.get("year") or (int(date[:4]) if date[:4].isdigit() else 0)
    return year, date
