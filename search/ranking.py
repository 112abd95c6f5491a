"""Counting, ranking and the section facet over the reports a query matched.

Matching (search/matching.py) decides which reports match; here each unit's
occurrences are counted exactly in the compact text for BM25, the best page
is found counting as few reports as the bigram bounds allow, and the
section facet says which required parts hold a match.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from . import partmap as partmaps
from . import scoring
from .budget import check
from .context import Context, bigrams
from .model import PARTS
from .partfacet import section_facet


@dataclass
class Tally:
    """Per matched document: match count, BM25 score, parts holding a match."""

    counts: dict[int, int]
    scores: dict[int, float]
    parts: Counter


def tally(ctx: Context, docs: set[int], unit_list: list[str], need_scores: bool = True) -> Tally:
    """Count matches per document and note which required parts hold them.

    One pass of C-level byte searches per document; the part map is only
    decoded for reports that have more than one part (a law has none).
    """
    needles = [u.encode("utf-8") for u in unit_list]
    counts: dict[int, int] = {}
    tfs: dict[int, list[int]] = {}
    parts: Counter = Counter()
    near = [ctx.near_found(n) for n in ctx.near_terms]
    df = [0] * (len(needles) + len(near))
    col, pmcol = ctx.compact, ctx.partmap
    want = None if ctx.part is None else PARTS.index(ctx.part)
    for d in docs:
        check()
        data = col(d)
        pmb = pmcol(d)
        seen = set()
        if partmaps.is_single(pmb) and want is None:  # one part: the whole text
            doc_tf = [data.count(nd) for nd in needles]
            if any(doc_tf):
                seen.add(partmaps.first_part(pmb))
        else:
            doc_tf = [0] * len(needles)
            for start, end, part in partmaps.ranges(pmb, len(data), want):
                for i, nd in enumerate(needles):
                    if data.find(nd, start, end) < 0:  # most parts hold none
                        continue
                    seen.add(part)
                    doc_tf[i] += data.count(nd, start, end)
        if near:
            doc_tf += [f[d].pairs if d in f else 0 for f in near]
            seen |= {PARTS.index(p) for f in near if d in f for p in f[d].parts}
        for p in seen:
            parts[PARTS[p]] += 1
        for i, tf in enumerate(doc_tf):
            if tf:
                df[i] += 1
        counts[d] = sum(doc_tf)
        tfs[d] = doc_tf
    scores: dict[int, float] = {}
    if need_scores:
        n = max(1, len(ctx.table))
        idf = [scoring.idf(n, f) for f in df]
        norm = ctx.table.norm
        for d, doc_tf in tfs.items():
            scores[d] = scoring.score(idf, doc_tf, norm[d])
    return Tally(counts, scores, parts)


def exact_counts(ctx: Context, d: int, needles: list[bytes]) -> list[int]:
    """Non-overlapping occurrences of each needle in a report (in the restricted part)."""
    data = ctx.compact(d)
    if ctx.part is None:
        return [data.count(nd) for nd in needles]
    rngs = ctx.ranges(d)
    return [sum(data.count(nd, s, e) for s, e in rngs) for nd in needles]


def rank(ctx: Context, docs: set[int], unit_list: list[str], k: int):
    """The ``k`` best reports by BM25 over exact match counts, counting few reports.

    A unit's count in a report is at most the least count of its bigrams,
    which the ``grams`` postings hold; reports are visited best bound first
    and counted exactly until no bound left can beat the k-th exact score.
    Returns (docnums best first, scores, counts) for the reports counted.
    """
    needles = [u.encode("utf-8") for u in unit_list]
    if not ctx.near_terms and _count_all_is_cheaper(ctx, docs, unit_list):
        return _rank_counted(ctx, docs, unit_list, needles, k)
    bounds: list[dict[int, float]] = []
    for u in unit_list:
        bound: dict[int, float] | None = None
        for g in _rank_grams(ctx, u) + _tightening_grams(ctx, u, len(docs)):
            w = ctx.weights("grams", g)
            bound = (
                {d: w[d] for d in docs if d in w}
                if bound is None
                else {d: min(t, w.get(d, 0.0)) for d, t in bound.items()}
            )
        bounds.append(bound or {})
        ctx.bounds[u] = bound or {}
    # A proximity operator's pairs were counted exactly when it was evaluated.
    near = [ctx.near_found(node) for node in ctx.near_terms]
    for found in near:
        bounds.append({d: float(m.pairs) for d, m in found.items() if m.pairs and d in docs})
    n = max(1, len(ctx.table))
    idf = [scoring.idf(n, len(b)) for b in bounds]
    norm = ctx.table.norm
    term_score = scoring.term_score
    ub: dict[int, float] = dict.fromkeys(docs, 0.0)
    for w, b in zip(idf, bounds, strict=True):
        for d, tf in b.items():
            ub[d] += w * term_score(tf, norm[d])
    heap: list[tuple[float, int]] = []  # (score, -docnum): the k-th best on top
    scores: dict[int, float] = {}
    counts: dict[int, int] = {}
    # Best bound first, in the order sorting by (-bound, docnum) gives, but taken
    # from a heap: most pages stop after a few dozen reports of thousands.
    todo = [(-u, d) for d, u in ub.items()]
    heapq.heapify(todo)
    while todo:
        d = heapq.heappop(todo)[1]
        if not len(todo) & 1023:
            check()
        if len(heap) >= k and ub[d] < heap[0][0]:
            break
        tfs = exact_counts(ctx, d, needles) + [f[d].pairs if d in f else 0 for f in near]
        score = scoring.score(idf, tfs, norm[d])
        scores[d], counts[d] = score, sum(tfs)
        if len(heap) < k:
            heapq.heappush(heap, (score, -d))
        elif (score, -d) > heap[0]:
            heapq.heapreplace(heap, (score, -d))
    best = sorted(scores, key=lambda d: (-scores[d], d))[:k]
    return best, scores, counts


# Costs of the two ways to rank, in microseconds: reading one posting with its weight,
# and counting the units in one report's compact text (their ratio, about 25 on the
# corpus, is what matters).
READ_US, COUNT_US = 0.12, 3.0


def _rank_grams(ctx: Context, unit: str) -> list[str]:
    """The bigrams whose weights bound a unit's count: its three rarest."""
    return sorted(bigrams(unit), key=lambda g: ctx.df("grams", g))[:3]


def _tightening_grams(ctx: Context, unit: str, matches: int) -> list[str]:
    """The unit's other bigrams worth reading to tighten its bound.

    The least count over more bigrams bounds the unit's count more closely (a
    phrase said once per report, 设的主要举措, whose three rarest bigrams recur
    elsewhere in the text, had two thirds of 10,000 matches counted byte by
    byte); a bigram is read when that costs a small part of counting the
    matches. The idf stays that of the three rarest bigrams: the same scores.
    """
    budget_us = 0.1 * COUNT_US * matches
    rest = sorted(bigrams(unit), key=lambda g: ctx.df("grams", g))[3:]
    return [
        g
        for g in rest
        if ctx.cached_weights("grams", g) or READ_US * ctx.df("grams", g) <= budget_us
    ]


def _count_all_is_cheaper(ctx: Context, docs: set[int], unit_list: list[str]) -> bool:
    """Whether counting every matching report beats reading the bounds' postings.

    A phrase matching a few dozen reports whose bigrams are each in thousands
    (施行, 建设) spent most of its first page reading those postings' weights.
    """
    read = sum(
        READ_US * ctx.df("grams", g)
        for u in unit_list
        for g in _rank_grams(ctx, u)
        if not ctx.cached_weights("grams", g)
    )
    return len(docs) * COUNT_US * max(1, len(unit_list)) <= read


def _rank_counted(ctx: Context, docs: set[int], unit_list: list[str], needles, k: int):
    """``rank`` by counting every report: the same scores, page and order.

    Each unit's idf is taken, as ``rank`` takes it, over the matching reports
    that hold its rarest bigram.
    """
    n = max(1, len(ctx.table))
    idf = [
        scoring.idf(n, len(docs & ctx.postings("grams", _rank_grams(ctx, u)[0]))) for u in unit_list
    ]
    norm = ctx.table.norm
    scores: dict[int, float] = {}
    counts: dict[int, int] = {}
    for d in docs:
        check()
        tfs = exact_counts(ctx, d, needles)
        scores[d], counts[d] = scoring.score(idf, tfs, norm[d]), sum(tfs)
    best = heapq.nsmallest(k, scores, key=lambda d: (-scores[d], d))
    return best, scores, counts


def part_facet(ctx: Context, docs: set[int], unit_list: list[str]) -> dict[str, int]:
    """How many matching reports hold a match in each required part.

    A report with one part (most laws) needs no search; the others are
    searched part by part, stopping at the first match in each.
    """
    counts: Counter = Counter()
    if not docs:
        return {}
    if ctx.part is not None:
        return {ctx.part: len(docs)}
    needles = [u.encode("utf-8") for u in unit_list]
    if not ctx.near_terms:
        bound = _rank_grams(ctx, unit_list[0]) if len(unit_list) == 1 else []
        return section_facet(ctx, docs, needles, bound)
    near = [ctx.near_found(node) for node in ctx.near_terms]
    single = ctx.table.single_part
    find, length = ctx.compact.find, ctx.compact.length
    for d in docs:
        check()
        part = single.get(d)
        if part is not None:
            counts[PARTS[part]] += 1
            continue
        pmb = ctx.partmap(d)
        if not needles and not near:  # a filter-only query: every part the report has
            for p in partmaps.parts(pmb):
                counts[PARTS[p]] += 1
            continue
        seen = set()
        for start, end, part in partmaps.ranges(pmb, length(d)):
            if part not in seen and any(find(d, nd, start, end) >= 0 for nd in needles):
                seen.add(part)
        seen |= {PARTS.index(p) for f in near if d in f for p in f[d].parts}
        for p in seen:
            counts[PARTS[p]] += 1
    return dict(counts.most_common())
