"""The two peers, over the same compact texts as the index: a substring scan and FTS5 trigram."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import Doc


class Scan:
    """Python ``phrase in text`` over every text: the oracle all other answers are checked by."""

    name = "scan"

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.pairs = [(d.id, d.text) for d in docs]

    def find_all(self, phrase: str) -> list[str]:
        return [i for i, t in self.pairs if phrase in t]


class Fts5Trigram:
    """SQLite FTS5 with ``tokenize='trigram'``; ``instr()`` for phrases under 3 characters."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.build_seconds = 0.0
        self.conn: sqlite3.Connection | None = None

    def build(self, docs: Sequence[Doc]) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                p.unlink()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='trigram')")
        with conn:
            conn.executemany(
                "INSERT INTO docs(id, body) VALUES (?, ?)", ((d.id, d.text) for d in docs)
            )
        self.build_seconds = time.perf_counter() - t0
        self.conn = conn

    @property
    def size_bytes(self) -> int:
        return os.path.getsize(self.path)

    def find_all(self, phrase: str) -> list[str]:
        assert self.conn is not None, "build() first"
        if len(phrase) < 3:
            rows = self.conn.execute("SELECT id FROM docs WHERE instr(body, ?) > 0", (phrase,))
        else:
            rows = self.conn.execute(
                "SELECT id FROM docs WHERE docs MATCH ?", ('"' + phrase.replace('"', '""') + '"',)
            )
        return [r[0] for r in rows]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
