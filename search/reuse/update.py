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
_CACHE = 256  # masked reports kept for aligning candidates


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

    def put(self, doc_id: str, paras: list[Masked]) -> None:
        self.cache[doc_id] = {p.starts[0]: p for p in paras}
        while len(self.cache) > _CACHE:
            self.cache.popitem(last=False)

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
    out = ReuseUpdate()
    with IndexTexts(index_dir) as texts:
        con = connect(index_dir, write=True)
        try:
            known = doc_rows(con)
            gone = [i for i in known if i not in texts.records]
            if gone:
                with con:
                    rows = [known[i][0] for i in gone]
                    summary.mark_neighbours(con, rows)  # they lose a source
                    remove_docs(con, rows)
                out.removed = gone
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
    sigs: dict[int, near.MinHash] = {}
    para_doc: dict[int, tuple[int, int]] = {}  # para row -> (doc row, start)
    with lsh.insertion_session() as session:
        for row, doc, start, sig in con.execute("SELECT row, doc, start, sig FROM paras"):
            m = near.from_bytes(sig)
            session.insert(row, m, check_duplication=False)
            sigs[row] = m
            para_doc[row] = (doc, start)
    ids = {r: i for i, (r, _, _) in doc_rows(con).items()}
    masks = _Masks(texts)
    for k in range(0, len(new), CHUNK):
        with con:  # one transaction: all of a chunk's reports, or none
            for doc_id in new[k : k + CHUNK]:
                _add(con, texts, masks, doc_id, lsh, sigs, para_doc, ids)


def _add(con, texts, masks, doc_id, lsh, sigs, para_doc, ids) -> None:
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

    mine = [(p, near.signature(p.text)) for p in paras if len(p.text) >= near.MIN_PARAGRAPH]
    links = []
    for p, m in mine:
        for cand in near.candidates(lsh, m, sigs, set()):
            other, start = para_doc[cand]
            q = masks.get(ids[other]).get(start)
            if q is None:
                continue
            for i, j, n in near.align(p.text, q.text):
                links.append((row, *p.span(i, i + n), other, *q.span(j, j + n)))
    con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)", links)
    # Inserted after querying, so a report is never its own candidate and each
    # pair is aligned once, from the later report's side.
    for p, m in mine:
        cur = con.execute(
            "INSERT INTO paras (doc, start, sig) VALUES (?, ?, ?)",
            (row, p.starts[0], near.to_bytes(m)),
        )
        lsh.insert(cur.lastrowid, m, check_duplication=False)
        sigs[cur.lastrowid] = m
        para_doc[cur.lastrowid] = (row, p.starts[0])


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
