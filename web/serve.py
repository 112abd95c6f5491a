"""``python -m search serve``: the app under waitress, a threaded production WSGI server."""

from __future__ import annotations

import logging
import os
import sys

import search

from . import create_app
from .engine import get_engine

THREADS = 8
# How often a thread that computes (a report page, an export) hands the GIL on.
# Python's 5 ms default makes a short request wait behind it several times
# over: accepting, reading, answering each need the GIL again.
SWITCH_INTERVAL = 0.001


def serve(
    index_dir: str | os.PathLike | None = None, host: str = "127.0.0.1", port: int = 5000
) -> int:
    """Serve until interrupted; returns the process exit status."""
    import waitress

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = create_app({"SEARCH_INDEX": str(index_dir)} if index_dir else None)
    engine = get_engine(app)
    try:
        # Open (or build the samples' index) now, so the first request is not the slow
        # one and a missing index is reported before "serving".
        reports = len(engine.index())
    except search.SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    prefix = app.config["SEARCH_URL_PREFIX"]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"serving {reports} reports from {engine.index_dir} at http://{shown}:{port}{prefix}/",
        file=sys.stderr,
        flush=True,
    )
    try:
        waitress.serve(app, host=host, port=port, threads=THREADS, ident="fazhi-search")
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
