"""Trend and map pages over any query: /trend (per year, optionally per level or
province), /map (tile-grid map of the share per province), each with its numbers as a
table, a CSV and the SVG as a file; plus the small trend chart on the results page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

import search

from .charts import map_svg, pct, trend_svg
from .engine import get_index
from .params import ParamError, Params, read_params

bp = Blueprint("trends", __name__)
BY_LABELS = {"": "按年度", "level": "按层级", "province": "按省份"}


def read_scope(args: Mapping[str, str], api: bool = False) -> tuple[Params, str, str]:
    """The search parameters plus ``by`` (level / province) and ``level``."""
    params = read_params(args, api=api, per_page=int(current_app.config["SEARCH_PAGE_SIZE"]))
    by, level = (args.get("by") or "").strip(), (args.get("level") or "").strip()
    if by not in search.GROUPINGS:
        raise ParamError("分组方式（by）只能是 level（层级）或 province（省份）")
    if level and level not in search.LEVELS:
        raise ParamError(f"层级（level）只能是 {' / '.join(search.LEVELS)}")
    return params, by, level


def scope_args(params: Params, by: str = "", level: str = "", **changes: object) -> dict:
    """URL arguments of this view (search parameters, by, level) with ``changes``."""
    return params.args(sort=None, by=by, level=level, **changes)


def _trend(params: Params, by: str, level: str) -> search.Trend:
    return get_index().trend(params.q, by=by, level=level, **params.filters)


def _province_map(params: Params, level: str) -> search.ProvinceMap:
    return get_index().province_map(params.q, level=level, **params.filters)


# The results page has no level filter: a bar or tile narrows the search by year or region.
def _year_link(params: Params):
    return lambda year: url_for("pages.search", **scope_args(params, year=year))


def _region_link(params: Params):
    return lambda region: url_for("pages.search", **scope_args(params, region=region))


@bp.app_context_processor
def _chart_helpers() -> dict:
    return {
        "results_trend": results_trend,
        "pct": pct,
        "scope_args": scope_args,
        "LEVELS": search.LEVELS,
        "by_labels": BY_LABELS,
    }


def results_trend(params: Params) -> Markup:
    """The results page's chart: each year's share of matching reports, bars linked to
    the year.  Cheap: the query's postings are in the index's cache by then."""
    trend = _trend(params, "", "")
    if not trend.years:
        return Markup("")
    return trend_svg(trend, link=_year_link(params), width=560, height=230)


@bp.get("/trend")
def trend_page() -> str:
    params, by, level = read_scope(request.args)
    trend = _trend(params, by, level)
    return render_template(
        "trend.html",
        params=params,
        by=by,
        level=level,
        trend=trend,
        chart=trend_svg(trend, link=None if by else _year_link(params)),
        by_labels=BY_LABELS,
        error=None,
    )


@bp.get("/trend.csv")
def trend_csv() -> Response:
    params, by, level = read_scope(request.args)
    return _download(search.trend_csv(_trend(params, by, level)), "fazhi-trend.csv", "text/csv")


@bp.get("/trend.svg")
def trend_file() -> Response:
    params, by, level = read_scope(request.args)
    svg = trend_svg(_trend(params, by, level))
    return _download([svg], "fazhi-trend.svg", "image/svg+xml")


@bp.get("/api/trend")
def api_trend() -> Response:
    params, by, level = read_scope(request.args, api=True)
    return jsonify(_trend(params, by, level).to_json())


@bp.get("/map")
def map_page() -> str:
    params, _, level = read_scope(request.args)
    pmap = _province_map(params, level)
    rows = [p for p in [*pmap.provinces, pmap.unknown] if p.reports]
    return render_template(
        "map.html",
        params=params,
        level=level,
        pmap=pmap,
        rows=sorted(rows, key=lambda p: (-(p.share or 0), -p.reports)),
        chart=map_svg(pmap, link=_region_link(params)),
        error=None,
    )


@bp.get("/map.csv")
def map_csv() -> Response:
    params, _, level = read_scope(request.args)
    body = search.province_csv(_province_map(params, level))
    return _download(body, "fazhi-provinces.csv", "text/csv")


@bp.get("/map.svg")
def map_file() -> Response:
    params, _, level = read_scope(request.args)
    return _download([map_svg(_province_map(params, level))], "fazhi-map.svg", "image/svg+xml")


def _download(chunks: Iterable[str], name: str, mimetype: str) -> Response:
    body = "".join(chunks)
    if mimetype == "image/svg+xml":
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
