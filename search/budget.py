"""A time budget for one library call, checked inside its long loops.

A query over every report, a report page with tens of thousands of matches or
a compare over the whole collection can run for seconds; the server gives each
request a deadline so one such request answers "timed out" instead of keeping a
worker thread busy for minutes.  The deadline lives in a context variable, so
it follows the request's thread and needs no argument threaded through every
helper; a call without a budget never times out.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import QueryTimeoutError

# (deadline on time.monotonic(), the budget in seconds for the message)
_deadline: ContextVar[tuple[float, float] | None] = ContextVar("search_deadline", default=None)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of ``seconds`` (None: none); an outer, earlier deadline wins."""
    outer = _deadline.get()
    if seconds is None or (outer is not None and outer[0] <= time.monotonic() + seconds):
        yield
        return
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise ``QueryTimeoutError`` once the current budget is spent."""
    d = _deadline.get()
    if d is not None and time.monotonic() > d[0]:
        raise QueryTimeoutError(d[1])


def remaining() -> float | None:
    """Seconds left of the current budget (None without one), never below 0."""
    d = _deadline.get()
    return None if d is None else max(0.0, d[0] - time.monotonic())


@contextmanager
def unbudgeted() -> Iterator[None]:
    """Run a block with no deadline (a streamed export, paced by its client)."""
    token = _deadline.set(None)
    try:
        yield
    finally:
        _deadline.reset(token)
