"""One agency's report beside its previous one: what is repeated, what is new, and
what became of last year's plans (下一年度工作安排).

Repeated text is every match (masked sentence or aligned passage, any length the
pass keeps) between the two reports.  A plan item of last year is *followed up*
when this year's 举措和成效 has a sentence containing most of its character
bigrams, and *carried over* when this year's 不足 or 下一年度 part does: plans are
reworded into results ("加强法律法规培训" -> "组织法律法规培训12场"), so the test is
containment of the item's bigrams, not an exact match.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field

import numpy as np

from ..fold import fold
from ..model import PARTS
from .report import _intervals, char_weights, part_array
from .source import ReportLookup, StoredReport
from .store import connect

# Share of a plan item's Han bigrams a sentence must contain to count as the item
# again (see the module docstring and README (reuse) for how it was chosen).
FOLLOW_UP = 0.5
CARRY_OVER = 0.6
MIN_ITEM = 8  # Han characters: shorter clauses are headings or connectives
_RESULTS, _SHORT, _PLAN = PARTS[0], PARTS[1], PARTS[3]
_PLAN_LEAD = re.compile(r"^\s*(?:下一步|下一年度|明年|\d{4}年(?:工作)?(?:计划|打算|安排|思路))")
_ITEM_CUT = re.compile(r"[。;!?\n]|(?<=[,:])(?=[一二三四五六七八九十]是)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A line with no punctuation ending in an agency's kind is the signature, not a plan.
_SIGNATURE = re.compile(r"^[^,、;:。()“”]{2,30}(?:局|委|委员会|府|政府|院|办|办公室|中心|厅|部)$")


@dataclass
class PlanItem:
    text: str  # the item as last year's report wrote it
    start: int  # in last year's cleaned text
    end: int
    status: str  # followed / carried / both / none
    followed: str = ""  # this year's sentence that follows it up
    carried: str = ""  # this year's sentence that repeats it as a plan or shortcoming


@dataclass
class YearOverYear:
    id: str
    previous_id: str | None  # the same agency's latest earlier report, if any
    agency: str
    year: int | None
    previous_year: int | None
    repeated: float  # share of this report's characters found in the previous one
    by_part: dict[str, float] = field(default_factory=dict)  # repeated share per part
    left_html: list[str] = field(default_factory=list)  # this report, repeated text in <mark>
    right_html: list[str] = field(default_factory=list)  # the previous one, likewise
    plans: list[PlanItem] = field(default_factory=list)


def year_over_year(doc_id: str, index_dir: str | os.PathLike) -> YearOverYear:
    """Report ``doc_id`` beside its agency's previous report (``ReuseNotReadyError`` if unknown)."""
    from ..errors import ReuseNotReadyError

    con = connect(index_dir)
    try:
        got = con.execute("SELECT row, agency, year FROM docs WHERE id = ?", (doc_id,)).fetchone()
        with ReportLookup(index_dir) as lookup:
            this = lookup.get(doc_id)
            if got is None:
                raise ReuseNotReadyError(f"report {doc_id!r} has no reuse data yet")
            row, agency, year = got
            prev = None
            if agency and year is not None:
                prev = con.execute(
                    "SELECT row, id, year FROM docs WHERE agency = ? AND year < ? "
                    "ORDER BY year DESC, id LIMIT 1",
                    (agency, year),
                ).fetchone()
            out = YearOverYear(doc_id, None, agency, year, None, 0.0)
            if prev is None:
                out.left_html = _marked(this.text, [])
                return out
            last = lookup.get(prev[1])
            found = [c for c in _intervals(con, row, year, 1 << 30) if c[2] == prev[0]]
    finally:
        con.close()
    out.previous_id, out.previous_year = prev[1], prev[2]
    weights = char_weights(this.text)
    covered = np.zeros(len(this.text), dtype=bool)
    for c in found:
        covered[c[0] : c[1]] = True
    out.repeated = round(float((covered & weights).sum()) / max(int(weights.sum()), 1), 4)
    parts = part_array(this.text, this.sections)
    for p, name in enumerate(PARTS):
        inside = weights & (parts == p)
        if inside.any():
            out.by_part[name] = round(float((covered & inside).sum() / inside.sum()), 4)
    out.left_html = _marked(this.text, [(c[0], c[1]) for c in found])
    out.right_html = _marked(last.text, [(c[3], c[4]) for c in found])
    out.plans = plan_items(last, this)
    return out


def plan_items(last: StoredReport, this: StoredReport) -> list[PlanItem]:
    """Last year's plan items, each with what became of it this year."""
    results = _sentences(this, {_RESULTS})
    again = _sentences(this, {_SHORT, _PLAN})
    items = []
    for s, e in _plan_spans(last):
        text = last.text[s:e].strip()
        grams = _bigrams(text)
        follow = _best(grams, results, FOLLOW_UP)
        carry = _best(grams, again, CARRY_OVER)
        status = {(True, True): "both", (True, False): "followed", (False, True): "carried"}.get(
            (bool(follow), bool(carry)), "none"
        )
        items.append(PlanItem(text, s, e, status, follow, carry))
    return items


def _plan_spans(rep: StoredReport) -> list[tuple[int, int]]:
    """(start, end) of each item of the report's plan: its 下一年度 part, or failing
    that what follows a 下一步/明年 sentence in its last part."""
    zones = [(s.start, s.end) for s in rep.sections if s.part == _PLAN and s.level == 1]
    if not zones:
        pos, lead = 0, None
        for line in rep.text.split("\n"):
            if _PLAN_LEAD.match(line):
                lead = pos
            pos += len(line) + 1
        zones = [(lead, len(rep.text))] if lead is not None else []
    out = []
    for lo, hi in zones:
        start = lo
        for m in _ITEM_CUT.finditer(fold(rep.text[lo:hi]) + "\n"):
            end = lo + m.end()
            piece = rep.text[start:end]
            if (
                len(_HAN.findall(piece)) >= MIN_ITEM
                and not _PLAN_LEAD.match(piece)
                and not _SIGNATURE.match(fold(piece).strip())
            ):
                out.append((start, min(end, hi)))
            start = end
    return out


def _sentences(rep: StoredReport, parts: set[str]) -> list[str]:
    arr = part_array(rep.text, rep.sections)
    want = [PARTS.index(p) for p in parts]
    out, start = [], 0
    for m in re.finditer(r"[。;!?\n]", fold(rep.text) + "\n"):
        end = m.end()
        if start < len(arr) and arr[start] in want and rep.text[start:end].strip():
            out.append(rep.text[start:end].strip())
        start = end
    return out


def _bigrams(text: str) -> set[str]:
    han = "".join(_HAN.findall(fold(text)))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _best(grams: set[str], sentences: list[str], threshold: float) -> str:
    if not grams:
        return ""
    best, score = "", 0.0
    for s in sentences:
        got = len(grams & _bigrams(s)) / len(grams)
        if got > score:
            best, score = s, got
    return best if score >= threshold else ""


def _marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The paragraphs of ``text`` as escaped HTML, the characters in ``spans`` in <mark>."""
    flag = np.zeros(len(text) + 1, dtype=bool)
    for s, e in spans:
        flag[s:e] = True
    out, pos = [], 0
    for line in text.split("\n"):
        pieces, i = [], 0
        while i < len(line):
            j = i
            while j < len(line) and flag[pos + j] == flag[pos + i]:
                j += 1
            chunk = html.escape(line[i:j])
            pieces.append(f"<mark>{chunk}</mark>" if flag[pos + i] else chunk)
            i = j
        if line.strip():
            out.append("".join(pieces))
        pos += len(line) + 1
    return out
