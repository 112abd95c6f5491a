"""Values computed once per index generation (a DocTable), built by one thread at a time.

The views' columns (trend years, coverage columns, the indicator table) cost 0.3-1.4 s
at 30,000 reports the first time a generation is asked for them.  ``search.warmup``
builds them in a background thread as soon as a new snapshot is seen; a request that
needs one while it is being built waits for that one build instead of doing it again
(two threads building the same column would each pay it, under one GIL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

T = TypeVar("T")

# DocTable -> {name -> value}; a new generation brings a new table, the old one's go with it.
_VALUES: WeakKeyDictionary = WeakKeyDictionary()
# DocTable -> {name -> the lock its builder holds}
_LOCKS: WeakKeyDictionary = WeakKeyDictionary()
_GUARD = threading.Lock()  # held only to look up or store, never while building


def once(table: object, name: str, build: Callable[[], T]) -> T:
    """``table``'s value ``name``, built by ``build()`` the first time it is asked for."""
    with _GUARD:
        values = _VALUES.setdefault(table, {})
        if name in values:
            return values[name]
        lock = _LOCKS.setdefault(table, {}).setdefault(name, threading.Lock())
    with lock:
        with _GUARD:
            if name in values:
                return values[name]  # built by the thread this one waited for
        got = build()
        with _GUARD:
            values[name] = got
        return got


def built(table: object, name: str) -> bool:
    """Whether ``table``'s value ``name`` has been built (for tests and diagnostics)."""
    with _GUARD:
        return name in _VALUES.get(table, {})
