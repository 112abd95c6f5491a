"""The concordance (语境): every match of a query in every matching report, one line each.

A line is one match in its sentence: left context, the match, right context
(key word in context).  A sentence with two matches gives two lines, each
showing both marked.  Lines are sorted by agency, year, part, or the words
just before or after the match, and paged.

Paging past any limit without building every line: a first pass over the
matching reports keeps only a small sort key per match; the page's lines (or,
for an export, every line) are then built from their reports' texts, each
report read once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import QueryError
from .export import marked, query_text, source_of
from .model import PART_OTHER, PARTS, Section
from .snippets import mark, section_at, sentence_bounds

CONCORDANCE_SORTS = ("agency", "year", "part", "left", "right")
MAX_LINES_PER_PAGE = 1000
# Characters of context a left/right sort compares: enough to group the
# phrases a researcher looks for, short enough to keep 100,000 keys small.
_SORT_KEY = 24

# What the index gives for one matching report: its cleaned text, its
# sections, and the (start, end) spans of its matches in that text.
Loaded = tuple[str, list[Section], list[tuple[int, int]]]


@dataclass
class ConcordanceLine:
    """One match in its sentence, with the report's citation details."""

    id: str
    path: str
    url: str
    agency: str
    region: str
    level: str
    year: int | None
    date: str
    doc_number: str
    title: str
    part: str  # one of PARTS
    section: str  # heading of the innermost section, "" before the first heading
    left: str  # the sentence before the match
    match: str
    right: str  # the sentence after the match
    start: int  # the match's offsets in the cleaned text
    end: int
    sentence: str  # left + match + right
    # Every match in the sentence (this one included), as offsets in ``sentence``.
    marks: list[tuple[int, int]] = field(default_factory=list)
    ordinal: int = 0  # 1 for the report's first match: the report page's mark m1, m2 …

    @property
    def left_html(self) -> str:
        """The left context, escaped, with any other match in it in <mark>."""
        return mark(self.left, self.marks, offset=0)

    @property
    def right_html(self) -> str:
        return mark(self.right, self.marks, offset=len(self.left) + len(self.match))

    def citation(self, query: str) -> tuple[object, ...]:
        """The line as a row of the citation table (``search.export.CITATION_COLUMNS``)."""
        return (
            self.agency,
            self.region,
            self.year or "",
            self.date,
            self.doc_number,
            self.title,
            self.part,
            self.section,
            marked(self.sentence, self.marks),
            query,
            source_of(self.url, self.path),
            self.id,
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "agency": self.agency,
            "region": self.region,
            "year": self.year,
            "date": self.date,
            "doc_number": self.doc_number,
            "title": self.title,
            "part": self.part,
            "section": self.section,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }


@dataclass
class Concordance:
    query: str
    query_text: str  # the query with its filters, as cited in an export
    sort: str
    total: int  # lines (matches) over all pages
    reports: int  # reports holding at least one line
    page: int
    per_page: int
    lines: list[ConcordanceLine]
    has_terms: bool = True  # False: the query only filters, there is nothing to mark

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page)) if self.per_page else 1

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "sort": self.sort,
            "total": self.total,
            "reports": self.reports,
            "page": self.page,
            "per_page": self.per_page,
            "lines": [line.to_json() for line in self.lines],
        }


def check_sort(sort: str) -> None:
    if sort not in CONCORDANCE_SORTS:
        raise QueryError(f"sort must be one of {', '.join(CONCORDANCE_SORTS)}, not {sort!r}")


def check_page(page: object, per_page: object) -> None:
    if not isinstance(page, int) or page < 1:
        raise QueryError(f"page must be a whole number from 1, not {page!r}")
    if not isinstance(per_page, int) or not 0 <= per_page <= MAX_LINES_PER_PAGE:
        raise QueryError(f"per_page must be from 1 to {MAX_LINES_PER_PAGE} (0 for all)")


def _doc_key(record: dict) -> tuple:
    agency = record.get("agency") or ""
    # Unknown agencies and years after the known ones.
    return (not agency, agency, record.get("year") or 9999, record.get("date") or "", record["id"])


def _bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """The sentence around text[s:e], without the whitespace at its ends."""
    bs, be = sentence_bounds(text, s, e)
    bs, be = min(bs, s), max(be, e)
    while bs < s and text[bs].isspace():
        bs += 1
    while be > e and text[be - 1].isspace():
        be -= 1
    return bs, be


def _part_of(sections: list[Section], offset: int) -> str:
    sec = section_at(sections, offset)
    return sec.part if sec else PART_OTHER


def _keys(
    docs: Iterable[int],
    records: dict[int, dict],
    load: Callable[[int], Loaded],
    sort: str,
) -> list[tuple]:
    """One small sort key per match: (key..., docnum, span index)."""
    keys: list[tuple] = []
    for d in docs:
        text, sections, spans = load(d)
        if not spans:
            continue
        rec = records[d]
        base = _doc_key(rec)
        year = rec.get("year")
        for i, (s, e) in enumerate(spans):
            if sort == "agency":
                k: tuple = base
            elif sort == "year":
                k = (year is None, -(year or 0), *base)
            elif sort == "part":
                k = (PARTS.index(_part_of(sections, s)), *base)
            elif sort == "left":
                bs, _ = _bounds(text, s, e)
                left = "".join(text[bs:s].split())
                k = (left[::-1][:_SORT_KEY], *base)
            else:
                _, be = _bounds(text, s, e)
                k = ("".join(text[e:be].split())[:_SORT_KEY], *base)
            keys.append((k, s, d, i))
    keys.sort()
    return keys


def _line(record: dict, text: str, sections: list[Section], spans, i: int) -> ConcordanceLine:
    s, e = spans[i]
    bs, be = _bounds(text, s, e)
    sec = section_at(sections, s)
    inside = [(max(ms, bs) - bs, min(me, be) - bs) for ms, me in spans if ms < be and me > bs]
    return ConcordanceLine(
        id=record["id"],
        path=record.get("path", ""),
        url=record.get("url", "") or "",
        agency=record.get("agency", "") or "",
        region=record.get("region", "") or "",
        level=record.get("level", "") or "",
        year=record.get("year"),
        date=record.get("date", "") or "",
        doc_number=record.get("doc_number", "") or "",
        title=record.get("title", "") or "",
        part=sec.part if sec else PART_OTHER,
        section=sec.heading if sec else "",
        left=text[bs:s],
        match=text[s:e],
        right=text[e:be],
        start=s,
        end=e,
        sentence=text[bs:be],
        marks=inside,
        ordinal=i + 1,
    )


def _build(
    chosen: list[tuple], records: dict[int, dict], load: Callable[[int], Loaded]
) -> Iterator[ConcordanceLine]:
    """The lines of ``chosen`` keys in their order, each report's text read once."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for _, _, d, i in chosen:
        wanted[d].append(i)
    built: dict[tuple[int, int], ConcordanceLine] = {}
    for d, indexes in wanted.items():
        text, sections, spans = load(d)
        for i in indexes:
            built[(d, i)] = _line(records[d], text, sections, spans, i)
    for _, _, d, i in chosen:
        yield built[(d, i)]


def concordance(
    query: str,
    filters: dict[str, object],
    docs: Iterable[int],
    records: dict[int, dict],
    load: Callable[[int], Loaded],
    *,
    has_terms: bool,
    sort: str = "agency",
    page: int = 1,
    per_page: int = 100,
) -> Concordance:
    """One page of the concordance of ``docs``; ``per_page=0`` gives every line."""
    check_sort(sort)
    check_page(page, per_page)
    keys = _keys(sorted(docs), records, load, sort) if has_terms else []
    window = keys if per_page == 0 else keys[(page - 1) * per_page : page * per_page]
    return Concordance(
        query=query,
        query_text=query_text(query, filters),
        sort=sort,
        total=len(keys),
        reports=len({k[2] for k in keys}),
        page=page,
        per_page=per_page,
        lines=list(_build(window, records, load)),
        has_terms=has_terms,
    )
