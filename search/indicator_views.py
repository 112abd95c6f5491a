"""The indicator table and API at scale: per-generation columns of the values stored at
index time, so a request costs a pass over docnums, not objects per value.

At 1,000 synthetic reports (4,700 values) /indicators rendered every report (480 ms, a
``url_for`` per value) and /api/indicators made an object, a dict and a JSON encoding per
value each time (120 ms): both grow with the collection.  Here the reports with values
are put in the rows' order once per index generation; a request keeps those in its
selection (one set lookup each), counts facets in C, builds objects for one page only,
and the API joins each report's rows encoded once (README, Trends, map and coverage).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .generation_cache import once
from .indicator_rows import LONG_FIELDS, IndicatorRow, ReportIndicators, wide_table
from .indicators import extract_indicators

# Built once per DocTable (search.generation_cache); a new generation (or overlay)
# brings a new table.
_HEAD = LONG_FIELDS[:6]  # the report's fields of a row; the rest are the value's


def encode(obj: object) -> str:
    """JSON as the web API writes it (compact, characters as they are, keys in order)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class IndicatorColumns:
    """The reports with values, in the rows' order (agency, year, id), and their values."""

    order: list[int]  # docnums
    head: dict[int, tuple]  # docnum -> (id, agency, region, level, year, title)
    values: dict[int, list[dict]]  # docnum -> its values in text order (by start)
    _json: dict[int, bytes] = field(default_factory=dict)

    def rows(self, d: int) -> list[IndicatorRow]:
        head = self.head[d]
        return [IndicatorRow(*head, *(v[k] for k in LONG_FIELDS[6:])) for v in self.values[d]]

    def json(self, d: int) -> bytes:
        """The report's rows as the API's JSON objects, comma-joined, in UTF-8; encoded
        once (at 30,000 reports the answer is tens of MB: joining bytes is a copy)."""
        got = self._json.get(d)
        if got is None:
            head = dict(zip(_HEAD, self.head[d], strict=True))
            got = self._json[d] = ",".join(
                encode({**head, **{k: v[k] for k in LONG_FIELDS[6:]}}) for v in self.values[d]
            ).encode("utf-8")
        return got

    def select(self, docs: set[int] | None) -> list[int]:
        """The reports of ``docs`` (None: all) that have values, in the rows' order."""
        return list(self.order) if docs is None else [d for d in self.order if d in docs]


def indicator_columns(table, text_of: Callable[[int], str]) -> IndicatorColumns:
    """The columns of a DocTable, built once; ``text_of(d)`` gives a report's stored text
    when its values were not stored at index time (an index built before they were)."""
    return once(table, "indicators", lambda: _build(table, text_of))


def _build(table, text_of: Callable[[int], str]) -> IndicatorColumns:
    head, values = {}, {}
    for d, r in table.records.items():
        vals = r.get("indicators")
        if vals is None:
            vals = [v.to_json() for v in extract_indicators(text_of(d))]
        if vals:
            head[d] = (
                r["id"],
                r.get("agency", ""),
                r.get("region", ""),
                r.get("level", ""),
                r.get("year"),
                r.get("title", ""),
            )
            values[d] = sorted(vals, key=lambda v: v["start"])  # stable: ties keep order
    order = sorted(head, key=lambda d: (head[d][1], head[d][4] or 0, head[d][0]))
    return IndicatorColumns(order, head, values)


@dataclass
class IndicatorTable:
    """One page of the wide table (one report a row) and counts over all its reports."""

    reports: list[ReportIndicators]  # this page's
    report_count: int  # reports with a value in the selection
    value_count: int
    facets: dict[str, dict[str, int]]  # agency / year / region -> value -> reports, most first
    page: int = 1
    pages: int = 1
    per_page: int | None = None  # None: every report on one page


def build_table(
    cols: IndicatorColumns, docs: set[int] | None, page: int | None, per_page: int
) -> IndicatorTable:
    """Page ``page`` (from 1, past the last: the last; None: all) of the reports of ``docs``."""
    order = cols.select(docs)
    head = cols.head
    facets = {
        # Counted in the rows' order: ties keep the order the old table showed them in.
        "agency": Counter(head[d][1] for d in order),
        "year": Counter(str(head[d][4] or "") for d in order),
        "region": Counter(head[d][2] for d in order),
    }
    if page is None:
        first, last, pages, paged = 0, len(order), 1, None
        page = 1
    else:
        pages = max(1, -(-len(order) // per_page))
        page = min(max(page, 1), pages)
        first, last, paged = (page - 1) * per_page, page * per_page, per_page
    shown = [row for d in order[first:last] for row in cols.rows(d)]
    return IndicatorTable(
        reports=wide_table(shown),
        report_count=len(order),
        value_count=sum(len(cols.values[d]) for d in order),
        facets={name: dict(c.most_common()) for name, c in facets.items()},
        page=page,
        pages=pages,
        per_page=paged,
    )


def rows_json(cols: IndicatorColumns, docs: set[int] | None) -> bytes:
    """``{"rows": [...]}`` of every value of ``docs`` in UTF-8, the API's answer, from
    the reports' JSON encoded once (the same text as encoding the rows' to_json())."""
    return b'{"rows":[' + b",".join(map(cols.json, cols.select(docs))) + b"]}"
