"""Two reused passages side by side: each in its paragraph, what they share marked.

Inside the two passages, the runs of characters both have (after ``fold``) are in
<mark>; what the copier changed (a name, a number, a reworded phrase) stays
plain, so the eye goes to the difference.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..errors import SearchError
from ..fold import fold

# Shared runs shorter than this are not marked: single characters in common
# between two different phrasings are noise.
MIN_SHARED = 2
# Characters of the paragraph shown either side of a passage, at most.
CONTEXT = 400


@dataclass
class Passage:
    start: int  # the passage, in the report's cleaned text
    end: int
    context_start: int  # the paragraph(s) shown around it
    context_end: int
    html: str  # the paragraph(s), escaped; the passage in <span class="passage">, shared in <mark>


@dataclass
class ReusePair:
    left: Passage
    right: Passage
    shared: int  # characters marked as shared (whitespace not counted)


def reuse_pair(
    left_text: str, left: tuple[int, int], right_text: str, right: tuple[int, int]
) -> ReusePair:
    """The passages ``left`` of ``left_text`` and ``right`` of ``right_text`` side by side.

    Each is shown in its paragraph (at most CONTEXT characters either side), and
    what the two paragraphs share is marked throughout: a passage is often one
    piece of a paragraph copied whole, with a changed name splitting it.
    """
    for text, (s, e) in ((left_text, left), (right_text, right)):
        if not 0 <= s < e <= len(text):
            raise SearchError(f"passage {s}-{e} is outside the report (0-{len(text)})")
    (l0, l1), (r0, r1) = _context(left_text, *left), _context(right_text, *right)
    a, b = left_text[l0:l1], right_text[r0:r1]
    sm = SequenceMatcher(None, fold(a), fold(b), autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size >= MIN_SHARED]
    shared = sum(len("".join(a[blk.a : blk.a + blk.size].split())) for blk in blocks)
    return ReusePair(
        _passage(left_text, left, (l0, l1), [(l0 + blk.a, blk.size) for blk in blocks]),
        _passage(right_text, right, (r0, r1), [(r0 + blk.b, blk.size) for blk in blocks]),
        shared,
    )


def _context(text: str, s: int, e: int) -> tuple[int, int]:
    lo = max(text.rfind("\n", 0, s) + 1, s - CONTEXT)
    hi = text.find("\n", e)
    hi = min(len(text) if hi < 0 else hi, e + CONTEXT)
    return lo, hi


def _passage(
    text: str, span: tuple[int, int], ctx: tuple[int, int], marks: list[tuple[int, int]]
) -> Passage:
    """Escaped HTML of ``text[ctx]``: ``marks`` (start, size) in <mark>, ``span`` in a span."""
    cuts = sorted(
        {*ctx, *span, *(i for i, _ in marks), *(i + n for i, n in marks)}
        & set(range(ctx[0], ctx[1] + 1))
    )
    marked = [False] * (ctx[1] - ctx[0])
    for i, n in marks:
        for k in range(i, i + n):
            marked[k - ctx[0]] = True
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[lo:hi])
        if marked[lo - ctx[0]]:
            piece = f"<mark>{piece}</mark>"
        if span[0] <= lo < span[1]:
            piece = f'<span class="passage">{piece}</span>'
        out.append(piece)
    return Passage(span[0], span[1], ctx[0], ctx[1], "".join(out).replace("\n", "<br>"))
