"""The section facet: how many matching reports hold a match in each required part.

Counted over every match, so a 的-type phrase (in nearly every report) makes it
the first page's largest cost: the earlier way decoded each matching report's
part map into a list of ranges and searched them through the column's method,
about 10 us a report.  Here the reports of one part are counted in C
(``Counter`` over the single-part table), and the stretches of every report
with several parts are decoded once per index generation into flat arrays, so
a report costs one search in place in the memory map per part (stopping at
each part's first match) and nothing else; or, for a phrase of one or two
characters that the report holds only a few times, one search per occurrence.
"""

from __future__ import annotations

from array import array
from collections import Counter

from . import partmap as partmaps
from .budget import check
from .model import PARTS

# Occurrences of a needle in a report up to which they are visited one by one,
# and the reports with several parts from which that is worth reading grams' counts.
FEW = 4
MANY = 64


class PartRanges:
    """The stretches of the compact text of every report with several parts.

    For docnum ``d``: entries ``first[d]`` to ``first[d + 1]`` of ``part``,
    ``lo`` and ``hi`` (byte offsets in the report's compact text), in text
    order; ``mask[d]``: the bit set of the parts the report has (every report,
    one part or several).
    """

    def __init__(self, table, compact, partmap) -> None:
        top = max(table.live, default=-1) + 2
        self.first = array("I", bytes(4 * top))
        self.mask = array("I", bytes(4 * top))
        self.part, self.lo, self.hi = array("B"), array("I"), array("I")
        single = table.single_part
        for d in table.live:
            self.first[d] = len(self.part)
            if d in single:
                self.mask[d] = 1 << single[d]
                self.first[d + 1] = len(self.part)
                continue
            pmb = partmap(d)
            self.mask[d] = _bits(partmaps.parts(pmb))
            for start, end, p in partmaps.ranges(pmb, compact.length(d)):
                self.part.append(p)
                self.lo.append(start)
                self.hi.append(end)
            self.first[d + 1] = len(self.part)


def _bits(parts) -> int:
    out = 0
    for p in parts:
        out |= 1 << p
    return out


def part_ranges(ctx) -> PartRanges:
    """The generation's ``PartRanges``, built on first use and kept with its table."""
    got = ctx.table.memo.get("part_ranges")
    if got is None:
        got = ctx.table.memo["part_ranges"] = PartRanges(ctx.table, ctx.compact, ctx.partmap)
    return got


def _counts_of_masks(masks: Counter) -> dict[str, int]:
    counts: Counter = Counter()
    for m, n in masks.items():
        for p in range(len(PARTS)):
            if m >> p & 1:
                counts[PARTS[p]] += n
    return dict(counts.most_common())


def _occurrences(
    buf, base: int, nd: bytes, times: int, part, lo, hi, k: int, j: int, start: int = 0
) -> int:
    """The parts holding ``nd``, which occurs ``times`` times (overlaps included)
    in the report whose stretches are entries ``k`` to ``j``, the first at or
    after ``start``: each occurrence in turn, then stop."""
    seen, at, size = 0, base + start, len(nd)
    end = base + hi[j - 1]
    for _ in range(times):
        at = buf.find(nd, at, end)
        if at < 0:
            break
        rel = at - base
        while hi[k] <= rel:
            k += 1
        if lo[k] <= rel and rel + size <= hi[k]:  # as a search per stretch finds it
            seen |= 1 << part[k]
        at += 1
    return seen


def _least(weights: list[dict], docs) -> dict[int, float]:
    return {d: min(w.get(d, 0) for w in weights) for d in docs}


def section_facet(
    ctx, docs: set[int], needles: list[bytes], bound_grams: list[str] | tuple = ()
) -> dict[str, int]:
    """``matching.part_facet`` without proximity terms: the same counts.

    ``needles``: the query's units in UTF-8; none (a filter-only query) counts
    every part each report has.  ``bound_grams``: with one needle, grams of the
    index no rarer in any report than the needle (its own text when it is one
    or two characters, else some of its bigrams): the least of their counts in
    a report bounds how often the needle occurs there (overlaps included).
    """
    pr = part_ranges(ctx)
    mask = pr.mask
    if not needles:
        return _counts_of_masks(Counter(map(mask.__getitem__, docs)))
    single = ctx.table.single_part
    multi = docs.difference(single)
    masks = Counter(map(mask.__getitem__, docs.intersection(single) if multi else docs))
    first, part, lo, hi = pr.first, pr.part, pr.lo, pr.hi
    buffer = ctx.compact.buffer
    # A report holding the needle at most a few times (by its grams' counts) is
    # searched occurrence by occurrence, up to the last the bound allows,
    # instead of through every part that lacks it: a name said once in the
    # opening is in nearly every report and in none of its other parts, and
    # each part searched in vain is read to its end.
    one = needles[0] if len(needles) == 1 else None
    # Ranking's bounds when it read them (over these matches, its bigrams at least
    # as many as ``bound_grams``): no second pass over every match's counts.
    bound = ctx.bounds.get(one.decode("utf-8")) if one is not None else None
    if bound is None:
        weights = [ctx.weights("grams", g) for g in bound_grams] if len(multi) >= MANY else []
        bound = weights[0] if len(weights) == 1 else _least(weights, multi) if weights else {}
    # Matching confirmed a longer phrase at its first occurrence in each report:
    # the stretches before it were searched then and hold none.
    firsts = ctx.first.get(one, {}) if one is not None else {}
    found = []
    for n, d in enumerate(multi):
        if not n & 1023:
            check()
        buf, base = buffer(d)
        i, j = first[d], first[d + 1]
        at = firsts.get(d, 0)
        times = bound.get(d, 0)
        if 0 < times <= FEW:
            found.append(_occurrences(buf, base, one, int(times), part, lo, hi, i, j, at))
            continue
        seen = 0
        if one is not None:  # the common case, without the loop over needles
            while i < j and hi[i] <= at:
                i += 1
            if i < j and lo[i] < at:  # the stretch holding the first occurrence
                seen = 1 << part[i] if buf.find(one, base + at, base + hi[i]) >= 0 else 0
                i += 1
            for k in range(i, j):
                bit = 1 << part[k]
                if not seen & bit and buf.find(one, base + lo[k], base + hi[k]) >= 0:
                    seen |= bit
            found.append(seen)
            continue
        for k in range(i, j):
            bit = 1 << part[k]
            if seen & bit:
                continue
            s, e = base + lo[k], base + hi[k]
            for nd in needles:
                if buf.find(nd, s, e) >= 0:
                    seen |= bit
                    break
        found.append(seen)
    masks.update(found)
    masks.pop(0, None)
    return _counts_of_masks(masks)
