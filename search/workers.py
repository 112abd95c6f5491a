"""Worker processes for indexing that die with their parent and whose death is noticed.

``multiprocessing.Pool`` waits forever for the result of a worker that was
killed (the out-of-memory killer does this), so ``index`` hung holding the
lock; and killing ``index`` left its workers running for minutes.  Here the
parent gets ``WorkerDiedError`` as soon as a worker dies, and each worker asks
the kernel to kill it when its parent dies (Linux ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import IndexWriteError

_PR_SET_PDEATHSIG = 1


class WorkerDiedError(IndexWriteError):
    """A worker process ended without handing back its work (killed, out of memory)."""


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent still kills us on its way out
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit status {exitcode}"
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"signal {-exitcode}"


class WorkerPool:
    """``n`` forked processes that run one function over argument tuples."""

    def __init__(self, n: int) -> None:
        self._executor = ProcessPoolExecutor(
            n,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
        self._procs: list[multiprocessing.Process] = []

    def map(self, fn: Callable[..., Any], args: Sequence[tuple]) -> list[Any]:
        """``[fn(*a) for a in args]`` in the workers; raises WorkerDiedError if one dies."""
        futures = [self._executor.submit(fn, *a) for a in args]
        self._procs = list((getattr(self._executor, "_processes", None) or {}).values())
        try:
            return [f.result() for f in futures]
        except BrokenProcessPool as exc:
            self.close()
            # The executor then terminates the others (SIGTERM): name how the first one died.
            codes = {p.exitcode for p in self._procs if p.exitcode is not None}
            first = codes - {-signal.SIGTERM} or codes
            how = ", ".join(sorted(_signal_name(c) for c in first)) or "unknown cause"
            raise WorkerDiedError(
                f"an indexing worker process died ({how}; SIGKILL is what the out-of-memory "
                "killer sends) while reading its files"
            ) from exc

    def close(self) -> None:
        """Stop every worker now: whatever they were doing is not wanted any more."""
        procs = list((getattr(self._executor, "_processes", None) or {}).values())
        for p in procs + self._procs:
            if p.exitcode is None:
                p.kill()
        self._executor.shutdown(wait=True, cancel_futures=True)
