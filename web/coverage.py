"""/coverage: agencies × years, the parts each report lacks, and for a query the count
"X of Y agencies" and the agencies that do not contain it (the absence list)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

import search

from .engine import get_index
from .trends import _download, read_scope

bp = Blueprint("coverage", __name__)
ROWS_PER_PAGE = 200  # agencies per page; the CSV has them all


def _coverage(params, level: str) -> search.Coverage:
    return get_index().coverage(params.q, level=level, **params.filters)


@bp.get("/coverage")
def coverage_page() -> str:
    params, _, level = read_scope(request.args)
    cov = _coverage(params, level)
    start = (params.page - 1) * ROWS_PER_PAGE
    return render_template(
        "coverage.html",
        params=params,
        level=level,
        cov=cov,
        rows=cov.rows[start : start + ROWS_PER_PAGE],
        pages=max(1, -(-len(cov.rows) // ROWS_PER_PAGE)),
        absent=cov.absent,
        error=None,
    )


@bp.get("/coverage.csv")
def coverage_csv() -> Response:
    params, _, level = read_scope(request.args)
    cov = _coverage(params, level)
    if request.args.get("form") == "absent":
        return _download(search.absence_csv(cov), "fazhi-absent.csv", "text/csv")
    return _download(search.coverage_csv(cov), "fazhi-coverage.csv", "text/csv")


@bp.get("/api/coverage")
def api_coverage() -> Response:
    params, _, level = read_scope(request.args, api=True)
    return jsonify(_coverage(params, level).to_json())
