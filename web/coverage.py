"""/coverage: agencies × years, the parts each report lacks, and for a query the count
"X of Y agencies" and the agencies that do not contain it (the absence list)."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape

import search

from .engine import get_index
from .params import ParamError, _whole
from .trends import _download, read_scope

bp = Blueprint("coverage", __name__)
ABSENT_SHOWN = 500  # agencies of the absence list on the page; the CSV has them all
MAX_API_PER_PAGE = 1000
_PLAIN_ID = re.compile(r"[0-9A-Za-z]+")  # ids urlencode leaves as they are


def _coverage(params, level: str, **paging) -> search.Coverage:
    return get_index().coverage(params.q, level=level, **paging, **params.filters)


@bp.get("/coverage")
def coverage_page() -> str:
    params, _, level = read_scope(request.args)
    # Only the page's agencies are built: the whole matrix of 30,000 reports is not
    # (README, Trends, map and coverage: the 300 ms target).
    cov = _coverage(
        params,
        level,
        page=params.page,
        per_page=int(current_app.config["SEARCH_COVERAGE_PAGE_SIZE"]),
        absent_limit=ABSENT_SHOWN,
    )
    return render_template(
        "coverage.html",
        params=params,
        level=level,
        cov=cov,
        rows=cov.rows,
        pages=cov.pages,
        absent=cov.absent,
        error=None,
    )


def report_cell(doc_url: str) -> Callable[[search.CoverageReport], Markup]:
    """A report's cell: its link (``doc_url`` with its id for DOCID), ✔ when it matches,
    the parts it lacks.  A page shows up to thousands; as a Jinja macro each cost a
    macro call (profile at 1,000 reports: most of the page's time)."""

    def cell(x: search.CoverageReport) -> Markup:
        rid = x.id if _PLAIN_ID.fullmatch(x.id) else do_urlencode(x.id)
        mark = " contains" if x.contains else (" lacks-query" if x.contains is False else "")
        out = (
            f'<a class="rep{mark}" href="{escape(doc_url.replace("DOCID", rid, 1))}"'
            f' title="{escape(x.title)}">{"✔ " if x.contains else ""}报告</a>'
        )
        if x.lacks:
            out += f'<span class="lacks">缺：{escape("、".join(x.lacks))}</span>'
        return Markup(out)

    return cell


def report_years(doc_plain: str) -> Callable[[search.CoverageRow], Markup]:
    """An absent agency's reports, each a link reading its year (up to 500 agencies
    and all their reports on a page: no Jinja loop and filters per report)."""

    def links(row: search.CoverageRow) -> Markup:
        out = []
        for x in row.all_reports:
            rid = x.id if _PLAIN_ID.fullmatch(x.id) else do_urlencode(x.id)
            href = escape(doc_plain.replace("DOCID", rid, 1))
            out.append(f' <a href="{href}">{escape(x.year or "年份不详")}</a>')
        return Markup("".join(out))

    return links


@bp.app_context_processor
def _coverage_helpers() -> dict:
    # Also for the error page (web/errors.py renders coverage.html with a message).
    return {"coverage_cell": report_cell, "coverage_years": report_years}


@bp.get("/coverage.csv")
def coverage_csv() -> Response:
    params, _, level = read_scope(request.args)
    cov = _coverage(params, level)
    if request.args.get("form") == "absent":
        return _download(search.absence_csv(cov), "fazhi-absent.csv", "text/csv")
    return _download(search.coverage_csv(cov), "fazhi-coverage.csv", "text/csv")


@bp.get("/api/coverage")
def api_coverage() -> Response:
    """Every agency, or with ``page`` (and ``per_page``, default 200) one page of them."""
    args = request.args
    params, _, level = read_scope(args)  # per_page is this route's own, not the hits'
    paging = {}
    if args.get("page") or args.get("per_page"):
        per_page = _whole(args.get("per_page"), "per_page", 200, "每页机构数")
        if per_page > MAX_API_PER_PAGE:
            raise ParamError(f"per_page（每页机构数）最多为 {MAX_API_PER_PAGE}", "bad_per_page")
        paging = {"page": params.page, "per_page": per_page}
    if current_app.debug or current_app.json.compact is False:  # indented: the slow way
        return jsonify(_coverage(params, level, **paging).to_json())
    # Each report's JSON encoded once per index generation (search/coverage_pages.py):
    # the text jsonify writes with the app's settings, without an object per report.
    body = get_index().coverage_json(params.q, level=level, **paging, **params.filters)
    return current_app.response_class(body + "\n", mimetype=current_app.json.mimetype)
