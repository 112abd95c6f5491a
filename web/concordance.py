"""The concordance (语境): every matching sentence on one page, and its CSV export."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, render_template, request, stream_with_context

import search

from .engine import get_index
from .params import ParamError, Params, read_params

bp = Blueprint("concordance", __name__)

SORT_LABELS = {
    "agency": "机构",
    "year": "年份",
    "part": "报告部分",
    "left": "前文",
    "right": "后文",
}
PER_PAGE = 100


@bp.app_context_processor
def _template_globals() -> dict:
    return {"CONCORDANCE_SORTS": SORT_LABELS}


def read_concordance_params() -> Params:
    """The search's parameters, with the concordance's own ``sort`` (agency by default)."""
    args = {k: v for k, v in request.args.items() if k != "sort"}
    params = read_params(args, per_page=PER_PAGE)
    sort = request.args.get("sort") or "agency"
    if sort not in SORT_LABELS:
        raise ParamError(
            "语境的排序方式只能是 "
            + "、".join(f"{key}（{label}）" for key, label in SORT_LABELS.items())
        )
    return replace(params, sort=sort)


@bp.get("/concordance", endpoint="page")
def concordance_page() -> str:
    params = read_concordance_params()
    result = None
    if not params.empty:
        result = get_index().concordance(
            params.q, sort=params.sort, page=params.page, per_page=PER_PAGE, **params.filters
        )
    return render_template("concordance.html", params=params, result=result, error=None)


@bp.get("/concordance.csv", endpoint="csv")
def concordance_csv() -> Response:
    params = read_concordance_params()
    if params.empty:
        raise ParamError('导出需要一个查询，例如 q="法治建设"')
    result = get_index().concordance(params.q, sort=params.sort, per_page=0, **params.filters)
    rows = (line.citation(result.query_text) for line in result.lines)
    response = Response(stream_with_context(search.csv_lines(rows)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="fazhi-concordance.csv"'
    return response
