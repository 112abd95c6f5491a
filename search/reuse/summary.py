"""Each report's reuse in four numbers, kept in the store for the ``reuse:`` query filter.

A report's reuse changes when reports that share text with it come or go (a new
source, a sentence that becomes a template), so the update marks those reports
*dirty* in the same transaction that adds or removes the others, and then
recomputes the dirty ones.  A pass killed in between leaves them marked, and the
next pass finishes them.  Only reports of the same year or later (or of no
year) can be affected by a new report: a source is never later than its copy.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from ..errors import ReuseNotReadyError
from .prep import workers_for
from .report import KIND_OTHER, KIND_SELF, KIND_TEMPLATE, Templates, assemble, doc_table
from .store import connect, store_path

CHUNK = 200  # reports recomputed per transaction


@dataclass(frozen=True)
class ReuseShares:
    share: float  # of the report's characters, in reused spans of any kind
    other: float  # … from another agency
    self: float  # … from the same agency's earlier report
    template: float  # … in template sentences


def mark_new(con, row: int) -> None:
    """A report just added: it and (later) the reports sharing text with it are dirty."""
    con.execute("INSERT OR REPLACE INTO dirty (doc, spread) VALUES (?, 1)", (row,))


def mark_neighbours(con, rows: list[int], min_year: int | None = None) -> None:
    """Mark dirty the reports that share a sentence or a passage with ``rows``."""
    if not rows:
        return
    marks = ",".join("?" * len(rows))
    year = "" if min_year is None else "AND (d.year IS NULL OR d.year >= ?)"
    extra = () if min_year is None else (min_year,)
    con.execute(
        "INSERT OR IGNORE INTO dirty (doc, spread) SELECT DISTINCT s.doc, 0 FROM sents s "
        f"JOIN docs d ON d.row = s.doc WHERE s.hash IN (SELECT hash FROM sents WHERE doc IN "
        f"({marks})) {year}",
        (*rows, *extra),
    )
    for a, b in (("a", "b"), ("b", "a")):
        con.execute(
            f"INSERT OR IGNORE INTO dirty (doc, spread) SELECT DISTINCT l.{a}, 0 FROM links l "
            f"JOIN docs d ON d.row = l.{a} WHERE l.{b} IN ({marks}) {year}",
            (*rows, *extra),
        )


def refresh(con, texts, index_dir=None, workers: int | None = 0) -> int:
    """Spread the marks of new reports, then recompute every dirty report; how many.

    With ``workers`` (and ``index_dir``), the reports are assembled in that many worker
    processes reading the committed store (None: as many as ``prep.workers_for``
    gives for their number); this process writes their summaries.
    """
    with con:
        new = [r for (r,) in con.execute("SELECT doc FROM dirty WHERE spread = 1")]
        # Every report dirty already (a first build): marking the neighbours would only
        # join every new report's sentences with all the others' (quadratic) to mark
        # nothing more.
        dirty, docs = (
            con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("dirty", "docs")
        )
        if new and dirty < docs:
            years = [
                y
                for (y,) in con.execute(
                    f"SELECT year FROM docs WHERE row IN ({','.join('?' * len(new))})", new
                )
            ]
            min_year = None if None in years else min(years)
            for k in range(0, len(new), 500):
                mark_neighbours(con, new[k : k + 500], min_year)
        if new:
            con.execute("UPDATE dirty SET spread = 0")
    rows = [r for (r,) in con.execute("SELECT doc FROM dirty ORDER BY doc")]
    if not rows:
        return 0
    templates = Templates(con)
    if workers is None:
        workers = workers_for(len(rows))
    if workers > 0 and index_dir is not None:
        from .workers import ordered

        got = ordered(index_dir, workers, "summarise", rows, setup=templates)
    else:
        summariser = Summariser(None, texts, templates, con)
        got = (summariser.summarise(r) for r in rows)
    try:
        for k in range(0, len(rows), CHUNK):
            with con:  # the summaries of a chunk and their dirty marks go together
                for row in rows[k : k + CHUNK]:
                    done, shares = next(got)
                    assert done == row
                    if shares is not None:
                        con.execute("INSERT OR REPLACE INTO summary VALUES (?, ?, ?, ?, ?)", shares)
                    con.execute("DELETE FROM dirty WHERE doc = ?", (row,))
    finally:
        close = getattr(got, "close", None)
        if close:
            close()
    return len(rows)


class Summariser:
    """Each report's summary row, assembled from the committed store (here or in a worker)."""

    def __init__(self, index_dir, texts, templates: Templates, con=None) -> None:
        self._own = con is None
        self.con = connect(index_dir) if con is None else con
        self.texts = texts
        self.templates = templates
        self.docs = doc_table(self.con)

    def summarise(self, row: int) -> tuple[int, tuple | None]:
        """(row, the summary table's row), None for a report no longer in the index."""
        if row not in self.docs or self.docs[row][0] not in self.texts.records:
            return row, None
        rep = self.texts.get(self.docs[row][0])
        got = assemble(self.con, rep, docs=self.docs, templates=self.templates)
        by_kind = {KIND_OTHER: 0.0, KIND_SELF: 0.0, KIND_TEMPLATE: 0.0}
        for s in got.sources:
            by_kind[s.kind] += s.share
        return row, (row, got.share, *(round(by_kind[k], 4) for k in by_kind))

    def close(self) -> None:
        if self._own:
            self.con.close()


_cache: dict[str, tuple[tuple, dict[str, ReuseShares]]] = {}
_lock = threading.Lock()


def reuse_shares(index_dir: str | os.PathLike) -> dict[str, ReuseShares]:
    """Report id -> its ReuseShares, for every summarised report (read once per change)."""
    path = store_path(index_dir)
    try:
        st = os.stat(path)
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    key = str(path)
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
    con = connect(index_dir)
    try:
        got = {
            i: ReuseShares(*v)
            for i, *v in con.execute(
                "SELECT d.id, s.share, s.other, s.self, s.template "
                "FROM summary s JOIN docs d ON d.row = s.doc"
            )
        }
    finally:
        con.close()
    with _lock:
        _cache[key] = (stamp, got)
    return got


def reuse_docs(index_dir: str | None, by_id: dict[str, int], op: str, pct: int) -> set[int]:
    """Docnums (via ``by_id``) of the reports a ``reuse:`` filter keeps.

    ``op`` is ``>`` or ``<`` with ``pct`` the share in percent, or a kind: the
    reports with any text of that kind.
    """
    if index_dir is None or not store_path(index_dir).exists():
        raise ReuseNotReadyError(
            "reuse: needs the reuse data of the index: run `python -m search reuse --update`"
        )
    shares = reuse_shares(index_dir)
    if op == ">":
        keep = (i for i, s in shares.items() if s.share * 100 > pct)
    elif op == "<":
        keep = (i for i, s in shares.items() if s.share * 100 < pct)
    else:
        keep = (i for i, s in shares.items() if getattr(s, op) > 0)
    return {by_id[i] for i in keep if i in by_id}
