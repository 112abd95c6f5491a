"""The persistent reuse store: ``reuse.sqlite`` in the index folder.

It holds, per report already compared: its agency and year, the hashes of its
masked sentences, the MinHash signature of each long paragraph (``rep``: 1 for the head
of a near-duplicate cluster, in the LSH; 2 for a member, whose ``head`` is given; 0 for
an exact copy of an earlier paragraph), and the aligned spans it shares with the
reports compared before it.  A new batch is compared
against this and appended in SQLite transactions, so a crash leaves the last
committed state, and the reports of an unfinished transaction are simply
compared again next time.  Deleting the file rebuilds it from the index.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import ReuseNotReadyError, SearchError

FILE_NAME = "reuse.sqlite"
# Bumped whenever masking, hashing or alignment changes: an old store is rebuilt.
FORMAT = "reuse-5"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs (row INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
    agency TEXT NOT NULL, year INTEGER);
CREATE TABLE IF NOT EXISTS sents (hash INTEGER NOT NULL, doc INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sents_hash ON sents (hash);
CREATE INDEX IF NOT EXISTS sents_doc ON sents (doc);
CREATE TABLE IF NOT EXISTS paras (row INTEGER PRIMARY KEY, doc INTEGER NOT NULL,
    start INTEGER NOT NULL, sig BLOB NOT NULL, digest INTEGER NOT NULL, rep INTEGER NOT NULL,
    head INTEGER);
CREATE INDEX IF NOT EXISTS paras_doc ON paras (doc);
CREATE INDEX IF NOT EXISTS paras_digest ON paras (digest);
CREATE TABLE IF NOT EXISTS links (a INTEGER NOT NULL, a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL, b INTEGER NOT NULL, b_start INTEGER NOT NULL, b_end INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS links_a ON links (a);
CREATE INDEX IF NOT EXISTS links_b ON links (b);
CREATE TABLE IF NOT EXISTS summary (doc INTEGER PRIMARY KEY, share REAL NOT NULL,
    other REAL NOT NULL, self REAL NOT NULL, template REAL NOT NULL);
CREATE TABLE IF NOT EXISTS dirty (doc INTEGER PRIMARY KEY, spread INTEGER NOT NULL);
"""


# Indexes only the summaries and the readers use, not the comparison (which only
# appends to these tables): a large batch drops them and builds them again after,
# one sort instead of a random B-tree insert per row.
BULK_INDEXES = ("sents_hash", "sents_doc", "links_a", "links_b")
WRITE_CACHE_KB = 65_536  # page cache of the writing connection (64 MB)


def drop_bulk_indexes(con: sqlite3.Connection) -> None:
    with con:
        for name in BULK_INDEXES:
            con.execute(f"DROP INDEX IF EXISTS {name}")


def restore_indexes(con: sqlite3.Connection) -> None:
    with con:
        con.executescript(_SCHEMA)


def store_path(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / FILE_NAME


def connect(index_dir: str | os.PathLike, *, write: bool = False) -> sqlite3.Connection:
    """The store of an index; read-only unless ``write`` (which creates or upgrades it)."""
    path = store_path(index_dir)
    try:
        if not write:
            if not path.exists():
                raise ReuseNotReadyError(
                    f"no reuse data in {index_dir}: run `python -m search reuse --update "
                    f"--index {index_dir}` (indexing computes it too)"
                )
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        con = sqlite3.connect(path, timeout=30)
        found = _format(con)
        if found not in (None, FORMAT):
            con.close()
            path.unlink()  # made by another version: recompute rather than misread
            con = sqlite3.connect(path, timeout=30)
        with con:
            con.executescript(_SCHEMA)  # also brings back indexes a stopped pass dropped
            con.execute("INSERT OR REPLACE INTO info VALUES ('format', ?)", (FORMAT,))
        # The pass inserts sentence hashes in random order into B-trees larger than
        # SQLite's default 2 MB page cache: every insert read pages from disk again.
        con.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KB}")
        return con
    except sqlite3.DatabaseError as exc:
        raise SearchError(f"cannot open the reuse data {path}: {exc}") from exc


def _format(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT value FROM info WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError:
        return None  # a new, empty file
    return row[0] if row else None


def doc_rows(con: sqlite3.Connection) -> dict[str, tuple[int, str, int | None]]:
    """id -> (row, agency, year) of every report in the store."""
    return {i: (r, a, y) for r, i, a, y in con.execute("SELECT row, id, agency, year FROM docs")}


def remove_docs(con: sqlite3.Connection, rows: list[int]) -> None:
    """Forget reports no longer in the index (one transaction with the caller's)."""
    tables = (
        ("sents", ("doc",)),
        ("paras", ("doc",)),
        ("links", ("a", "b")),
        ("summary", ("doc",)),
        ("dirty", ("doc",)),
    )
    for table, cols in tables:
        for col in cols:
            con.executemany(f"DELETE FROM {table} WHERE {col} = ?", [(r,) for r in rows])
    con.executemany("DELETE FROM docs WHERE row = ?", [(r,) for r in rows])
