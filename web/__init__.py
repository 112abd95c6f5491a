"""The web UI and JSON API over ``search``: server-rendered pages that work without JavaScript.

``create_app`` follows Flask's application-factory pattern; settings come from the
environment (``SEARCH_INDEX``, ``SEARCH_URL_PREFIX``, ``SEARCH_FRAME_ANCESTORS``,
``SEARCH_CORS_ORIGINS``, ``SEARCH_BUILD_SAMPLES``, ``SEARCH_EMBED_TARGET``) and
``test_config`` overrides them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import (
    advanced,
    api,
    browse,
    concordance,
    coverage,
    embedding,
    engine,
    errors,
    indicators,
    pages,
    reuse,
    security,
    trends,
)
from .prefix import PrefixMiddleware

_ENV_SETTINGS = (
    "SEARCH_INDEX",
    "SEARCH_URL_PREFIX",
    "SEARCH_FRAME_ANCESTORS",
    "SEARCH_CORS_ORIGINS",
    "SEARCH_BUILD_SAMPLES",
    "SEARCH_REQUEST_TIMEOUT",
    "SEARCH_TEMPLATE_AGENCIES",
    "SEARCH_EMBED_TARGET",
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SEARCH_INDEX=None,  # None: search.resolve_index_dir's default (./index)
        SEARCH_URL_PREFIX="",
        SEARCH_FRAME_ANCESTORS="'self'",
        SEARCH_CORS_ORIGINS="",
        # Where links in /embed open: the portal's whole window (_top) or the frame (_self).
        SEARCH_EMBED_TARGET="_top",
        # The README's first command serves the bundled samples: index them on first
        # start when the index folder is missing or empty.
        SEARCH_BUILD_SAMPLES=True,
        SEARCH_PAGE_SIZE=10,
        # Agencies a page of /coverage (the CSV and the unpaged API have them all).
        SEARCH_COVERAGE_PAGE_SIZE=200,
        SEARCH_INDICATORS_PAGE_SIZE=100,  # reports a page of /indicators (README)
        # Seconds a request may spend in the library before it answers 503
        # "timed out" (0: no limit); streamed exports are not limited.
        SEARCH_REQUEST_TIMEOUT=20,
        # Agencies in one year that make a sentence a template (issue 12's k).
        SEARCH_TEMPLATE_AGENCIES=0,  # 0: the library's default
        # Build the views' columns (/indicators, /coverage, /trend) of a new index
        # generation in a background thread as soon as a request sees it (search.warmup).
        SEARCH_WARM_VIEWS=True,
    )
    for name in _ENV_SETTINGS:
        if os.environ.get(name) not in (None, ""):
            app.config[name] = os.environ[name]
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SEARCH_BUILD_SAMPLES"] = _flag(app.config["SEARCH_BUILD_SAMPLES"])

    # Chinese stays readable in API output (curl), fields keep the CLI's order.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    prefix = normalize_prefix(str(app.config["SEARCH_URL_PREFIX"] or ""))
    app.config["SEARCH_URL_PREFIX"] = prefix
    if prefix:
        app.wsgi_app = PrefixMiddleware(app.wsgi_app, prefix)  # type: ignore[method-assign]

    engine.init_app(app)
    security.init_app(app)
    embedding.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(advanced.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(indicators.bp)
    app.register_blueprint(trends.bp)
    app.register_blueprint(coverage.bp)
    app.register_blueprint(concordance.bp)
    app.register_blueprint(browse.bp)
    reuse.init_app(app)
    return app


def normalize_prefix(prefix: str) -> str:
    """``portal/search/`` -> ``/portal/search``; ``/`` or empty -> no prefix."""
    prefix = prefix.strip().strip("/")
    return f"/{prefix}" if prefix else ""


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)
