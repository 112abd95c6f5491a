"""Helpers for the web tests: a real waitress server and a stand-in portal page."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bs4 import BeautifulSoup
from flask import Flask

PHRASE = '"法治建设"'
AGENCIES = {
    "解放区卫健委",
    "市中区卫生健康局",
    "韶关市武江区卫生健康局",
    "新县卫生健康委员会",
    "江门市江海区卫生健康局",
}
HREF = re.compile(r'(?:href|src|action)="([^"]*)"')


def links(html: str) -> list[str]:
    """Every href/src/action of a page, HTML entities in them undone."""
    return [u.replace("&amp;", "&").replace("&#39;", "'") for u in HREF.findall(html)]


@contextmanager
def live_server(app: Flask, threads: int = 4) -> Iterator[str]:
    """Serve ``app`` with waitress on a free loopback port; yields the base URL."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=10)


class _Portal(ThreadingHTTPServer):
    daemon_threads = True
    page: Callable[[], str]


class _PortalHandler(BaseHTTPRequestHandler):
    server: _Portal

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.server.page().encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean


@contextmanager
def portal_server(page: Callable[[], str]) -> Iterator[str]:
    """A second origin standing in for the intranet portal; ``page()`` is its HTML.

    ``page`` is called per request, so it can name the app's port, known only later.
    """
    server = _Portal(("127.0.0.1", 0), _PortalHandler)
    server.page = page
    thread = threading.Thread(target=server.serve_forever, name="portal", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def api(client, **args) -> dict:
    """/api/search's JSON, asserting it answered 200."""
    r = client.get("/api/search", query_string=args)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def facet_links(page: BeautifulSoup, label: str) -> dict[str, str]:
    section = next(s for s in page.select(".facet") if s.h3.get_text() == label)
    return {a.select_one(".value").get_text(): a["href"] for a in section.select("a")}
