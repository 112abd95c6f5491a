"""The concordance (语境): every match of a query in every matching report, one line each.

A line is one match in its sentence: left context, the match, right context
(key word in context).  A sentence with two matches gives two lines, each
showing both marked.  Lines are sorted by agency, year, part, or the words
just before or after the match, and paged.

Paging past any limit without building every line: a first pass over the
matching reports counts their matches in the compact text (by agency or
year: a count per report; by part: a small key per match) or, to sort by the
words around the match, keeps a short key per match; only the page's lines
(or, for an export, every line) are then built from their reports' cleaned
texts, each read once.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields

from . import partmap as partmaps
from .budget import check
from .errors import QueryError
from .export import marked, query_text, source_of
from .fields import citation_cells, split_record
from .model import PART_OTHER, Section
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
    extra: dict[str, object] = field(default_factory=dict)  # as Hit.extra

    @property
    def left_html(self) -> str:
        """The left context, escaped, with any other match in it in <mark>."""
        return mark(self.left, self.marks, offset=0)

    @property
    def right_html(self) -> str:
        return mark(self.right, self.marks, offset=len(self.left) + len(self.match))

    def citation(self, query: str) -> tuple[object, ...]:
        """The line as a row of the citation table (``search.export.export_columns()``)."""
        return (
            *citation_cells(self),
            self.part,
            self.section,
            marked(self.sentence, self.marks),
            query,
            source_of({"url": self.url, "path": self.path}),
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
            **self.extra,
        }


_LINE_ATTRS = frozenset(f.name for f in fields(ConcordanceLine))


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


class OrderCache:
    """The last few line orders of one index generation (cleared when it changes)."""

    def __init__(self, size: int = 4, max_lines: int = 200_000) -> None:
        self.size = size
        self.max_lines = max_lines  # a bigger order is not kept: 200,000 lines are ~15 MB
        self._items: OrderedDict = OrderedDict()
        self._generation: object = None

    def bind(self, generation: object) -> None:
        if generation is not self._generation:
            self._items.clear()
            self._generation = generation

    def get(self, key: tuple):
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: tuple, value: tuple[int, int, list]) -> None:
        if value[0] > self.max_lines:
            return
        self._items[key] = value
        while len(self._items) > self.size:
            self._items.popitem(last=False)


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


def match_parts(data: bytes, needles: list[bytes], partmap: bytes, want: int | None) -> list[int]:
    """The required part (index in PARTS) of each match of a report, in text order.

    Found in the compact UTF-8 text (memory-mapped, no decompression): the
    same merged matches, in the same order, as ``TextMap.find_all`` finds in
    the cleaned text, so the i-th here is the i-th line there.  ``want``
    keeps only the matches in that part, as a ``section:`` restriction does.
    """
    spans: list[tuple[int, int]] = []
    for nd in needles:
        if not nd:
            continue
        i = data.find(nd)
        while i >= 0:
            spans.append((i, i + len(nd)))
            i = data.find(nd, i + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    pm = partmaps.decode(partmap)
    starts = [s for s, _ in pm]
    other = partmaps.OTHER
    parts = [pm[bisect.bisect_right(starts, s) - 1][1] if pm else other for s, _ in merged]
    return parts if want is None else [p for p in parts if p == want]


def _order(
    docs: Iterable[int],
    records: dict[int, dict],
    load: Callable[[int], Loaded],
    parts_of: Callable[[int], list[int]],
    sort: str,
    lo: int,
    hi: float,
) -> tuple[int, int, list[tuple[int, int]]]:
    """(lines, reports, the (docnum, match index) of lines in ``sort`` order).

    By agency or year, lines follow their report's order: a count per report
    is enough, no text is read, and only lines lo to hi are listed.  By part,
    a small key per match from the compact text; by the words before or
    after, the sentence of every match: every line is listed (to be cached).
    """
    if sort == "year":
        ranked = sorted(docs, key=lambda d: _year_key(records[d]))
    else:
        ranked = sorted(docs, key=lambda d: _doc_key(records[d]))
    if sort in ("agency", "year"):
        total = reports = 0
        window: list[tuple[int, int]] = []
        for k, d in enumerate(ranked):
            if not k % 64:
                check()  # the request's time budget (search/budget.py)
            n = len(parts_of(d))
            if not n:
                continue
            if total + n > lo and total < hi:
                stop = n if hi == math.inf else min(n, int(hi) - total)
                window += [(d, i) for i in range(max(0, lo - total), stop)]
            total += n
            reports += 1
        return total, reports, window
    keys: list[tuple] = []
    for rank, d in enumerate(ranked):
        if not rank % 64:
            check()
        if sort == "part":
            keys += [(part, rank, i, d) for i, part in enumerate(parts_of(d))]
            continue
        text, _, spans = load(d)
        for i, (s, e) in enumerate(spans):
            bs, be = _bounds(text, s, e)
            if sort == "left":
                key = "".join(text[bs:s].split())[::-1][:_SORT_KEY]
            else:
                key = "".join(text[e:be].split())[:_SORT_KEY]
            keys.append((key, rank, i, d))
    keys.sort()
    return len(keys), len({k[3] for k in keys}), [(k[3], k[2]) for k in keys]


def _year_key(record: dict) -> tuple:
    year = record.get("year")
    return (year is None, -(year or 0), *_doc_key(record))


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
        extra=split_record(record, _LINE_ATTRS)[1],
    )


def _build(
    chosen: list[tuple[int, int]], records: dict[int, dict], load: Callable[[int], Loaded]
) -> Iterator[ConcordanceLine]:
    """The lines of ``chosen`` (docnum, match index) in their order, each text read once."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for d, i in chosen:
        wanted[d].append(i)
    built: dict[tuple[int, int], ConcordanceLine] = {}
    for d, indexes in wanted.items():
        text, sections, spans = load(d)
        for i in indexes:
            if i < len(spans):
                built[(d, i)] = _line(records[d], text, sections, spans, i)
    for key in chosen:
        if key in built:
            yield built[key]


def concordance(
    query: str,
    filters: dict[str, object],
    docs: Iterable[int],
    records: dict[int, dict],
    load: Callable[[int], Loaded],
    parts_of: Callable[[int], list[int]],
    *,
    has_terms: bool,
    sort: str = "agency",
    page: int = 1,
    per_page: int = 100,
    cache: OrderCache | None = None,
) -> Concordance:
    """One page of the concordance of ``docs``; ``per_page=0`` gives every line.

    ``cache`` keeps orders that cost a pass over every matching text (by part
    or by the words around the match), so the next page comes at once.
    """
    check_sort(sort)
    check_page(page, per_page)
    lo = 0 if per_page == 0 else (page - 1) * per_page
    hi = math.inf if per_page == 0 else page * per_page
    if not has_terms:
        total, reports, window = 0, 0, []
    elif sort in ("agency", "year"):
        total, reports, window = _order(docs, records, load, parts_of, sort, lo, hi)
    else:
        key = (query, tuple(sorted((k, str(v)) for k, v in filters.items())), sort)
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = _order(docs, records, load, parts_of, sort, 0, math.inf)
            if cache is not None:
                cache.put(key, found)
        total, reports, order = found
        window = order[lo:] if hi == math.inf else order[lo : int(hi)]
    return Concordance(
        query=query,
        query_text=query_text(query, filters),
        sort=sort,
        total=total,
        reports=reports,
        page=page,
        per_page=per_page,
        lines=list(_build(window, records, load)),
        has_terms=has_terms,
    )
