"""Snippets and highlighting on the cleaned text, with no length limit.

Matches are found on the compact text (whitespace removed, as exactness is
defined) and mapped back to the cleaned text, so a phrase that runs across a
former line break is still marked whole.  Snippets are cut at sentence ends
(。！？；), never inside a word, and everything but <mark> is escaped.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from itertools import accumulate

from .budget import check
from .fold import fold
from .model import PART_OTHER, Section, Snippet

_WHITESPACE_SPLIT = re.compile(r"(\s+)")
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』)）]*|\n")
_UP_TO_LAST_END = re.compile(r"[\s\S]*[。！？；!?;\n]")  # greedy: through the last mark
_CLAUSE_END = re.compile(r"[，、：,:]")
# The whitespace a cleaned report holds, commonest first (``TextMap._counted``).
_COMMON_WS = ("\n", " ", "\u3000", "\t", "\r")
MAX_SNIPPET = 160  # characters: about two lines of a results page
MAX_SNIPPETS = 3
# A law can hold a common word hundreds of times: the first few dozen
# matches are plenty to choose three snippets from.
SPANS_PER_SNIPPET = 12


@dataclass
class TextMap:
    """The cleaned text and where each compact character sits in it.

    ``compact`` is folded (search.fold) as the index's compact text is, so a
    query's needles are found in it; folding is one character for one, so
    every offset maps back to the report's own characters in ``text``.
    """

    text: str
    compact: str
    _run_at: list[int]  # compact offsets at which a whitespace run was removed
    _shift: list[int]  # whitespace removed before that compact offset, cumulated
    # How far the two lists above are known (``of_compact`` builds them on demand):
    # the text offset reached and the compact characters before it.
    _text_done: int = -1  # -1: the whole text
    _compact_done: int = 0
    # The whitespace characters of ``text`` when they are a few common ones
    # (``_counted``), () when not known yet, None when another kind is there;
    # and (compact offset, text offset) pairs already mapped, in order.
    _ws: tuple[str, ...] | None = ()
    _known_c: list[int] | None = None
    _known_t: list[int] | None = None

    @classmethod
    def of(cls, text: str) -> TextMap:
        # One C-level split instead of a Python loop over every whitespace
        # run: a long law has hundreds of paragraphs, and a results page maps
        # ten reports per request.
        pieces = _WHITESPACE_SPLIT.split(text)
        chunks, runs = pieces[0::2], pieces[1::2]
        run_at = list(accumulate(map(len, chunks[:-1])))
        shift = list(accumulate(map(len, runs)))
        return cls(text, fold("".join(chunks)), run_at, shift)

    @classmethod
    def of_compact(cls, text: str, compact: str) -> TextMap:
        """The same map from the index's compact text of ``text`` (its ``compact``
        column, ``analysis.compact``): no folding, and the whitespace runs are
        found only as far into the text as offsets are asked for.

        The column is ``fold`` of the text with whitespace removed, as ``of``
        makes it: folding keeps whitespace whitespace and cleaning has already
        written list markers out (tests/test_snippets.py checks both). A
        results page asks for the first few dozen matches of ten reports, and
        folding and splitting each whole report was a third of its time.
        """
        return cls(text, compact, [], [], 0, 0)

    def _counted(self, c: int) -> int | None:
        """``to_text`` by counting whitespace characters (``str.count``, in C) from
        the nearest offset already mapped, when the text's whitespace is only the
        common kinds; None otherwise.

        Splitting the text on whitespace runs up to the match, as ``_extend``
        does, cost more than a third of a results page's snippets when the
        first match lies deep in a long report.
        """
        ws = self._ws
        if ws == ():
            text, removed = self.text, len(self.text) - len(self.compact)
            found = tuple((ch, n) for ch in _COMMON_WS if (n := text.count(ch)))
            ws = self._ws = (
                tuple(ch for ch, _ in found) if sum(n for _, n in found) == removed else None
            )
            if ws is None:
                return None
            lead = len(text) - len(text.lstrip("".join(ws)))
            self._known_c, self._known_t = [0], [lead]
        if ws is None:
            return None
        text, kc, kt = self.text, self._known_c, self._known_t
        i = bisect.bisect_right(kc, c) - 1
        c0, t0 = kc[i], kt[i]
        if c0 == c:
            return t0
        # The least t with (t - t0) - whitespace(t0, t) == c - c0, then past any
        # whitespace there: whitespace only grows with t, so this converges.
        t, w = t0, 0
        while True:
            nt = t0 + (c - c0) + w
            if nt == t:
                break
            w += sum(text.count(ch, t, nt) for ch in ws)
            t = nt
        n = len(text)
        while t < n and text[t] in ws:
            t += 1
        kc.insert(i + 1, c)
        kt.insert(i + 1, t)
        return t

    def _extend(self, c: int) -> None:
        """Record whitespace runs until compact offset ``c`` is mapped (or the text ends).

        A slice may end inside a whitespace run or a chunk: the run's rest then
        starts the next slice at the same compact offset, and ``to_text`` takes
        the last entry there, whose cumulated shift holds both halves.
        """
        text, n = self.text, len(self.text)
        while self._compact_done <= c and self._text_done < n:
            lo = self._text_done
            hi = min(n, lo + max(4096, lo))  # doubling: a few slices even for a long law
            pieces = _WHITESPACE_SPLIT.split(text[lo:hi])
            chunks, runs = pieces[0::2], pieces[1::2]
            base_c, base_s = self._compact_done, self._shift[-1] if self._shift else 0
            self._run_at.extend(base_c + x for x in accumulate(map(len, chunks[:-1])))
            self._shift.extend(base_s + x for x in accumulate(map(len, runs)))
            self._compact_done = base_c + sum(map(len, chunks))
            self._text_done = hi

    def to_text(self, c: int) -> int:
        """Offset in the cleaned text of compact character ``c``."""
        if self._text_done >= 0:
            t = self._counted(c)
            if t is not None:
                return t
            if c >= self._compact_done:
                self._extend(c)
        i = bisect.bisect_right(self._run_at, c) - 1
        return c + (self._shift[i] if i >= 0 else 0)

    def find_all(self, needles: list[str], limit: int = 0) -> list[tuple[int, int]]:
        """Every match of every needle as merged (start, end) spans of the cleaned text.

        With ``limit``, only the first ``limit`` matches (in text order): a
        common word can occur hundreds of times in a long law, and a results
        page shows three sentences.
        """
        spans = []
        for nd in needles:
            if not nd:
                continue
            found = 0
            i = self.compact.find(nd)
            while i >= 0 and (not limit or found < limit):
                spans.append((self.to_text(i), self.to_text(i + len(nd) - 1) + 1))
                found += 1
                if not found % 4096:
                    check()
                i = self.compact.find(nd, i + 1)
        spans.sort()
        if limit:
            spans = spans[:limit]
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        return merged


def mark(
    text: str, spans: list[tuple[int, int]], offset: int = 0, ids: list[str] | None = None
) -> str:
    """HTML of ``text`` with each span wrapped in <mark>; ``ids`` names each mark."""
    out, pos = [], 0
    for k, (s, e) in enumerate(spans):
        s, e = max(s - offset, 0), min(e - offset, len(text))
        if e <= s:
            continue
        out.append(html.escape(text[pos:s]))
        attr = f' id="{ids[k]}"' if ids and ids[k] else ""
        out.append(f"<mark{attr}>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def section_at(sections: list[Section], offset: int) -> Section | None:
    found = None
    for sec in sections:
        if sec.start <= offset < sec.end:
            found = sec  # sorted by start: the last that covers is the innermost
        elif sec.start > offset:
            break
    return found


def sections_at(sections: list[Section], offsets: list[int]) -> list[Section | None]:
    """``section_at`` of each offset, for offsets in ascending order, in one pass.

    A report page or an export looks up the section of every match: one
    ``section_at`` each made that quadratic in reports with thousands of
    headings and tens of thousands of matches.
    """
    out: list[Section | None] = []
    open_: list[Section] = []  # sections begun so far and not known to have ended
    i = 0
    for off in offsets:
        while i < len(sections) and sections[i].start <= off:
            open_.append(sections[i])
            i += 1
        while open_ and open_[-1].end <= off:
            open_.pop()
        # Headings nest, so the innermost section still open is the last begun.
        out.append(open_[-1] if open_ else None)
    return out


ELLIPSIS = "…"
# The label of text before the first heading (its part is 其他, as filters and facets say).
LEAD = "导语"


@dataclass(frozen=True)
class Quote:
    """A sentence as quoted: ``…`` marks each side where the sentence was shortened."""

    text: str  # the report's own characters, stripped, with ELLIPSIS where cut
    html: str  # the same, escaped, matches in <mark>
    start: int  # offsets of the quoted characters in the cleaned text
    end: int
    cut_start: bool
    cut_end: bool


def quote_sentence(
    text: str, spans: list[tuple[int, int]], start: int | None = None, end: int | None = None
) -> Quote:
    """The sentence around ``text[start:end]`` (default: the first span), matches marked.

    Every snippet and exported sentence goes through here, so a sentence
    shortened to MAX_SNIPPET never reads as if it were whole.
    """
    start = spans[0][0] if start is None else start
    end = spans[0][1] if end is None else end
    bs, be, cut_start, cut_end = _sentence(text, start, end)
    bs, be = min(bs, start), max(be, end)
    piece = text[bs:be]
    inner = [(s, e) for s, e in spans if s < be and e > bs]
    left, right = ELLIPSIS if cut_start else "", ELLIPSIS if cut_end else ""
    return Quote(
        text=left + piece.strip() + right,
        html=left + mark(piece, inner, offset=bs).strip() + right,
        start=bs,
        end=be,
        cut_start=cut_start,
        cut_end=cut_end,
    )


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], trimmed to MAX_SNIPPET at clause marks."""
    return _sentence(text, start, end)[:2]


def sentence_extent(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """``sentence_bounds`` and whether the start and the end cut the sentence short."""
    return _sentence(text, start, end)


def _sentence(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """Bounds of the (trimmed) sentence and whether each side cuts it short."""
    lo = max(0, start - 2 * MAX_SNIPPET)
    m = _UP_TO_LAST_END.match(text, lo, start)  # one backward scan, not one per mark
    s = m.end() if m else lo
    whole_s = s if m or lo == 0 else -1  # no end mark in the window: begun before it
    m = _SENTENCE_END.search(text, end, min(len(text), end + 2 * MAX_SNIPPET))
    e = m.end() if m else min(len(text), end + 2 * MAX_SNIPPET)
    whole_e = e if m or e == len(text) else -1
    if e - s > MAX_SNIPPET:
        room = max(MAX_SNIPPET - (end - start), 0)
        lo = max(s, start - room // 2)
        cut = _last_clause(text, lo, start)
        s = cut if cut is not None else lo
        hi = min(e, end + (MAX_SNIPPET - (end - s)))
        cut = _first_clause_end(text, end, hi)
        e = cut if cut is not None else hi
    return s, e, s != whole_s and s < start, e != whole_e and e > end


def _last_clause(text: str, lo: int, start: int) -> int | None:
    best = None
    for m in _CLAUSE_END.finditer(text, lo, start):
        best = m.end()
        break
    return best


def _first_clause_end(text: str, end: int, hi: int) -> int | None:
    last = None
    for m in _CLAUSE_END.finditer(text, end, hi):
        last = m.end()
    return last


def make_snippets(
    tm: TextMap, spans: list[tuple[int, int]], sections: list[Section], limit: int = MAX_SNIPPETS
) -> list[Snippet]:
    """Up to ``limit`` snippets, one per sentence, preferring different sections."""
    text = tm.text
    chosen: list[tuple[int, int]] = []
    secs_used: set[str] = set()
    candidates: list[tuple[int, int]] = []
    first_span: dict[tuple[int, int], tuple[int, int]] = {}
    for s, e in spans[: limit * SPANS_PER_SNIPPET]:
        if candidates and s < candidates[-1][1]:
            continue  # in the sentence already taken (spans come in text order)
        bs, be = sentence_bounds(text, s, e)
        bs, be = min(bs, s), max(be, e)
        if any(bs < ce and cs < be for cs, ce in candidates):
            continue
        candidates.append((bs, be))
        first_span[bs, be] = (s, e)
    # First pass one per section, then fill in document order.
    for bs, be in candidates:
        sec = section_at(sections, bs)
        name = sec.heading if sec else ""
        if name not in secs_used and len(chosen) < limit:
            chosen.append((bs, be))
            secs_used.add(name)
    for c in candidates:
        if len(chosen) >= limit:
            break
        if c not in chosen:
            chosen.append(c)
    out = []
    for c in sorted(chosen):
        s, e = first_span[c]
        q = quote_sentence(text, spans, s, e)
        sec = section_at(sections, q.start)
        out.append(
            Snippet(
                html=q.html,
                text=q.text,
                section=sec.heading if sec else "",
                part=_top_part(sections, q.start) if sections else PART_OTHER,
                start=q.start,
                end=q.end,
                label=place_label(text, sections, s, e),
            )
        )
    return out


def place_label(text: str, sections: list[Section], start: int, end: int) -> str:
    """The place to show beside a match at text[start:end] (see ``Snippet.label``)."""
    return label_in(text, sections, section_at(sections, start), start)


def label_in(text: str, sections: list[Section], sec: Section | None, start: int) -> str:
    """``place_label`` for a match at ``start`` already known to be in ``sec``."""
    if sec is None:
        if sections and start < sections[0].start:
            return LEAD
        if not sections and start < sentence_bounds(text, 0, 0)[1]:
            return LEAD  # a report without headings: its first sentence leads
        return PART_OTHER
    if start < sec.start + len(sec.heading.rstrip()):
        return ""  # the heading is the snippet itself: naming it again says nothing
    return sec.heading


def _top_part(sections: list[Section], offset: int) -> str:
    sec = section_at(sections, offset)
    return sec.part if sec else PART_OTHER


def opening(tm: TextMap, sections: list[Section]) -> list[Snippet]:
    """The report's first sentence, for reports matched by filters alone."""
    q = quote_sentence(tm.text, [], 0, 0)
    if not q.text.removesuffix(ELLIPSIS):
        return []
    first = len(tm.text) - len(tm.text.lstrip())
    return [
        Snippet(
            html=q.html,
            text=q.text,
            section="",
            part=_top_part(sections, 0),
            start=q.start,
            end=q.end,
            label=place_label(tm.text, sections, first, first),
        )
    ]
