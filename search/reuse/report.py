"""One report's reuse: which of its characters are found elsewhere, from whom, of what kind.

Assembled on request from the store (sentence hashes and aligned paragraph spans),
so the kinds follow the collection as it is now: a sentence becomes a template
when enough agencies use it, whenever their reports were indexed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np

from ..errors import ReuseNotReadyError
from ..model import PART_OTHER, PARTS, Section
from .source import StoredReport

KIND_TEMPLATE, KIND_SELF, KIND_OTHER = "template", "self", "other"
_RANK = {KIND_TEMPLATE: 0, KIND_SELF: 1, KIND_OTHER: 2}
# A masked sentence used by at least this many agencies in one year is a template:
# see README (reuse) for why 5.
TEMPLATE_AGENCIES = 5
# Matches with one source closer than GAP characters (in both texts) form one
# passage (a changed word between two aligned blocks); a passage counts as reuse
# only from MIN_PASSAGE characters (whitespace removed).  Unrelated reports share stock clauses
# (坚持以习近平新时代中国特色社会主义思想为指导, headings, the 纲要's title) of up
# to 50 characters in the measurements of README (reuse); a copied paragraph is longer.
# Template sentences are exempt: the number of agencies using them is the evidence.
GAP = 12
MIN_PASSAGE = 60
# Reports a shared sentence is taken from, at most (the same agency's first, then the
# earliest).  Every source of every sentence is a candidate the assembly weighs, so the
# work per report grew with the collection until this cap: 5 instead of 20 gave the same
# share for every one of 3,000 synthetic reports and named the same source for 99.99% of
# the reused characters (README, reuse: scale).
MAX_SOURCES = 5
_WHITESPACE = np.array([ord(c) for c in " \t\n\r\f\v\u3000\xa0\u2002\u2003\u200b"], np.uint32)


@dataclass
class ReuseSource:
    id: str
    agency: str
    year: int | None
    kind: str  # other / self / template
    chars: int  # characters (whitespace removed) of the report attributed to this source
    share: float  # chars / the report's characters


@dataclass
class ReuseSpan:
    start: int  # offsets in the report's cleaned text
    end: int
    source_id: str
    source_start: int  # the matching passage in the source's cleaned text
    source_end: int
    kind: str


@dataclass
class ReuseReport:
    id: str
    share: float  # fraction of the report's characters (whitespace removed) in reused spans
    by_part: dict[str, float]  # the same fraction within each required part it has
    sources: list[ReuseSource] = field(default_factory=list)
    spans: list[ReuseSpan] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def kind_of(agency: str, year: int | None, s_agency: str, s_year: int | None) -> str | None:
    """How a report relates to a possible source, or None when it cannot be one.

    A source is an earlier or same-year report of another agency (``other``) or an
    earlier report of the same agency (``self``); a later report copied from it, not
    the reverse.  Reports without a year are compared with everything.
    """
    unknown = year is None or s_year is None
    if agency and agency == s_agency:
        return KIND_SELF if unknown or s_year < year else None
    return KIND_OTHER if unknown or s_year <= year else None


class Templates:
    """Template hashes by year and their first appearances, read once for many reports
    (the summaries of a whole collection) instead of once per report."""

    def __init__(self, con, k: int = TEMPLATE_AGENCIES) -> None:
        self.by_year: dict[int, set[int]] = {}
        for h, y in con.execute(
            "SELECT s.hash, d.year FROM sents s JOIN docs d ON d.row = s.doc "
            "WHERE d.agency != '' AND d.year IS NOT NULL GROUP BY s.hash, d.year "
            "HAVING COUNT(DISTINCT d.agency) >= ?",
            (k,),
        ):
            self.by_year.setdefault(y, set()).add(h)
        every = set().union(*self.by_year.values()) if self.by_year else set()
        self.first: dict[int, list[tuple[int, int, int]]] = {}
        for h, doc, start, end in con.execute(
            'SELECT hash, doc, start, "end" FROM (SELECT s.hash, s.doc, s.start, s."end", '
            "ROW_NUMBER() OVER (PARTITION BY s.hash ORDER BY d.year IS NULL, d.year, d.id, "
            "s.start) AS n FROM sents s JOIN docs d ON d.row = s.doc) WHERE n <= 3"
        ):
            if h in every:
                self.first.setdefault(h, []).append((doc, start, end))


def _first_appearance(con, h: int, row: int, tmpl: Templates | None):
    for got in tmpl.first.get(h, []) if tmpl else []:
        if got[0] != row:
            return got
    return con.execute(
        'SELECT s.doc, s.start, s."end" FROM sents s JOIN docs d ON d.row = s.doc '
        "WHERE s.hash = ? AND s.doc != ? ORDER BY d.year IS NULL, d.year, d.id, s.start LIMIT 1",
        (h, row),
    ).fetchone()


def _intervals(con, row: int, year: int | None, k: int, tmpl: Templates | None = None):
    """(start, end, source row, source start, source end, template?) of every match."""
    mine = con.execute('SELECT hash, start, "end" FROM sents WHERE doc = ?', (row,)).fetchall()
    if tmpl is not None and year is not None:
        templates = tmpl.by_year.get(year, set()) & {h for h, _, _ in mine}
    else:
        year_cond = "AND d.year = ?" if year is not None else ""
        args = (row, year) if year is not None else (row,)
        templates = {
            h
            for h, n in con.execute(
                "SELECT s.hash, COUNT(DISTINCT d.agency) FROM sents s JOIN docs d "
                "ON d.row = s.doc WHERE s.hash IN (SELECT hash FROM sents WHERE doc = ?) "
                f"AND d.agency != '' {year_cond} GROUP BY s.hash",
                args,
            )
            if n >= k
        }
    out = []
    firsts: dict[int, tuple | None] = {}
    for h, start, end in mine:
        if h in templates:  # the template's first appearance stands for its source
            if h not in firsts:
                firsts[h] = _first_appearance(con, h, row, tmpl)
            if firsts[h]:
                out.append((start, end, *firsts[h], True))
    # A sentence shared by many reports (a collection full of copies) is taken from at
    # most MAX_SOURCES of them: the same agency's first, then the earliest; reports
    # later than this one cannot be its source and are not read.  The sources are
    # chosen once per distinct sentence, not per occurrence: their order does not
    # depend on where the sentence stands in this report, and joining occurrence to
    # occurrence made a report repeating one sentence n times cost n*n rows (32,000
    # repeated lines: minutes).  Template sentences are left out inside the query:
    # joined, one used by every report would cost a row per report for every report.
    agency = con.execute("SELECT agency FROM docs WHERE row = ?", (row,)).fetchone()[0]
    sources: dict[int, list[tuple[int, int, int]]] = {}
    for h, src, s_start, s_end in con.execute(
        "WITH mine AS (SELECT DISTINCT hash FROM sents WHERE doc = :row "
        "AND hash NOT IN (SELECT value FROM json_each(:templates))) "
        "SELECT hash, doc, s_start, s_end FROM ("
        'SELECT b.hash, b.doc, b.start AS s_start, b."end" AS s_end, '
        "ROW_NUMBER() OVER (PARTITION BY b.hash ORDER BY d.agency = :agency DESC, "
        "d.year IS NULL, d.year, b.doc, b.start) AS n "
        "FROM mine m JOIN sents b ON b.hash = m.hash AND b.doc != :row "
        "JOIN docs d ON d.row = b.doc "
        "WHERE (d.year IS NULL OR :year IS NULL OR d.year <= :year)) WHERE n <= :most",
        {
            "row": row,
            "agency": agency,
            "year": year,
            "most": MAX_SOURCES,
            "templates": json.dumps(sorted(templates)),
        },
    ):
        sources.setdefault(h, []).append((src, s_start, s_end))
    out += [(start, end, *source, False) for h, start, end in mine for source in sources.get(h, ())]
    out += [
        (*r, False)
        for r in con.execute(
            "SELECT a_start, a_end, b, b_start, b_end FROM links WHERE a = ? "
            "UNION ALL SELECT b_start, b_end, a, a_start, a_end FROM links WHERE b = ?",
            (row, row),
        )
    ]
    return out


def _passages(found: list, weights: np.ndarray, min_passage: int) -> list:
    """The matches with one source that lie in passages of at least MIN_PASSAGE characters."""
    found.sort()
    kept: list = []
    group: list = []
    end = s_start = s_end = -GAP - 1

    def flush() -> None:
        if group:
            lo, hi = group[0][0], max(c[1] for c in group)
            covered = np.zeros(hi - lo, dtype=bool)
            for c in group:
                covered[c[0] - lo : c[1] - lo] = True
            if int((covered & weights[lo:hi]).sum()) >= min_passage:
                kept.extend(group)

    for c in found:
        # One passage: close in this report and in the source alike (a chain of
        # stock clauses quoted in a different order is not a copied passage).
        if c[0] - end > GAP or not s_start - GAP <= c[3] <= s_end + GAP:
            flush()
            group = []
            s_start, s_end = c[3], c[4]
        group.append(c)
        end, s_start, s_end = max(end, c[1]), min(s_start, c[3]), max(s_end, c[4])
    flush()
    return kept


def char_weights(text: str) -> np.ndarray:
    """True for each character of ``text`` that counts (everything but whitespace)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return ~np.isin(cps, _WHITESPACE)


def part_array(text: str, sections: list[Section]) -> np.ndarray:
    """The index in PARTS of the part each character of ``text`` is in."""
    parts = np.full(len(text), PARTS.index(PART_OTHER), dtype=np.int8)
    for sec in sorted(sections, key=lambda s: (s.start, s.level)):
        parts[sec.start : sec.end] = PARTS.index(sec.part)
    return parts


def doc_table(con) -> dict[int, tuple[str, str, int | None]]:
    """Store row -> (id, agency, year) of every compared report."""
    return {r: (i, a, y) for r, i, a, y in con.execute("SELECT row, id, agency, year FROM docs")}


def assemble(
    con,
    rep: StoredReport,
    k: int = TEMPLATE_AGENCIES,
    min_passage: int = MIN_PASSAGE,
    docs: dict[int, tuple[str, str, int | None]] | None = None,
    templates: Templates | None = None,
) -> ReuseReport:
    """The ReuseReport of one stored report (see the module docstring).

    ``templates`` (for k) saves reading them again when many reports are assembled.
    """
    got = con.execute("SELECT row, agency, year FROM docs WHERE id = ?", (rep.id,)).fetchone()
    if got is None:
        raise ReuseNotReadyError(
            f"report {rep.id!r} has no reuse data yet: run `python -m search reuse --update`"
        )
    row, agency, year = got
    docs = docs if docs is not None else doc_table(con)
    weights = char_weights(rep.text)
    total = int(weights.sum()) or 1
    grouped: dict[tuple[int, str], list] = {}
    for start, end, src, s_start, s_end, template in _intervals(con, row, year, k, templates):
        _, s_agency, s_year = docs[src]
        kind = KIND_TEMPLATE if template else kind_of(agency, year, s_agency, s_year)
        if kind is not None:
            grouped.setdefault((src, kind), []).append((start, end, src, s_start, s_end, kind))
    cands = []
    size: dict[tuple[int, str], int] = {}
    for key, found in grouped.items():
        kept = found if key[1] == KIND_TEMPLATE else _passages(found, weights, min_passage)
        cands += kept
        size[key] = sum(c[1] - c[0] for c in kept)
    # Each character goes to one source: templates first, then the agency's own
    # earlier reports, then the source sharing the most text with this report.
    cands.sort(key=lambda c: (_RANK[c[5]], -size[c[2], c[5]], docs[c[2]][2] or 0, c[2], c[0]))
    owner = np.full(len(rep.text), -1, dtype=np.int32)
    for n, (start, end, *_rest) in enumerate(cands):
        seg = owner[start:end]
        seg[seg == -1] = n
    covered = (owner >= 0) & weights
    parts = part_array(rep.text, rep.sections)
    by_part = {}
    for p, name in enumerate(PARTS):
        inside = weights & (parts == p)
        if inside.any():
            by_part[name] = round(float((covered & inside).sum() / inside.sum()), 4)
    spans, chars = _runs(owner, weights, cands, docs)
    sources = [
        ReuseSource(
            id=docs[src][0],
            agency=docs[src][1],
            year=docs[src][2],
            kind=kind,
            chars=c,
            share=round(c / total, 4),
        )
        for (src, kind), c in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return ReuseReport(
        id=rep.id,
        share=round(float(covered.sum()) / total, 4),
        by_part=by_part,
        sources=sources,
        spans=spans,
    )


def _runs(owner: np.ndarray, weights: np.ndarray, cands, docs):
    """Maximal runs of characters owned by one match, as spans; characters per source."""
    spans: list[ReuseSpan] = []
    chars: dict[tuple[int, str], int] = {}
    if not len(owner):
        return spans, chars
    cuts = np.flatnonzero(np.diff(owner)) + 1
    bounds = np.concatenate(([0], cuts, [len(owner)]))
    for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        n = int(owner[s])
        if n < 0:
            continue
        c = int(weights[s:e].sum())
        if not c:
            continue
        _, _, src, s_start, s_end, kind = cands[n]
        spans.append(ReuseSpan(s, e, docs[src][0], s_start, s_end, kind))
        chars[src, kind] = chars.get((src, kind), 0) + c
    return spans, chars
