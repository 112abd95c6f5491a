"""Template sentences: masked sentences that at least k agencies use in one year.

A template (套话) is a sentence many agencies write alike once their own name,
places and numbers are masked (``mask.py``).  The count is of distinct agencies
in one year, so one agency repeating itself over the years never makes one.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

import numpy as np

from .report import TEMPLATE_AGENCIES
from .source import ReportLookup
from .store import connect


@dataclass
class TemplateSentence:
    text: str  # the sentence as its first appearance wrote it (cleaned text)
    year: int | None  # the year counted
    agencies: int  # distinct agencies using it that year
    reports: int  # reports using it that year
    first_id: str  # the earliest report using it (any year), and where
    first_agency: str
    first_year: int | None
    first_start: int
    first_end: int


def template_sentences(
    index_dir: str | os.PathLike,
    k: int = TEMPLATE_AGENCIES,
    year: int | None = None,
    limit: int = 200,
) -> list[TemplateSentence]:
    """Template sentences, most used first, at most ``limit`` (0: all); one row per year."""
    con = connect(index_dir)
    try:
        where = "AND d.year = ?" if year is not None else ""
        args: tuple = (year, k) if year is not None else (k,)
        rows = con.execute(
            "SELECT s.hash, d.year, COUNT(DISTINCT d.agency) AS n, COUNT(DISTINCT s.doc) "
            "FROM sents s JOIN docs d ON d.row = s.doc WHERE d.agency != '' "
            f"{where} GROUP BY s.hash, d.year HAVING n >= ? "
            "ORDER BY n DESC, d.year IS NULL, d.year, s.hash" + (" LIMIT ?" if limit else ""),
            (*args, limit) if limit else args,
        ).fetchall()
        firsts = {}
        for h in {r[0] for r in rows}:
            firsts[h] = con.execute(
                'SELECT d.id, d.agency, d.year, s.start, s."end" FROM sents s '
                "JOIN docs d ON d.row = s.doc WHERE s.hash = ? "
                "ORDER BY d.year IS NULL, d.year, d.id, s.start LIMIT 1",
                (h,),
            ).fetchone()
    finally:
        con.close()
    out = []
    with ReportLookup(index_dir) as lookup:
        texts: dict[str, str] = {}
        for h, y, n, reports in rows:
            doc_id, agency, first_year, start, end = firsts[h]
            if doc_id not in texts:
                texts[doc_id] = lookup.get(doc_id).text
            out.append(
                TemplateSentence(
                    texts[doc_id][start:end].strip(),
                    y,
                    n,
                    reports,
                    doc_id,
                    agency,
                    first_year,
                    start,
                    end,
                )
            )
    return out


def template_spans(con, doc_id: str, k: int = TEMPLATE_AGENCIES) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a report that is a template in the report's year."""
    got = con.execute("SELECT row, year FROM docs WHERE id = ?", (doc_id,)).fetchone()
    if got is None:
        return []
    row, year = got
    year_cond = "AND d.year = :year" if year is not None else ""
    return con.execute(
        'SELECT start, "end" FROM sents WHERE doc = :row AND hash IN ('
        "SELECT s.hash FROM sents s JOIN docs d ON d.row = s.doc "
        "WHERE s.hash IN (SELECT hash FROM sents WHERE doc = :row) AND d.agency != '' "
        f"{year_cond} GROUP BY s.hash HAVING COUNT(DISTINCT d.agency) >= :k) ORDER BY start",
        {"row": row, "year": year, "k": k},
    ).fetchall()


def template_only(
    index_dir: str | os.PathLike,
    snippets: dict[str, list[tuple[int, int]]],
    k: int = TEMPLATE_AGENCIES,
) -> dict[str, list[bool]]:
    """For each report id, whether each of its snippets (start, end) is template text only.

    A snippet is template text only when every character of it but whitespace and
    punctuation lies in one of the report's template sentences.  Reports the reuse
    pass has not reached get all False: nothing is hidden on a guess.
    """
    out: dict[str, list[bool]] = {}
    con = connect(index_dir)
    try:
        with ReportLookup(index_dir) as lookup:
            for doc_id, spans in snippets.items():
                found = template_spans(con, doc_id, k) if spans else []
                if not found:
                    out[doc_id] = [False] * len(spans)
                    continue
                text = lookup.get(doc_id).text
                covered = np.zeros(len(text), dtype=bool)
                for s, e in found:
                    covered[s:e] = True
                out[doc_id] = [_only_covered(text, covered, s, e) for s, e in spans]
    finally:
        con.close()
    return out


def _only_covered(text: str, covered: np.ndarray, start: int, end: int) -> bool:
    seen = False
    for i in range(max(start, 0), min(end, len(text))):
        c = text[i]
        if c.isspace() or unicodedata.category(c).startswith("P"):
            continue
        if not covered[i]:
            return False
        seen = True
    return seen
