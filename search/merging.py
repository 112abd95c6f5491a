"""When to merge segments, and which.

Each batch adds a segment per worker; many segments slow every term lookup,
so they are merged once they pile up.
"""

from __future__ import annotations

from collections.abc import Callable

from . import compat

MAX_SEGMENTS = 16


def merge_if_fragmented(ix, make_writer: Callable) -> None:
    if len(ix._segments()) > MAX_SEGMENTS:
        compat.commit_segments(make_writer(ix), [], merge_small=True)
