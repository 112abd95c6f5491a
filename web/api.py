"""The JSON API: the CLI's ``--json`` object over HTTP, and a report's text."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, jsonify, request

import search

from .engine import get_index
from .params import read_params

bp = Blueprint("api", __name__, url_prefix="/api")


def result_to_dict(result: search.SearchResult) -> dict:
    """The same object as ``python -m search search --json``, plus page and per_page."""
    return {**result.to_json(), "page": result.page, "per_page": result.per_page}


@bp.get("/search")
def api_search() -> Response:
    params = read_params(request.args, api=True)
    result = get_index().search(
        params.q, sort=params.sort, page=params.page, per_page=params.per_page, **params.filters
    )
    return jsonify(result_to_dict(result))


@bp.get("/compare")
def api_compare() -> Response:
    params = read_params(request.args)
    rows = get_index().compare(params.q, **params.filters)
    return jsonify({"query": params.q, "agencies": [asdict(r) for r in rows]})


@bp.get("/doc/<doc_id>")
def api_doc(doc_id: str) -> Response:
    view = get_index().document(doc_id)
    return jsonify(
        {
            "id": view.id,
            "path": view.path,
            "title": view.title,
            "agency": view.agency,
            "region": view.region,
            "level": view.level,
            "year": view.year,
            "date": view.date,
            "doc_number": view.doc_number,
            "url": view.url,
            **view.extra,
            "meta_source": view.meta_source,
            "sections": [asdict(s) for s in view.sections],
            "text": view.text,
        }
    )
