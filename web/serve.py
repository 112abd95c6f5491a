"""``python -m search serve``: on every core (gunicorn workers) or in one process (waitress).

``--workers N`` (default: one per core) pre-forks N processes under gunicorn
(``web/prefork.py``).  One worker, or a system without ``fork`` (Windows), runs
the app in this process under waitress with threads: no master to supervise,
the same server as before workers existed.
"""

from __future__ import annotations

import logging
import os
import sys

import search

from . import create_app, prefork
from .engine import get_engine

THREADS = 8
# How often a thread that computes (a report page, an export) hands the GIL on.
# Python's 5 ms default makes a short request wait behind it several times
# over: accepting, reading, answering each need the GIL again.
SWITCH_INTERVAL = 0.001


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def serve(
    index_dir: str | os.PathLike | None = None,
    host: str = "127.0.0.1",
    port: int = 5000,
    workers: int | None = None,
) -> int:
    """Serve until interrupted (SIGINT) or stopped (SIGTERM); returns the process exit status."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    config = {"SEARCH_INDEX": str(index_dir)} if index_dir else None
    app = create_app(config)
    engine = get_engine(app)
    try:
        # Open (or build the samples' index) now, so the first request is not the slow
        # one and a missing index is reported before "serving".
        reports = len(engine.index())
    except search.SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    wanted = default_workers() if workers is None else workers
    forking = wanted > 1 and prefork.available()
    if wanted > 1 and not forking:
        print(
            f"note: {wanted} worker processes need a POSIX system with gunicorn: "
            f"serving from one process",
            file=sys.stderr,
        )
    prefix = app.config["SEARCH_URL_PREFIX"]
    shown = f"[{host}]" if ":" in host else host
    how = f"{wanted} worker processes" if forking else f"one process, {THREADS} threads"
    where = f"{reports} reports from {engine.index_dir} at http://{shown}:{port}{prefix}/"
    if not forking:
        return _serve_waitress(app, host, port, f"serving {where} ({how})")
    try:
        sock = prefork.listen(host, port)
    except OSError as exc:
        return _cannot_listen(host, port, exc)
    # The master keeps no index open: each worker opens its own after the fork.
    engine.close()
    print(f"serving {where} ({how})", file=sys.stderr, flush=True)

    def make_app():
        sys.setswitchinterval(SWITCH_INTERVAL)
        worker_app = create_app(config)
        try:  # open it now, not on the first request; a failure is retried per request
            get_engine(worker_app).index()
        except search.SearchError as exc:
            worker_app.logger.warning("worker %d: %s", os.getpid(), exc)
        return worker_app

    return prefork.run(make_app, sock, wanted)


def _serve_waitress(app, host: str, port: int, banner: str) -> int:
    import waitress.server

    sys.setswitchinterval(SWITCH_INTERVAL)
    try:  # bind first, so "serving" is never printed for a port in use
        server = waitress.server.create_server(
            app, host=host, port=port, threads=THREADS, ident="fazhi-search"
        )
    except OSError as exc:
        return _cannot_listen(host, port, exc)
    print(banner, file=sys.stderr, flush=True)
    server.print_listen("Serving on http://{}:{}")
    try:
        server.run()
    finally:
        server.close()
    return 0


def _cannot_listen(host: str, port: int, exc: OSError) -> int:
    print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
    return 1
