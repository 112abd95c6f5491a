"""Embedding in a portal's iframe: where links open, and a clear page for an unlisted portal.

A browser refuses to show a page whose CSP ``frame-ancestors`` does not list
the framing portal, and shows an empty, broken frame instead: the portal's
administrator learns nothing.  When the request itself says it is for a frame
(``Sec-Fetch-Dest: iframe``) of another origin (``Sec-Fetch-Site``, and
``Referer``/``Origin`` for which one) that the setting does not allow, the app
answers a short page explaining what to set.  Only that page may be framed by
anyone; the real pages keep their ``frame-ancestors``, so a forged header
gains nothing.  When the parent cannot be known (no Referer, or a navigation
inside the frame itself), the real page is served and the browser decides.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, render_template, request

import search

from .security import split_list

EMBED_TARGETS = ("_top", "_self", "_parent", "_blank")
_SOURCE = re.compile(
    r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\*|(?:\*\.)?[^/:*]+)"
    r"(?::(?P<port>\d+|\*))?(?:/.*)?$",
    re.I,
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Requests that never show a page in a frame.
_NOT_PAGES = ("/api/", "/static/")


class SettingError(search.SearchError):
    """A setting of the web app with a value it cannot use; the message names it."""


def embed_target(value: object) -> str:
    target = str(value or "_top").strip()
    if target not in EMBED_TARGETS:
        raise SettingError(
            f"SEARCH_EMBED_TARGET must be one of {', '.join(EMBED_TARGETS)}, not {target!r}"
        )
    return target


def _origin_parts(origin: str) -> tuple[str, str, str] | None:
    u = urlsplit(origin)
    if not u.scheme or not u.hostname:
        return None
    port = str(u.port) if u.port else _DEFAULT_PORTS.get(u.scheme, "")
    return u.scheme.lower(), u.hostname.lower(), port


def source_allows(source: str, origin: str, own_origin: str) -> bool:
    """Whether a CSP source expression (``'self'``, ``https:``, ``*.x.cn`` …) allows ``origin``."""
    parts = _origin_parts(origin)
    if parts is None:
        return False
    scheme, host, port = parts
    src = source.strip()
    if src == "*":
        return True
    if src.lower() == "'self'":
        return _origin_parts(own_origin) == parts
    if src.startswith("'"):
        return False  # 'none' and keywords that name no origin
    if re.fullmatch(r"[a-z][a-z0-9+.-]*:", src, re.I):
        return scheme == src[:-1].lower()
    m = _SOURCE.match(src)
    if not m:
        return False
    want_scheme = (m.group("scheme") or "").lower()
    # CSP lets a secure scheme stand in for the insecure one it names.
    if want_scheme and want_scheme != scheme and (want_scheme, scheme) != ("http", "https"):
        return False
    want_host = m.group("host").lower()
    if want_host.startswith("*."):
        if not host.endswith(want_host[1:]):
            return False
    elif want_host != "*" and want_host != host:
        return False
    # Without a port, the scheme's default (of the origin's scheme, which matched above).
    want_port = m.group("port") or _DEFAULT_PORTS.get(scheme, "")
    return want_port == "*" or want_port == port


def framing_origin() -> str | None:
    """The origin of the page framing this request, when the request tells it; else None."""
    if request.headers.get("Sec-Fetch-Dest") not in ("iframe", "frame"):
        return None
    if request.headers.get("Sec-Fetch-Site") not in ("cross-site", "same-site"):
        return None  # same-origin: a link followed inside the frame; the parent is unknown
    origin = request.headers.get("Origin") or ""
    if not origin or origin == "null":
        referer = urlsplit(request.headers.get("Referer") or "")
        origin = f"{referer.scheme}://{referer.netloc}" if referer.scheme else ""
    return origin or ""


def refused_parent() -> str | None:
    """The origin (or "" when unknown) of a portal that may not frame this page, else None."""
    origin = framing_origin()
    if origin is None:
        return None
    sources = split_list(current_app.config["SEARCH_FRAME_ANCESTORS"]) or ["'self'"]
    own = request.host_url.rstrip("/")
    if origin == "":
        # No Referer: refused for sure only when nothing but this app itself may frame it.
        named = [s for s in sources if not s.startswith("'")]
        return "" if not named else None
    if any(source_allows(s, origin, own) for s in sources):
        return None
    return origin


def _explain(origin: str) -> Response:
    g.frame_ancestors = "*"  # this page only: it shows no content and performs no action
    html = render_template(
        "embed_refused.html",
        origin=origin,
        setting=origin or "https://portal.example",
        open_url=request.url,
        embed=True,
    )
    response = Response(html, status=200, mimetype="text/html")
    # A cache in front must not serve this to a visitor who is not in a frame.
    response.headers["Cache-Control"] = "no-store"
    response.vary.update(["Sec-Fetch-Dest", "Sec-Fetch-Site", "Referer"])
    return response


def init_app(app: Flask) -> None:
    app.config["SEARCH_EMBED_TARGET"] = embed_target(app.config.get("SEARCH_EMBED_TARGET"))

    @app.context_processor
    def _target() -> dict:
        return {"embed_target": app.config["SEARCH_EMBED_TARGET"]}

    @app.before_request
    def _unlisted_portal():
        if request.path.startswith(_NOT_PAGES) or request.method not in ("GET", "HEAD"):
            return None
        origin = refused_parent()
        return None if origin is None else _explain(origin)
