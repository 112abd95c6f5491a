"""Warm the views' columns of a new index generation in a background thread.

After a commit, the first /indicators, /coverage or /trend request of the new
generation built its columns itself (0.3-1.4 s at 30,000 reports).  A ``SearchIndex``
opened with ``warm_views=True`` (the web app's) starts this thread as soon as one of
its calls sees the new snapshot, so a views request arriving later finds them built,
and one arriving meanwhile waits for that build only (``search.generation_cache``).

The thread holds no lock while it builds from the decoded records (plain dicts); what it
reads from the snapshot (the part map when it is not a read-only memory map, a stored
text for an index built before indicator values were stored) it reads under the index's
lock, one report at a time, as a streamed export does.  It pins the generation, so a
newer one does not close it underneath; each worker process of ``serve --workers``
warms its own index.
"""

from __future__ import annotations

import logging
import threading
from contextlib import nullcontext

from .indicator_views import indicator_columns
from .scope import COLUMNS, column, coverage_columns

_log = logging.getLogger(__name__)


def start(index, st) -> threading.Thread:
    """Warm ``st`` (a new ``_State`` of ``index``) in a daemon thread; returns it.
    The caller holds the index's lock (it has just made ``st``)."""
    st.pins += 1
    thread = threading.Thread(target=_warm, args=(index, st), name="search-warm", daemon=True)
    thread.start()
    return thread


def _warm(index, st) -> None:
    try:
        mapped = getattr(st.partmap, "mapped", False)
        ctx, snap = index._context(st=st)
        for name in COLUMNS:
            # the part map (for "lacks") is read under the lock unless memory-mapped
            with nullcontext() if mapped or name != "lacks" else index._lock:
                column(ctx, name)
        cov = coverage_columns(ctx)
        # The per-report JSON pieces the first /api/coverage and /api/indicators would
        # encode (at 30,000 reports most of the first /api/indicators' 1.4 s).
        cov.year_order()
        for d in cov.records:
            cov.report_head(d)
            cov.row_head(d)
        cols = indicator_columns(st.table, lambda d: _stored_text(index, snap, d))
        for d in cols.order:
            cols.json(d)
    except Exception:  # noqa: BLE001 - a failed warm-up only means a request builds them
        _log.warning("warming the views of a new index generation failed", exc_info=True)
    finally:
        with index._lock:
            st.pins -= 1
            if not st.pins and st is not index._state_now:
                st.snap.close()


def _stored_text(index, snap, d: int) -> str:
    with index._lock:
        return snap.stored(d)["text"]
