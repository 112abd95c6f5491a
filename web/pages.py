"""Server-rendered pages: search, compare across agencies, a report, embed, CSV export."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import PurePath

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    send_file,
)

import search

from . import advanced
from . import reuse as reuse_view
from .display import doc_blocks, doc_toc
from .engine import get_index
from .params import SORTS, ParamError, Params, read_params

bp = Blueprint("pages", __name__)

# Where a metadata field was read (search.META_SOURCES), as the report page names it.
SOURCE_LABELS = {
    "title": "标题",
    "header": "文头",
    "info_table": "信息表",
    "opening": "开头",
    "signature": "落款",
    "manifest": "清单",
    "path": "文件名",
}


@bp.app_context_processor
def _template_globals() -> dict:
    return {
        "FILTERS": search.option_fields(),
        "FACET_LABELS": search.field_labels(),
        "SORTS": SORTS,
        "PARTS": search.PARTS,
        "SOURCE_LABELS": SOURCE_LABELS,
        "embed": False,
    }


@bp.app_template_filter("basename")
def _basename(path: str) -> str:
    return PurePath(path.replace("\\", "/")).name if path else ""


@bp.get("/")
def index() -> str:
    stats = get_index().stats()
    return render_template("index.html", params=Params(), stats=stats)


@bp.get("/search", endpoint="search")
def search_page() -> str:
    params = _params()
    if params.empty:
        return index()
    result = _search(params)
    return render_template(
        "search.html",
        params=params,
        result=result,
        hidden=reuse_view.hide_templates(result) if params.hide else {},
        error=None,
        facet_groups=facet_groups(result.facets, params),
        clauses=advanced.clause_chips(params),
    )


@bp.get("/embed")
def embed() -> str:
    params = _params()
    result = None if params.empty else _search(params)
    return render_template("embed.html", params=params, result=result, error=None, embed=True)


@bp.get("/compare")
def compare() -> str:
    params = _params()
    rows = None
    if not params.empty:
        rows = get_index().compare(params.q, **params.filters)
    return render_template("compare.html", params=params, rows=rows, error=None)


@bp.get("/doc/<doc_id>")
def doc(doc_id: str) -> str:
    params = _params()
    view = get_index().document(doc_id, params.q)
    reuse = reuse_view.reuse_for_page(view)
    blocks = reuse_view.underline(doc_blocks(view), view, reuse, reuse_view.read_range("at"))
    return render_template(
        "doc.html",
        params=params,
        doc=view,
        blocks=blocks,
        reuse=reuse_view.bar(reuse) if reuse else None,
        toc=doc_toc(view),
        file_ok=_original(view.id) is not None,
    )


@bp.get("/doc/<doc_id>/file")
def doc_file(doc_id: str):
    """The file the report was indexed from, as a download; only ever that file."""
    try:
        original = get_index().original_file(doc_id)
        return send_file(original.path, as_attachment=True, download_name=original.name, max_age=0)
    except (search.FileGoneError, OSError):  # OSError: gone between the check and the open
        message = "这份报告的原文件已不在索引时的位置，或索引之后已被修改；请重新索引后再下载。"
        return render_template("error.html", title="原文件不可用", message=message, status=404), 404


def _original(doc_id: str) -> search.OriginalFile | None:
    try:
        return get_index().original_file(doc_id)
    except search.FileGoneError:
        return None


@bp.get("/export.csv")
def export_csv() -> Response:
    return _export("csv")


@bp.get("/export.jsonl")
def export_jsonl() -> Response:
    """The same rows as /export.csv, one JSON object a line (``search --format jsonl``)."""
    return _export("jsonl")


# Each format's writer (search/formats.py, as the CLI's --format uses them) and headers.
_EXPORTS = {
    "csv": (search.csv_chunks, "text/csv; charset=utf-8", "fazhi-matches.csv"),
    "jsonl": (search.jsonl_chunks, "application/jsonl; charset=utf-8", "fazhi-matches.jsonl"),
}


def _export(fmt: str) -> Response:
    params = _params()
    if params.empty:
        raise ParamError('导出需要一个查询或筛选条件，例如 q="法治建设"')
    # A bad query raises here, a 400 before streaming starts; the rows are made
    # as the client reads them, and stop when it goes away (waitress closes
    # the body, which closes the rows).
    rows = get_index().export_rows(params.q, sort=params.sort, **params.filters)
    rows = _noting_a_stop(rows, current_app.logger, request.path)
    write, content_type, name = _EXPORTS[fmt]
    response = Response(write(rows, search.query_text(params.q, params.filters)))
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/healthz")
def healthz() -> Response:
    try:
        len(get_index())
    except search.SearchError:
        return Response("index not available", status=503, mimetype="text/plain")
    return Response("ok", mimetype="text/plain")


def facet_groups(
    facets: dict[str, dict[str, int]], params: Params
) -> list[tuple[str, str, list[tuple[str, int, bool]]]]:
    """(name, label, [(value, count, active)]) per facet, years newest first."""
    groups = []
    labels = search.field_labels()
    for name in search.facet_fields():
        items = [
            (str(value), count, params.filters.get(name) == str(value))
            for value, count in (facets.get(name) or {}).items()
            # A report whose agency or region is unknown cannot be filtered by "".
            if str(value).strip()
        ]
        if name == "year":
            items.sort(key=lambda item: item[0], reverse=True)
        groups.append((name, labels[name], items))
    return groups


def _noting_a_stop(
    rows: Iterator[search.MatchRow], logger: logging.Logger, path: str = "/export.csv"
) -> Iterator[search.MatchRow]:
    """``rows``, logging when the client went away before the last one (the work stops)."""
    n, finished = 0, False
    try:
        for row in rows:
            n += 1
            yield row
        finished = True
    finally:
        rows.close()
        if not finished:
            logger.info("%s stopped after %d rows: the client went away", path, n)


def _params() -> Params:
    return read_params(request.args, per_page=int(current_app.config["SEARCH_PAGE_SIZE"]))


def _search(params: Params) -> search.SearchResult:
    return get_index().search(
        params.q, sort=params.sort, page=params.page, per_page=params.per_page, **params.filters
    )
