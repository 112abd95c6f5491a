"""The indicator table: /indicators (one row per report, one column per indicator),
its CSV (wide and long form) and /api/indicators."""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

import search

from .engine import get_index
from .pages import facet_groups
from .params import read_params

bp = Blueprint("indicators", __name__)

# A phrase query may not hold a quote: the link cuts the sentence at the nearest ones.
_QUOTES = re.compile(r"[\"“”]")
_LINK_CONTEXT = 24


def _rows(params) -> list[search.IndicatorRow]:
    return get_index().indicator_rows(params.q, **params.filters)


def cell_link(row: search.IndicatorRow) -> str:
    """The report page with the value's sentence marked (a phrase query around the number)."""
    at = row.sentence.find(row.text)
    if at < 0:
        return url_for("pages.doc", doc_id=row.id)
    lo, hi = max(0, at - _LINK_CONTEXT), at + len(row.text) + _LINK_CONTEXT
    before = _QUOTES.split(row.sentence[lo:at])[-1]
    after = _QUOTES.split(row.sentence[at + len(row.text) : hi])[0]
    phrase = (before + row.text + after).strip()
    return url_for("pages.doc", doc_id=row.id, q=f'"{phrase}"') + "#m1"


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
        cell_link=cell_link,
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
    return current_app.response_class(body + "\n", mimetype=current_app.json.mimetype)
