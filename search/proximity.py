"""Proximity operators: two terms near each other, in one sentence, in one paragraph.

    A NEAR/n B   (A 间隔n字 B)   some A and some B at most n characters apart, either order
    A BEFORE/n B                 the same, A first
    A /s B       (同句(A B))     A and B in one sentence (ends at 。！？；!? or a paragraph end)
    A /p B       (同段(A B))     A and B in one paragraph of the cleaned text
    A NOT NEAR/n B               an A with no B within n characters

A side is one or more alternatives, each matched as an exact phrase.  Where
they are is worked out on the report's cleaned text, folded (``search.fold``)
with whitespace removed, so a distance counts the characters between the end
of one and the start of the other, whitespace not counted.  The evaluator,
the counts, the highlights, snippets, the concordance and the export all take
their spans from ``match_near``: what is marked is what made the report match.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .budget import check
from .fold import fold
from .model import PART_OTHER, PARTS, Section
from .snippets import TextMap, sections_at

KINDS = ("near", "before", "sentence", "paragraph", "not_near")
MAX_DISTANCE = 10_000
SENTENCE_ENDS = frozenset("。！？；!?;")
_SENTENCE_END = re.compile("[。！？；!?;]")
_WHITESPACE = re.compile(r"\s+")
_WHITESPACE_SPLIT = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Near:
    """A proximity operator between two sides, each a tuple of exact alternatives."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    kind: str  # one of KINDS
    distance: int = 0  # near, before, not_near

    def __str__(self) -> str:
        op = {
            "near": f"NEAR/{self.distance}",
            "before": f"BEFORE/{self.distance}",
            "sentence": "/s",
            "paragraph": "/p",
            "not_near": f"NOT NEAR/{self.distance}",
        }[self.kind]
        return f"{_side(self.left)} {op} {_side(self.right)}"


def _side(alts: tuple[str, ...]) -> str:
    quoted = [f'"{a}"' for a in alts]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def near_nodes(node) -> tuple[Near, ...]:
    """The proximity operators of a query whose matches count (not those under NOT)."""
    from .query import And, Or

    if isinstance(node, Near):
        return (node,)
    if isinstance(node, And | Or):
        return tuple(dict.fromkeys(n for c in node.children for n in near_nodes(c)))
    return ()


@dataclass
class NearMatch:
    """One report's satisfying pairs: how many, the spans in them, their parts."""

    pairs: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)  # cleaned-text offsets
    parts: set[str] = field(default_factory=set)


@dataclass
class _Layout:
    """A cleaned text's compact folded form, with its sentence and paragraph bounds."""

    tm: TextMap
    sentences: list[int]  # compact offsets where a sentence begins
    paragraphs: list[int]  # compact offsets where a paragraph begins

    @classmethod
    def of(cls, text: str) -> _Layout:
        tm = TextMap.of(fold(text))
        paragraphs, off = [], 0
        for line in tm.text.split("\n")[:-1]:
            off += len(_WHITESPACE.sub("", line))
            paragraphs.append(off)
        ends = [m.end() for m in _SENTENCE_END.finditer(tm.compact)]
        return cls(tm, sorted(ends + paragraphs), paragraphs)


# An occurrence: (compact start, compact end, part name).
_Occ = tuple[int, int, str]


def _find(comp: str, alts: tuple[str, ...]) -> list[tuple[int, int]]:
    found = set()
    for alt in alts:
        i = comp.find(alt)
        while i >= 0:
            found.add((i, i + len(alt)))
            if not len(found) % 4096:
                check()
            i = comp.find(alt, i + 1)
    return sorted(found)


def _occurrences(lay: _Layout, alts: tuple[str, ...], sections: list[Section]) -> list[_Occ]:
    spans = _find(lay.tm.compact, alts)
    secs = sections_at(sections, [lay.tm.to_text(s) for s, _ in spans])
    parts = [sec.part if sec else PART_OTHER for sec in secs]
    return [(s, e, p) for (s, e), p in zip(spans, parts, strict=True)]


def _pairs(
    a_all: list[_Occ], b_all: list[_Occ], node: Near, part: str | None, bounds: list[int]
) -> tuple[int, list[_Occ]]:
    """The satisfying pairs and the occurrences in them; ``bounds`` are the unit starts
    of /s or /p."""
    a = [o for o in a_all if part is None or o[2] == part]
    b = b_all if node.kind == "not_near" or part is None else [o for o in b_all if o[2] == part]
    if not a or (not b and node.kind != "not_near"):
        return 0, []
    if node.kind in ("sentence", "paragraph"):
        return _same_unit(a, b, bounds)
    if node.kind == "before":
        return _before(a, b, node.distance)
    counts = _near_counts(a, b, node.distance)
    if node.kind == "not_near":
        used = [o for o, c in zip(a, counts, strict=True) if not c]
        return len(used), used
    back = _near_counts(b, a, node.distance)
    used = [o for o, c in zip(a, counts, strict=True) if c]
    used += [o for o, c in zip(b, back, strict=True) if c]
    return sum(counts), used


def match_compact(
    data: bytes,
    part_map: list[tuple[int, int]],
    node: Near,
    part: str | None,
    text: str | None = None,
) -> NearMatch | None:
    """``match_near``'s pairs and parts from the index's compact text and part map
    (no spans), or None when it cannot tell.

    NEAR, BEFORE and NOT NEAR count characters of the compact text, which is
    the cleaned text folded without whitespace: reading, folding and mapping
    the whole stored text of every candidate cost 25-50x more.  /s and /p
    also need where the lines end, which only the stored ``text`` knows;
    without it a /s pair must still lie within the compact text's sentence
    marks (a line end only splits a sentence further), so a report with no
    such pair is settled without reading its text.
    """
    comp = data.decode("utf-8")
    bounds: list[int] = []
    if node.kind in ("sentence", "paragraph"):
        if text is None and node.kind == "paragraph":
            return None
        lines = [] if text is None else _line_ends(text, len(comp))
        if lines is None:
            return None
        ends = [m.end() for m in _SENTENCE_END.finditer(comp)] if node.kind == "sentence" else []
        bounds = sorted(ends + lines)
    starts = [len(data[:s].decode("utf-8")) for s, _ in part_map]  # a few per report
    names = [PARTS[p] for _, p in part_map]

    def occurrences(alts: tuple[str, ...]) -> list[_Occ]:
        out = []
        for s, e in _find(comp, alts):
            i = bisect.bisect_right(starts, s) - 1
            out.append((s, e, names[i] if i >= 0 else PART_OTHER))
        return out

    pairs, used = _pairs(occurrences(node.left), occurrences(node.right), node, part, bounds)
    if not pairs:
        return NearMatch()
    if node.kind == "sentence" and text is None:
        return None  # the line ends decide
    return NearMatch(pairs, [], {p for _, _, p in used})


def _line_ends(text: str, size: int) -> list[int] | None:
    """Compact offsets at which a line of ``text`` ends, or None when the text's
    characters without whitespace are not ``size`` (a character that folds to
    whitespace: let the full path decide)."""
    out, off = [], 0
    for i, piece in enumerate(_WHITESPACE_SPLIT.split(text)):
        if i % 2 == 0:
            off += len(piece)
        elif "\n" in piece:
            out += [off] * piece.count("\n")
    return out if off == size else None


def match_near(text: str, sections: list[Section], node: Near, part: str | None) -> NearMatch:
    """The pairs of ``node`` in one report, only in ``part`` when given.

    A pair is an occurrence of A and an occurrence of B (never the same
    characters twice) that satisfy the operator; a report's count is its
    number of pairs.  For NOT NEAR the count is the number of A with no B
    within the distance (anywhere in the report).  The spans are every
    occurrence that belongs to a counted pair (or the lonely A), merged.
    """
    lay = _Layout.of(text)
    a_all = _occurrences(lay, node.left, sections)
    b_all = _occurrences(lay, node.right, sections)
    bounds = lay.sentences if node.kind == "sentence" else lay.paragraphs
    pairs, used = _pairs(a_all, b_all, node, part, bounds)
    if not pairs:
        return NearMatch()
    to_text = lay.tm.to_text
    spans = _merge(sorted((to_text(s), to_text(e - 1) + 1) for s, e, _ in set(used)))
    return NearMatch(pairs, spans, {p for _, _, p in used})


def _near_counts(a: list[_Occ], b: list[_Occ], n: int) -> list[int]:
    """For each A, the B (other than itself) whose gap to it is at most n characters.

    The gap is max(b.start - a.end, a.start - b.end): negative when they
    overlap.  A B is near unless it starts after a.end + n or ends before
    a.start - n, and every B ending that early also starts before a.end + n.
    """
    starts = [s for s, _, _ in b]
    ends = sorted(e for _, e, _ in b)
    spans = {(s, e) for s, e, _ in b}
    out = []
    for s, e, _ in a:
        c = bisect.bisect_right(starts, e + n) - bisect.bisect_left(ends, s - n)
        out.append(c - ((s, e) in spans))
    return out


def _before(a: list[_Occ], b: list[_Occ], n: int) -> tuple[int, list[_Occ]]:
    """Pairs with A ending at most n characters before B starts (no overlap)."""
    starts = [s for s, _, _ in b]
    a_ends = sorted(e for _, e, _ in a)
    pairs, used = 0, []
    for o in a:
        c = bisect.bisect_right(starts, o[1] + n) - bisect.bisect_left(starts, o[1])
        pairs += c
        if c:
            used.append(o)
    for o in b:
        if bisect.bisect_right(a_ends, o[0]) - bisect.bisect_left(a_ends, o[0] - n):
            used.append(o)
    return pairs, used


def _same_unit(a: list[_Occ], b: list[_Occ], bounds: list[int]) -> tuple[int, list[_Occ]]:
    """Pairs of A and B in one sentence (or paragraph); an occurrence across a bound has none."""

    def unit(o: _Occ) -> int:
        k = bisect.bisect_right(bounds, o[0])
        return k if bisect.bisect_right(bounds, o[1] - 1) == k else -1

    groups: dict[int, tuple[list[_Occ], list[_Occ]]] = {}
    for side, occs in ((0, a), (1, b)):
        for o in occs:
            k = unit(o)
            if k >= 0:
                groups.setdefault(k, ([], []))[side].append(o)
    pairs, used = 0, []
    for ga, gb in groups.values():
        same = len({o[:2] for o in ga} & {o[:2] for o in gb})
        n = len(ga) * len(gb) - same
        if n:
            pairs += n
            used += ga + gb
    return pairs, used


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def merge_spans(*lists: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Several span lists as one, in text order, overlapping spans joined."""
    return _merge(sorted(sp for spans in lists for sp in spans))
