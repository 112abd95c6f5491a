"""The section facet: how many matching reports hold a match in each required part.

Counted over every match, so a 的-type phrase (in nearly every report) makes it
the first page's largest cost: the earlier way decoded each matching report's
part map into a list of ranges and searched them through the column's method,
about 10 us a report.  Here the reports of one part are counted in C
(``Counter`` over the single-part table), and the stretches of every report
with several parts are decoded once per index generation into flat arrays,
grouped by part, so a report costs one search per part in place in the
memory map (stopping at each part's first match) and nothing else.
"""

from __future__ import annotations

from array import array
from collections import Counter

from . import partmap as partmaps
from .budget import check
from .model import PARTS


class PartRanges:
    """The stretches of the compact text of every report with several parts.

    For docnum ``d``: entries ``first[d]`` to ``first[d + 1]`` of ``part``,
    ``lo`` and ``hi`` (byte offsets in the report's compact text), grouped by
    part in the order the parts first appear; ``mask[d]``: the bit set of the
    parts the report has (every report, one part or several).
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
            grouped: dict[int, list[tuple[int, int]]] = {}
            for start, end, p in partmaps.ranges(pmb, compact.length(d)):
                grouped.setdefault(p, []).append((start, end))
            for p, spans in grouped.items():
                for start, end in spans:
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


def section_facet(ctx, docs: set[int], needles: list[bytes]) -> dict[str, int]:
    """``matching.part_facet`` without proximity terms: the same counts.

    ``needles``: the query's units, UTF-8; none (a filter-only query) counts
    every part each report has.
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
    found = []
    for n, d in enumerate(multi):
        if not n & 1023:
            check()
        buf, base = buffer(d)
        seen = 0
        for k in range(first[d], first[d + 1]):
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
