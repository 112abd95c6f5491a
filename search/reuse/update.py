"""The incremental reuse pass: compare the reports new to the index with all before them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexLockedError, SearchError
from . import near, summary
from .mask import NAME, NUMBER, Masked, masker_for
from .source import IndexTexts
from .store import connect, doc_rows, remove_docs

# Shortest masked sentence whose hash counts as reuse, in characters other than the
# placeholders: see README (reuse) for how it was measured.
MIN_SENTENCE = 12
CHUNK = 200  # reports per transaction: a crash loses at most this much work
# Masked reports kept for aligning candidates, by characters: a masked character
# costs about 10 bytes (its offsets), and one law can run to a million characters.
_CACHE_CHARS = 8_000_000


@dataclass
class ReuseUpdate:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refreshed: int = 0  # reports whose summary (for the reuse: filter) was recomputed
    total: int = 0


def content_length(masked: str) -> int:
    return len(masked) - masked.count(NUMBER) - masked.count(NAME)


def sentence_hash(masked: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(masked.encode(), digest_size=8).digest(), "big", signed=True
    )


class _Masks:
    """Masked paragraphs of stored reports by start offset, a few reports at a time."""

    def __init__(self, texts: IndexTexts) -> None:
        self.texts = texts
        self.cache: OrderedDict[str, dict[int, Masked]] = OrderedDict()
        self.chars = 0

    def put(self, doc_id: str, paras: list[Masked]) -> None:
        self.cache[doc_id] = {p.starts[0]: p for p in paras}
        self.chars += sum(len(p.text) for p in paras)
        while self.chars > _CACHE_CHARS and len(self.cache) > 1:
            _, old = self.cache.popitem(last=False)
            self.chars -= sum(len(p.text) for p in old.values())

    def get(self, doc_id: str) -> dict[int, Masked]:
        if doc_id not in self.cache:
            rep = self.texts.get(doc_id)
            self.put(doc_id, masker_for(rep.record).paragraphs(rep.text))
        self.cache.move_to_end(doc_id)
        return self.cache[doc_id]


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
                _compare(con, texts, new)
                out.added = new
            out.refreshed = summary.refresh(con, texts)
            out.total = con.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        finally:
            con.close()
    return out


def _compare(con, texts: IndexTexts, new: list[str]) -> None:
    lsh = near.new_lsh()
    # Paragraph signatures seen, by digest: an exact copy of a paragraph already in
    # the LSH is aligned with that one and not inserted again, so the LSH holds each
    # distinct paragraph once (a collection full of copies stays small in memory).
    seen: dict[int, int] = {}
    with lsh.insertion_session() as session:
        for row, sig, digest in con.execute("SELECT row, sig, digest FROM paras WHERE rep = 1"):
            session.insert(row, near.from_bytes(sig), check_duplication=False)
            seen[digest] = row
    ids = {r: i for i, (r, _, _) in doc_rows(con).items()}
    masks = _Masks(texts)
    for k in range(0, len(new), CHUNK):
        with con:  # one transaction: all of a chunk's reports, or none
            for doc_id in new[k : k + CHUNK]:
                _add(con, texts, masks, doc_id, lsh, seen, ids)


def _compared_with(con, rows: list[int]) -> list[str]:
    """Live reports whose paragraphs were aligned with those of ``rows`` (or stand in
    the LSH through them): they are compared again when ``rows`` leave."""
    marks = ",".join("?" * len(rows))
    found = con.execute(
        f"SELECT doc FROM paras WHERE digest IN (SELECT digest FROM paras WHERE doc IN ({marks}) "
        f"AND rep = 1) UNION SELECT a FROM links WHERE b IN ({marks}) "
        f"UNION SELECT b FROM links WHERE a IN ({marks})",
        rows * 3,
    ).fetchall()
    gone = set(rows)
    return [
        i
        for (r,) in found
        if r not in gone
        for (i,) in con.execute("SELECT id FROM docs WHERE row = ?", (r,))
    ]


def _digest(sig: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(sig, digest_size=8).digest(), "big", signed=True)


def _add(con, texts, masks, doc_id, lsh, seen, ids) -> None:
    rep = texts.get(doc_id)
    rec = rep.record
    paras = masker_for(rec).paragraphs(rep.text)
    masks.put(doc_id, paras)
    cur = con.execute(
        "INSERT INTO docs (id, agency, year) VALUES (?, ?, ?)",
        (doc_id, rec.get("agency") or "", rec.get("year")),
    )
    row = cur.lastrowid
    ids[row] = doc_id
    summary.mark_new(con, row)
    sents = []
    for p in paras:
        for i, j in p.sentences():
            if content_length(p.text[i:j]) >= MIN_SENTENCE:
                sents.append((sentence_hash(p.text[i:j]), row, *p.span(i, j)))
    con.executemany('INSERT INTO sents (hash, doc, start, "end") VALUES (?, ?, ?, ?)', sents)

    mine = []
    long = [p for p in paras if len(p.text) >= near.MIN_PARAGRAPH]
    for p, values in zip(long, near.signatures([p.text for p in long]), strict=True):
        sig = near.to_bytes(values)
        mine.append((p, near.minhash(values), sig, _digest(sig)))
    links = []
    for p, m, _, digest in mine:
        cands = [seen[digest]] if digest in seen else near.candidates(lsh, m, _sigs(con))
        for other, start in _places(con, cands):
            q = masks.get(ids[other]).get(start)
            if q is None:
                continue
            for i, j, n in near.align(p.text, q.text):
                links.append((row, *p.span(i, i + n), other, *q.span(j, j + n)))
    con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", links)
    # Inserted after querying, so a report is never its own candidate and each
    # pair is aligned once, from the later report's side.
    for p, m, sig, digest in mine:
        rep = digest not in seen
        cur = con.execute(
            "INSERT INTO paras (doc, start, sig, digest, rep) VALUES (?, ?, ?, ?, ?)",
            (row, p.starts[0], sig, digest, rep),
        )
        if rep:
            lsh.insert(cur.lastrowid, m, check_duplication=False)
            seen[digest] = cur.lastrowid


def _sigs(con):
    """Signatures of paragraph rows, read from the store when candidates must be ranked."""

    def get(rows: list[int]) -> dict[int, bytes]:
        marks = ",".join("?" * len(rows))
        return dict(con.execute(f"SELECT row, sig FROM paras WHERE row IN ({marks})", rows))

    return get


def _places(con, rows: list[int]) -> list[tuple[int, int]]:
    """(doc row, start) of each paragraph row."""
    return [
        con.execute("SELECT doc, start FROM paras WHERE row = ?", (r,)).fetchone() for r in rows
    ]


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
