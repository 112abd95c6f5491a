"""The indicator table: /indicators (one row per report, one column per indicator),
its CSV (wide and long form) and /api/indicators."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

import search

from .engine import get_index
from .pages import facet_groups
from .params import read_params

bp = Blueprint("indicators", __name__)

# A phrase query may not hold a quote: the link cuts the sentence at the nearest ones.
_QUOTES = re.compile(r"[\"“”]")
_LINK_CONTEXT = 24
_PLACEHOLDER = "DOCID0"
_PLAIN_ID = re.compile(r"[0-9A-Za-z]+")
_QUERY_SAFE = "!$'()*,/:;?@"  # werkzeug.urls._urlencode's: url_for's query strings


def _rows(params) -> list[search.IndicatorRow]:
    return get_index().indicator_rows(params.q, **params.filters)


def _phrase(row: search.IndicatorRow) -> str | None:
    """The phrase query around the number (None: the number is not in its sentence)."""
    at = row.sentence.find(row.text)
    if at < 0:
        return None
    lo, hi = max(0, at - _LINK_CONTEXT), at + len(row.text) + _LINK_CONTEXT
    before = _QUOTES.split(row.sentence[lo:at])[-1]
    after = _QUOTES.split(row.sentence[at + len(row.text) : hi])[0]
    return f'"{(before + row.text + after).strip()}"'


def cell_link(row: search.IndicatorRow) -> str:
    """The report page with the value's sentence marked (a phrase query around the number)."""
    phrase = _phrase(row)
    if phrase is None:
        return url_for("pages.doc", doc_id=row.id)
    return url_for("pages.doc", doc_id=row.id, q=phrase) + "#m1"


def cell_linker() -> Callable[[search.IndicatorRow], str]:
    """``cell_link`` with one ``url_for`` a page, not one a value (a page has hundreds):
    the report's id goes in the route's path and the query string is encoded as
    werkzeug encodes it (tests/test_views_scale.py compares the two on every value)."""
    base = url_for("pages.doc", doc_id=_PLACEHOLDER)
    head, _, tail = base.partition(_PLACEHOLDER)

    def link(row: search.IndicatorRow) -> str:
        if not _PLAIN_ID.fullmatch(row.id):  # an id the path would have to quote
            return cell_link(row)
        phrase = _phrase(row)
        path = head + row.id + tail
        if phrase is None:
            return path
        return f"{path}?{urlencode({'q': phrase}, safe=_QUERY_SAFE)}#m1"

    return link


@bp.get("/indicators")
def indicators_page() -> str:
    params = read_params(request.args, per_page=int(current_app.config["SEARCH_PAGE_SIZE"]))
    # One page of reports is built and rendered: every report of 30,000 is not
    # (README, Trends, map and coverage: the 300 ms target); counts and facets are all's.
    table = get_index().indicator_table(
        params.q,
        page=params.page,
        per_page=int(current_app.config["SEARCH_INDICATORS_PAGE_SIZE"]),
        **params.filters,
    )
    return render_template(
        "indicators.html",
        params=params,
        names=search.indicator_names(),
        units=search.indicator_units(),
        table=table,
        reports=table.reports,
        values=table.value_count,
        cell_link=cell_linker(),
        groups=facet_groups(table.facets, params),
    )


@bp.get("/indicators.csv")
def indicators_csv() -> Response:
    params = read_params(request.args)
    rows = _rows(params)
    long_form = request.args.get("form") == "long"
    body = "".join(search.long_csv(rows) if long_form else search.wide_csv(rows))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = "fazhi-indicator-values.csv" if long_form else "fazhi-indicators.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/api/indicators")
def api_indicators() -> Response:
    params = read_params(request.args, api=True)
    if current_app.debug or current_app.json.compact is False:  # indented: the slow way
        return jsonify({"rows": [r.to_json() for r in _rows(params)]})
    # The rows' JSON encoded once per report (search/indicator_views.py): the same
    # text jsonify writes with the app's settings (compact, ensure_ascii off, keys in order).
    body = get_index().indicator_json(params.q, **params.filters)
    return current_app.response_class(body + b"\n", mimetype=current_app.json.mimetype)
