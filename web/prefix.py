"""Mounting the app under a path of a portal (``SEARCH_URL_PREFIX``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class PrefixMiddleware:
    """Moves the prefix from PATH_INFO to SCRIPT_NAME so ``url_for`` builds prefixed URLs.

    Reverse proxies differ: some forward ``/portal/search/doc/1`` as is, others strip
    the prefix and forward ``/doc/1``.  Both must work, so a path without the prefix
    is served too, with SCRIPT_NAME still set so every link and asset carries it.
    """

    def __init__(self, app: WSGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or ""
        if path == self.prefix or path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :] or "/"
        environ["PATH_INFO"] = path
        # A proxy that already set SCRIPT_NAME to the prefix must not get it twice.
        script = (environ.get("SCRIPT_NAME", "") or "").rstrip("/")
        if not script.endswith(self.prefix):
            script += self.prefix
        environ["SCRIPT_NAME"] = script
        return self.app(environ, start_response)
