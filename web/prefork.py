"""``serve --workers N``: the app in N pre-forked processes under gunicorn.

The search is pure Python, so one process answers one request at a time
whatever its threads; N processes answer N.  Each worker builds its own app and
opens its own ``SearchIndex`` after the fork (gunicorn's ``preload_app`` off):
the index's lock, searcher and caches are per process, and the segments are
memory-mapped files, so their pages are shared through the page cache anyway.
Each worker notices a commit by itself, as one process does (the searcher's
``up_to_date`` reads the index's generation on disk at every request).

The master binds the socket itself and hands it to gunicorn (``fd://``): a port
in use is one clear line at once, not gunicorn's five retries.  A worker dies
with its master (Linux ``PR_SET_PDEATHSIG``; elsewhere gunicorn's own check of
the parent's pid, within a second), so a killed master leaves no orphans.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1

# gthread: keep-alive connections wait in a poller, not in a thread, and a slow
# client (a streamed export) holds one of a worker's threads, not the worker.
THREADS = 8
# Seconds in-flight requests get to finish after SIGTERM (searches take well
# under a second; an export still streaming past it is cut).
GRACEFUL_TIMEOUT = 10
# A worker silent this long is killed and replaced (its main thread reports
# between events, so long requests in other threads do not count).
WORKER_TIMEOUT = 60


def available() -> bool:
    """Pre-forking needs POSIX ``fork``; gunicorn does not run on Windows."""
    if os.name != "posix":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``; OSError when it cannot be had."""
    family, kind, proto, _, addr = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _die_with_master(server, worker) -> None:
    """gunicorn's post_fork hook: the kernel sends SIGTERM (graceful) when the master dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: gunicorn's ppid check remains
        return
    if os.getppid() != worker.ppid:  # the master died before prctl took effect
        os._exit(1)


def run(make_app: Callable[[], object], sock: socket.socket, workers: int) -> int:
    """Serve ``make_app()`` (called in each worker) on ``sock`` until SIGTERM / SIGINT.

    gunicorn takes ``sock`` over (and closes it); the master exits by ``SystemExit``.
    """
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": [f"fd://{sock.fileno()}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": False,
        "post_fork": _die_with_master,
        "timeout": WORKER_TIMEOUT,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "keepalive": 5,
        # A 500-character query is ~4.5 KB percent-encoded, past the 4,094 bytes
        # gunicorn allows by default: let the app answer "query too long" itself.
        "limit_request_line": 0,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # No control socket: it lives in $HOME by default, shared by every server.
        "control_socket_disable": True,
        "proc_name": "fazhi-search",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return make_app()

    logging.getLogger("gunicorn.error").propagate = False
    # Not caught: gunicorn ends its master and each forked worker by sys.exit,
    # and a worker must never return into the caller's code.
    Server().run()
    return 0
