"""高级检索 (a form that writes the query) and 在结果中检索 (search within results).

Both only write a query string and send the browser to /search with it, so
what they find is exactly what typing that string finds; no JavaScript needed.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

import search

from .engine import get_index
from .messages import chinese_message
from .params import Params, lenient_params, read_params

bp = Blueprint("advanced", __name__)

# Arguments of the results page the form passes on (everything else it writes into q).
_KEPT = ("sort", "hide")


@bp.get("/advanced")
def form_page() -> Response | tuple[str, int] | str:
    args = request.args
    if "go" not in args and "preview" not in args:
        return _prefilled()
    form = search.AdvancedQuery.from_args(args)
    try:
        query = search.build_query(form)
    except search.QueryError as exc:
        return _render(form, error=chinese_message(exc)), 400
    if "preview" in args:
        return _render(form, written=query)
    kept = {k: args[k] for k in _KEPT if args.get(k)}
    return redirect(url_for("pages.search", q=query, **kept), code=303)


def _prefilled() -> tuple[str, int] | str:
    """The form that writes the search the user came from (its q and its filters)."""
    params = lenient_params(request.args)
    try:
        form = search.advanced_form(params.q, params.filters)
    except search.QueryError as exc:
        # A query the form cannot read is kept whole, as further conditions.
        other = " ".join([params.q, *(f"{k}:{v}" for k, v in params.filters.items())])
        return _render(search.AdvancedQuery(other=other.strip()), error=chinese_message(exc)), 400
    return _render(form)


def _render(form: search.AdvancedQuery, error: str | None = None, written: str = "") -> str:
    stats = get_index().stats()
    years = {y for y in stats.years if y.isdigit()} | {form.year_from, form.year_to}
    return render_template(
        "advanced.html",
        form=form,
        operators=search.ADVANCED_OPERATORS,
        levels=search.level_values(),
        years=sorted((y for y in years if y), reverse=True),
        error=error,
        written=written,
        kept={k: request.args[k] for k in _KEPT if request.args.get(k)},
    )


@bp.get("/search/within")
def within() -> Response | tuple[str, int]:
    """The current search narrowed by one more clause, every filter and the sort kept."""
    params = read_params(request.args, per_page=int(current_app.config["SEARCH_PAGE_SIZE"]))
    clause = request.args.get("within", "") or ""
    if not clause.strip():
        return redirect(url_for("pages.search", **params.args()), code=303)
    try:
        query = search.add_clause(params.q, clause)
    except search.QueryError as exc:
        return (
            render_template(
                "search.html",
                params=params,
                result=None,
                error=chinese_message(exc),
                within=clause,
                clauses=[],
            ),
            400,
        )
    return redirect(url_for("pages.search", **params.args(q=query)), code=303)


def clause_chips(params: Params) -> list[tuple[str, dict[str, str]]]:
    """(clause, URL arguments of the search without it) for each clause of ``params.q``."""
    if not params.q.strip():
        return []
    try:
        clauses = search.query_clauses(params.q)
    except search.QueryError:
        return []  # the page shows the error instead
    return [(c.text, params.args(q=c.without or None)) for c in clauses]
