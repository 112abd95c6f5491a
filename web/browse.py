"""Browsing the collection without a query (/reports): what is indexed and what is missing."""

from __future__ import annotations

from flask import Blueprint, render_template, request

import search

from .engine import get_index
from .params import _CONTROL, ParamError, Params

bp = Blueprint("browse", __name__)

PER_PAGE = 50
SORT_LABELS = {"agency": "机构", "year": "年份", "region": "地区", "title": "标题"}
# The parts as a narrow column names them; the full name is the title.
PART_SHORT = {
    "主要举措和成效": "举措",
    "存在的不足和原因": "不足",
    "第一责任人职责": "第一责任人",
    "下一年度工作安排": "下一年度",
}
# The fields' names from the registry (search/fields.py), and the one filter that is no field.
FILTER_LABELS = {
    name: {**search.field_labels(), "missing": "缺少部分"}[name] for name in search.BROWSE_FILTERS
}


def read_browse_params() -> Params:
    filters = {}
    for name in (*search.BROWSE_FILTERS, "sort", "page"):
        value = request.args.get(name) or ""
        if _CONTROL.search(value):
            raise ParamError(f"参数 {name} 含有控制字符（如 NUL），请删除后重试")
        if len(value) > search.MAX_QUERY_LENGTH:
            raise ParamError(f"参数 {name} 过长：最多 {search.MAX_QUERY_LENGTH} 个字符")
    for name in search.BROWSE_FILTERS:
        value = (request.args.get(name) or "").strip()
        if value:
            filters[name] = value
    sort = request.args.get("sort") or "agency"
    if sort not in SORT_LABELS:
        raise ParamError(
            "排序方式只能是 " + "、".join(f"{k}（{v}）" for k, v in SORT_LABELS.items())
        )
    page = (request.args.get("page") or "1").strip()
    if not (page.isascii() and page.isdigit()) or len(page) > 9 or int(page) < 1:
        raise ParamError("页码（page）必须是从 1 开始的整数")
    return Params(filters=filters, sort=sort, page=int(page), per_page=PER_PAGE)


def facet_groups(facets: dict[str, dict[str, int]], params: Params):
    """(name, label, [(value, count, active)]) per facet, as the search's sidebar takes them."""
    groups = []
    for name in search.BROWSE_FILTERS:
        items = [
            (value, count, params.filters.get(name) == value)
            for value, count in (facets.get(name) or {}).items()
        ]
        if name == "year":
            # Newest first, the unknown year last.
            items.sort(key=lambda it: (not it[0].isdigit(), -int(it[0]) if it[0].isdigit() else 0))
        groups.append((name, FILTER_LABELS[name], items))
    return groups


@bp.app_context_processor
def _template_globals() -> dict:
    return {
        "BROWSE_SORTS": SORT_LABELS,
        "REQUIRED_PARTS": search.REQUIRED_PARTS,
        "PART_SHORT": PART_SHORT,
    }


@bp.get("/reports", endpoint="reports")
def reports() -> str:
    params = read_browse_params()
    result = get_index().reports(
        sort=params.sort, page=params.page, per_page=PER_PAGE, **params.filters
    )
    return render_template(
        "reports.html",
        params=params,
        result=result,
        error=None,
        facet_groups=facet_groups(result.facets, params),
        facet_endpoint="browse.reports",
        FACET_LABELS=FILTER_LABELS,
    )
