"""Every error becomes a page or a JSON object with the right status, never a traceback.

Bad user input is expected and answered with 400/404 and a message; only a bug
reaches the catch-all, which logs it and shows a friendly 500.
"""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

import search

from .messages import chinese_message
from .params import ParamError, lenient_params

_HTTP_MESSAGES = {
    400: "请求有误。",
    404: "没有这个页面。",
    405: "不支持这种请求方式。",
}
# Pages that show a query error next to their own form.
_QUERY_PAGES = {
    "pages.compare": "compare.html",
    "pages.embed": "embed.html",
    "concordance.page": "concordance.html",
    "browse.reports": "reports.html",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


# Stable codes of the errors that are not the query's (those carry their own).
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}


def json_error(message: str, status: int, code: str = "error"):
    response = jsonify({"ok": False, "error": message, "status": status, "code": code})
    response.status_code = status
    return response


def _page_error(title: str, message: str, status: int):
    return render_template("error.html", title=title, message=message, status=status), status


def query_error(exc: search.SearchError):
    if _wants_json():
        return json_error(str(exc), 400, getattr(exc, "code", "bad_query"))
    message = chinese_message(exc)
    template = _QUERY_PAGES.get(request.endpoint or "", "search.html")
    return (
        render_template(
            template,
            params=lenient_params(request.args),
            error=message,
            result=None,
            rows=None,
            embed=template == "embed.html",
        ),
        400,
    )


def not_found(exc: search.DocumentNotFoundError):
    message = "没有这份报告：编号不存在，或它已从索引中删除。"
    if _wants_json():
        return json_error(str(exc), 404, "report_not_found")
    return _page_error("找不到报告", message, 404)


def no_index(exc: search.IndexNotFoundError):
    current_app.logger.error("index not available: %s", exc)
    message = "检索索引尚未建立或无法打开，请先运行 python -m search index 建立索引。"
    if _wants_json():
        return json_error("the search index is not available", 503, "index_unavailable")
    return _page_error("索引不可用", message, 503)


def timed_out(exc: search.QueryTimeoutError):
    current_app.logger.warning("timed out: %s %s", request.method, request.full_path)
    if _wants_json():
        response = jsonify({"ok": False, "error": str(exc), "status": 503, "code": "timeout"})
        response.status_code = 503
        return response
    message = (
        f"查询超时：这一查询在 {exc.seconds:g} 秒内没有完成。"
        "请换一个更长的短语，或加上机构、年份等筛选条件后再试。"
    )
    return _page_error("查询超时", message, 503)


def http_error(exc: HTTPException):
    status = exc.code or 500
    if _wants_json():
        return json_error(
            exc.description or exc.name, status, _HTTP_CODES.get(status, "http_error")
        )
    return _page_error(exc.name, _HTTP_MESSAGES.get(status, "请求无法完成。"), status)


def unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return http_error(exc)
    current_app.logger.error(
        "unexpected error on %s %s", request.method, request.path, exc_info=exc
    )
    if _wants_json():
        return json_error("internal error", 500, "internal_error")
    return _page_error("出错了", "服务器内部出错，已记录。请稍后再试，或换一个查询。", 500)


def init_app(app: Flask) -> None:
    app.register_error_handler(search.QueryError, query_error)
    app.register_error_handler(ParamError, query_error)
    app.register_error_handler(search.DocumentNotFoundError, not_found)
    app.register_error_handler(search.IndexNotFoundError, no_index)
    app.register_error_handler(search.QueryTimeoutError, timed_out)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
