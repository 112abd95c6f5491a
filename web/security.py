"""Response headers: CSP with the portal's frame-ancestors, nosniff, CORS for the API."""

from __future__ import annotations

import re

from flask import Flask, Response, g, request

_SPLIT = re.compile(r"[\s,]+")


def split_list(value: object) -> list[str]:
    """A setting given as ``a b``, ``a,b`` or a list."""
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in _SPLIT.split(str(value or "")) if v]


def content_security_policy(frame_ancestors: object) -> str:
    ancestors = " ".join(split_list(frame_ancestors)) or "'self'"
    # No inline script or style anywhere in the templates, so 'self' suffices;
    # <mark> and tables are plain HTML.
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors {ancestors}"
    )


def _cors(response: Response, allowed: list[str]) -> None:
    origin = request.headers.get("Origin")
    if not origin or not allowed:
        return
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"


def init_app(app: Flask) -> None:
    csp = content_security_policy(app.config["SEARCH_FRAME_ANCESTORS"])
    cors_origins = [o.rstrip("/") for o in split_list(app.config["SEARCH_CORS_ORIGINS"])]

    @app.after_request
    def add_headers(response: Response) -> Response:
        # web.embedding's page for an unlisted portal sets its own frame-ancestors.
        ancestors = g.get("frame_ancestors")
        response.headers["Content-Security-Policy"] = (
            content_security_policy(ancestors) if ancestors else csp
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith("/api/"):
            _cors(response, cors_origins)
        return response
