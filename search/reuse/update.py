"""The incremental reuse pass: compare the reports new to the index with all before them."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexLockedError, SearchError
from . import near, summary
from .clusters import JOIN, Clusters
from .prep import Prepared, prepared, workers_for
from .reps import Reps
from .source import IndexTexts
from .store import connect, doc_rows, drop_bulk_indexes, remove_docs, restore_indexes

CHUNK = 200  # reports per transaction: a crash loses at most this much work
BULK_FROM = 1000  # new reports from which the indexes are dropped during the comparison
# Worker processes preparing reports (prep.py); None: chosen by the batch's size.
WORKERS: int | None = None


@dataclass
class ReuseUpdate:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refreshed: int = 0  # reports whose summary (for the reuse: filter) was recomputed
    total: int = 0


def update_reuse(index_dir: str | os.PathLike) -> ReuseUpdate:
    """Bring ``reuse.sqlite`` in line with the index: drop reports gone, compare new ones.

    Call it with the index's writing lock held (``index`` does, after its last commit).
    """
    try:
        return _update(index_dir)
    except sqlite3.Error as exc:  # a full disk, a damaged file: the index itself is intact
        raise SearchError(
            f"the reuse data of {index_dir} could not be written ({exc}); the index is "
            "intact: run `python -m search reuse --update` once the problem is solved"
        ) from exc


def _update(index_dir: str | os.PathLike) -> ReuseUpdate:
    out = ReuseUpdate()
    with IndexTexts(index_dir) as texts:
        con = connect(index_dir, write=True)
        try:
            known = doc_rows(con)
            gone = [i for i in known if i not in texts.records]
            if gone:
                with con:
                    rows = [known[i][0] for i in gone]
                    again = _compared_with(con, rows)
                    summary.mark_neighbours(con, rows)  # they lose a source
                    remove_docs(con, rows + [known[i][0] for i in again])
                out.removed = gone
                known = doc_rows(con)
            new = sorted(
                (i for i in texts.records if i not in known),
                key=lambda i: (texts.records[i].get("year") or 0, i),
            )
            if new:
                # A batch as large as what is there (a first build): its rows go in
                # without the tables' secondary indexes, built again in one go after.
                # A pass stopped in between leaves them dropped, and the next
                # connect(write=True) builds them again.
                bulk = len(new) >= BULK_FROM and len(new) >= len(known)
                if bulk:
                    drop_bulk_indexes(con)
                _compare(con, texts, index_dir, new)
                if bulk:
                    restore_indexes(con)
                out.added = new
            out.refreshed = summary.refresh(con, texts, index_dir, WORKERS)
            out.total = con.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        finally:
            con.close()
    return out


def _compare(con, texts: IndexTexts, index_dir, new: list[str]) -> None:
    known = doc_rows(con)
    ids = {r: i for i, (r, _, _) in known.items()}
    agencies = {r: a for _, (r, a, _) in known.items()}
    reps = Reps(texts, ids)
    clusters = Clusters()
    # Distinct paragraphs seen (heads and members), by digest: an exact copy of one is
    # linked to it without the LSH, and the LSH holds one head per near-duplicate
    # cluster (clusters.py), so a collection full of copies stays small in memory.
    seen: dict[int, int] = {}
    heads, members = [], []
    for row, sig, digest, doc, start, rep, head in con.execute(
        "SELECT row, sig, digest, doc, start, rep, head FROM paras WHERE rep >= 1"
    ):
        seen[digest] = row
        reps.add(row, doc, None, start)
        if rep == 1:
            heads.append((row, sig))
        else:
            members.append((row, head, agencies.get(doc, "")))
    clusters.load(heads, members)
    del heads, members
    ready = prepared(texts, index_dir, new, _workers(len(new)))
    try:
        for k in range(0, len(new), CHUNK):
            with con:  # one transaction: all of a chunk's reports, or none
                for _ in new[k : k + CHUNK]:
                    _add(con, reps, next(ready), clusters, seen)
    finally:
        ready.close()  # stops the workers, if any, when a write fails


def _workers(count: int) -> int:
    return WORKERS if WORKERS is not None else workers_for(count)


def _compared_with(con, rows: list[int]) -> list[str]:
    """Live reports compared again when ``rows`` leave: those whose paragraphs were
    aligned with theirs, are exact copies of theirs or members of their clusters, and,
    since a report compared again is removed and added back, the same of those in turn
    (else a link to a report compared again would be lost with it)."""
    done = set(rows)
    frontier = list(rows)
    while frontier:
        step, frontier = frontier[:500], frontier[500:]
        marks = ",".join("?" * len(step))
        for (r,) in con.execute(
            f"SELECT doc FROM paras WHERE digest IN (SELECT digest FROM paras WHERE doc IN "
            f"({marks}) AND rep >= 1) UNION SELECT doc FROM paras WHERE head IN (SELECT row "
            f"FROM paras WHERE doc IN ({marks}) AND rep = 1) UNION SELECT a FROM links WHERE "
            f"b IN ({marks}) UNION SELECT b FROM links WHERE a IN ({marks})",
            step * 4,
        ):
            if r not in done:
                done.add(r)
                frontier.append(r)
    again = done - set(rows)
    return [
        i for r in sorted(again) for (i,) in con.execute("SELECT id FROM docs WHERE row = ?", (r,))
    ]


def _add(con, reps: Reps, got: Prepared, clusters: Clusters, seen) -> None:
    cur = con.execute(
        "INSERT INTO docs (id, agency, year) VALUES (?, ?, ?)", (got.id, got.agency, got.year)
    )
    row = cur.lastrowid
    reps.ids[row] = got.id
    summary.mark_new(con, row)
    con.executemany(
        'INSERT INTO sents (hash, doc, start, "end") VALUES (?, ?, ?, ?)',
        [(h, row, s, e) for h, s, e in got.sents],
    )
    mine = list(zip(got.long, got.values, got.sigs, got.digests, strict=True))
    links = []
    made: dict[int, object] = {}  # datasketch MinHash objects, built for the LSH only
    joins: dict[int, int] = {}  # digest -> the head whose cluster the paragraph joins
    for p, values, _, digest in mine:
        if digest in seen:
            # An exact copy (most are): the whole paragraph, as near.align answers
            # for two equal texts, without reading the representative's text.
            same = reps.copy_span(seen[digest], p)
            if same is not None:
                links.append((row, *p.span(0, len(p.text)), *same))
                continue
            cands = [seen[digest]]
        else:
            found = clusters.match(made.setdefault(digest, near.minhash(values)), values)
            if found and found[0][1] >= JOIN:
                joins[digest] = found[0][0]
            cands = [h for h, _ in found] + [
                r for h, _ in found for r in clusters.own(h, got.agency)
            ]
        for other in cands:
            q = reps.masked(other)
            if q is None:
                continue
            doc = reps.by_row[other].doc
            for i, j, n in near.align(p.text, q.text):
                links.append((row, *p.span(i, i + n), doc, *q.span(j, j + n)))
    con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", links)
    # Inserted after querying, so a report is never its own candidate and each
    # pair is aligned once, from the later report's side.  Rows are numbered here as
    # SQLite would (the largest plus one), so they go in with one executemany.
    at = con.execute("SELECT COALESCE(MAX(row), 0) FROM paras").fetchone()[0] + 1
    rows = []
    for k, (p, values, sig, digest) in enumerate(mine, start=at):
        head = None
        if digest in seen:
            rep = 0  # an exact copy
        elif digest in joins:
            rep, head = 2, joins[digest]
            clusters.add_member(head, k, got.agency)
        else:
            rep = 1
            m = made[digest] if digest in made else near.minhash(values)
            clusters.add_head(k, m, sig)
        if rep:
            seen[digest] = k
            reps.add(k, row, p, p.starts[0])
        rows.append((k, row, p.starts[0], sig, digest, rep, head))
    con.executemany(
        "INSERT INTO paras (row, doc, start, sig, digest, rep, head) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def ensure_reuse(index_dir: str | os.PathLike, lock_wait: float = 10.0) -> ReuseUpdate:
    """Update the reuse data if the index has reports it lacks (or has dropped some).

    Takes the index's writing lock, so it never runs beside an ``index``.
    """
    from filelock import FileLock, Timeout

    with IndexTexts(index_dir) as texts:
        live = set(texts.records)
    try:
        con = connect(index_dir)
        try:
            known = set(doc_rows(con))
            if con.execute("SELECT COUNT(*) FROM dirty").fetchone()[0]:
                known = None  # a pass was stopped before its summaries were done
        finally:
            con.close()
    except (SearchError, sqlite3.Error):
        known = None  # no store yet, or one of an older format
    if known == live:
        return ReuseUpdate(total=len(live))
    try:
        with FileLock(str(Path(index_dir) / "indexing.lock"), timeout=lock_wait):
            return update_reuse(index_dir)
    except Timeout as exc:
        raise IndexLockedError(
            f"another process is writing the index at {index_dir}; try again when it has finished"
        ) from exc
