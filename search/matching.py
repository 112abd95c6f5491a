"""Deciding exactly which reports match, and how well.

A phrase's rarest character bigrams narrow the candidates (postings of the
``grams`` field); every candidate is then confirmed by a byte search in its
compact text, so the answer is exactly "the phrase occurs in the text with
whitespace removed" whatever jieba made of the characters around it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, OrderedDict
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from itertools import islice

from . import partmap as partmaps
from . import scoring
from .budget import check
from .filters import filter_docs
from .model import PARTS, Section
from .partfacet import section_facet
from .proximity import Near, NearMatch, match_compact, match_near
from .query import And, Filter, Not, Or, Phrase, Words


class PostingCache:
    """Recently read postings of one index generation, bounded by total postings.

    Phrases share their bigrams (施行, 规定, 人民 …): a common bigram's postings
    are read from the index once, not on every query that contains it.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict = OrderedDict()
        # Document frequencies, kept for the generation as the postings are: each
        # costs a term lookup in every segment, and a page asks for every bigram's.
        self.dfs: dict[tuple[str, str], int] = {}

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key, value, size: int) -> None:
        if size > self.limit:
            return
        self._items[key] = (value, size)
        self.size += size
        while self.size > self.limit:
            _, (_, old) = self._items.popitem(last=False)
            self.size -= old


DF_LIMIT = 500_000  # document frequencies kept (about 100 bytes each)


@dataclass
class Context:
    """What evaluation needs from one open index generation."""

    snap: object  # a store snapshot (search.store.base.Snapshot)
    table: object  # DocTable
    compact: object  # docnum -> compact UTF-8 bytes (callable)
    partmap: object  # docnum -> encoded part map (callable)
    part: str | None = None  # restrict matches to this required part
    cache: PostingCache = field(default_factory=lambda: PostingCache(0))
    # Held around every read of the snapshot and the shared cache: the index's
    # lock when the rest of the evaluation runs without it (an export's order).
    guard: AbstractContextManager = field(default_factory=nullcontext)
    # The proximity operators whose pairs count (``proximity.near_nodes``), and
    # what evaluating each found: (node, part) -> docnum -> its pairs.
    near_terms: tuple = ()
    near: dict = field(default_factory=dict)
    index_dir: str | None = None  # where the reuse data (the reuse: filter) is

    def stored(self, docnum: int) -> dict:
        """A report's stored fields (its cleaned text and sections)."""
        with self.guard:
            return self.snap.stored(docnum)

    def near_found(self, node: Near) -> dict[int, NearMatch]:
        return self.near.get((node, self.part), {})

    def postings(self, fieldname: str, term: str) -> set[int]:
        """A term's docnums (deleted ones included). Do not modify the set."""
        key = (fieldname, term)
        with self.guard:
            ids = self.cache.get(key)
            if ids is None:
                ids = self.snap.postings(fieldname, term)
                self.cache.put(key, ids, len(ids))
        return ids

    def cached(self, fieldname: str, term: str) -> bool:
        with self.guard:
            return self.cache.get((fieldname, term)) is not None

    def cached_weights(self, fieldname: str, term: str) -> bool:
        with self.guard:
            return self.cache.get(("weights", fieldname, term)) is not None

    def weights(self, fieldname: str, term: str) -> dict[int, float]:
        key = ("weights", fieldname, term)
        with self.guard:
            w = self.cache.get(key)
            if w is None:
                w = self.snap.weights(fieldname, term)
                self.cache.put(key, w, len(w))
        return w

    def df(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        dfs = self.cache.dfs
        n = dfs.get(key)
        if n is None:
            with self.guard:
                n = self.snap.doc_freq(fieldname, term)
                if len(dfs) >= DF_LIMIT:
                    dfs.clear()
                dfs[key] = n
        return n

    def ranges(self, docnum: int) -> list[tuple[int, int]]:
        """Byte ranges of the compact text that lie in the restricted part."""
        data_len = self.compact.length(docnum)
        if self.part is None:
            return [(0, data_len)]
        want = PARTS.index(self.part)
        return [(s, e) for s, e, _ in partmaps.ranges(self.partmap(docnum), data_len, want)]


def _bigrams(text: str) -> list[str]:
    if len(text) == 1:
        return [text]
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


def phrase_docs(ctx: Context, text: str, within: set[int] | None) -> set[int]:
    grams = sorted(_bigrams(text), key=lambda g: ctx.df("grams", g))
    if not grams or ctx.df("grams", grams[0]) == 0:
        return set()
    cands = set(ctx.postings("grams", grams[0]))
    if within is not None:
        cands &= within
    if len(text) > 2:
        # Another bigram's postings are worth reading only while they cost
        # less than the confirmations they would save (both measured: about
        # 0.12 us a posting read, 0.3 ns a byte searched plus 0.3 us a report).
        check_us = 0.3 + 0.0003 * 3 * (ctx.table.avg_chars or 1.0)
        n = max(1, len(ctx.table))
        for g in grams[1:]:
            df = ctx.df("grams", g)
            read_us = 0.0 if ctx.cached("grams", g) else 0.12 * df
            if read_us >= len(cands) * check_us * (1 - min(df, n) / n):
                continue
            cands &= ctx.postings("grams", g)
    cands &= ctx.table.records.keys()  # deleted documents keep their postings
    if len(text) <= 2 and ctx.part is None:
        return cands  # a unigram or bigram in the index is the match itself
    needle = text.encode("utf-8")
    find = ctx.compact.find
    found: set[int] = set()
    for chunk in _chunks(cands):
        check()
        if ctx.part is None:
            found |= ctx.compact.containing(chunk, needle)
        else:
            found |= {d for d in chunk if any(find(d, needle, s, e) >= 0 for s, e in ctx.ranges(d))}
    return found


def _chunks(docs: set[int], size: int = 4096):
    """``docs`` a few thousand at a time, so the time budget is checked between them."""
    if len(docs) <= size:
        yield docs
        return
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def words_docs(ctx: Context, node: Words, within: set[int] | None) -> set[int]:
    docs: set[int] | None = None if within is None else set(within)
    for tok in sorted(node.tokens, key=lambda t: ctx.df("words", t)):
        posting = ctx.postings("words", tok)
        docs = set(posting) if docs is None else docs & posting
        if not docs:
            return set()
    docs = docs if docs is not None else set()
    docs &= ctx.table.records.keys()
    if ctx.part is not None:
        # jieba words in the restricted part: confirm the characters are there.
        keep = set()
        find = ctx.compact.find
        needles = [t.encode() for t in node.tokens]
        for d in docs:
            check()
            rngs = ctx.ranges(d)
            if all(any(find(d, nd, s, e) >= 0 for s, e in rngs) for nd in needles):
                keep.add(d)
        docs = keep
    return docs


def _cost(ctx: Context, node) -> float:
    if isinstance(node, Filter):
        return 0
    if isinstance(node, Words):
        return 1 + min((ctx.df("words", t) for t in node.tokens), default=0)
    if isinstance(node, Phrase):
        return 1 + min(ctx.df("grams", g) for g in _bigrams(node.text))
    if isinstance(node, Not):
        return math.inf
    if isinstance(node, Near):
        return 1e8  # reads the stored text of each candidate: after every cheaper term
    return 1e9


def evaluate(ctx: Context, node, within: set[int] | None = None) -> set[int]:
    """The exact set of live docnums (within ``within``) that satisfy ``node``."""
    if isinstance(node, Phrase):
        return phrase_docs(ctx, node.text, within)
    if isinstance(node, Words):
        return words_docs(ctx, node, within)
    if isinstance(node, Filter):
        docs = filter_docs(ctx, node)
        return docs if within is None else docs & within
    if isinstance(node, Near):
        return near_docs(ctx, node, within)
    if isinstance(node, Not):
        # A NOT excludes reports, wherever its term is: with a section restriction
        # it must not let in reports whose other parts hold the term.
        base = set(ctx.table.records) if within is None else within
        whole = ctx if ctx.part is None else replace(ctx, part=None)
        return base - evaluate(whole, node.child, base)
    if isinstance(node, And):
        docs = within
        for child in sorted(node.children, key=lambda c: _cost(ctx, c)):
            docs = evaluate(ctx, child, docs)
            if not docs:
                return set()
        return docs if docs is not None else set()
    if isinstance(node, Or):
        out: set[int] = set()
        for child in node.children:
            out |= evaluate(ctx, child, within)
        return out
    raise TypeError(f"not a query node: {node!r}")


def near_docs(ctx: Context, node: Near, within: set[int] | None) -> set[int]:
    """Reports holding a satisfying pair: candidates by the index, pairs in the stored text.

    The pairs found are kept in ``ctx.near`` for counting, ranking and the part facet.
    """
    docs = evaluate(ctx, _either(node.left), within)
    if node.kind != "not_near" and docs:
        docs = evaluate(ctx, _either(node.right), docs)
    found: dict[int, NearMatch] = ctx.near.setdefault((node, ctx.part), {})
    out = set()
    for d in docs:
        check()
        m = found.get(d)
        if m is None:
            data, pm = ctx.compact(d), partmaps.decode(ctx.partmap(d))
            m = match_compact(data, pm, node, ctx.part)
        if m is None:
            stored = ctx.stored(d)
            m = match_compact(data, pm, node, ctx.part, stored["text"])
            if m is None:
                sections = [Section(*s) for s in stored.get("sections") or []]
                m = match_near(stored["text"], sections, node, ctx.part)
        found[d] = m
        if m.pairs:
            out.add(d)
    return out


def _either(alts: tuple[str, ...]):
    return Phrase(alts[0]) if len(alts) == 1 else Or(tuple(Phrase(a) for a in alts))


def units(node) -> list[str]:
    """The strings a match is made of, for counting and highlighting (not under NOT)."""
    if isinstance(node, Phrase):
        return [node.text]
    if isinstance(node, Words):
        return list(node.tokens)
    if isinstance(node, And | Or):
        return list(dict.fromkeys(u for c in node.children for u in units(c)))
    return []


def section_restriction(node) -> tuple[object, str | None]:
    """Split the query's ``section:`` off: it places matches, not reports.

    A ``section:`` anywhere the query is a conjunction (the top level, a
    parenthesised group ANDed in, a filter added by a facet link or an option)
    restricts every match to that part.  Filters arrive wrapped around the
    parsed query (``And((query, year))``), so the conjunction is flattened
    first; looking at the top level alone let a filter drop the restriction.
    Two different parts cannot both hold one match: nothing matches.  Inside
    OR / NOT a ``section:`` keeps meaning "the report has such a part".
    """
    children = _conjuncts(node)
    parts = {c.value for c in children if isinstance(c, Filter) and c.field == "section"}
    if not parts:
        return node, None
    rest = tuple(c for c in children if not (isinstance(c, Filter) and c.field == "section"))
    if len(parts) > 1:
        return NOTHING, sorted(parts)[0]
    rest_node = rest[0] if len(rest) == 1 else (And(rest) if rest else None)
    return rest_node, parts.pop()


# What no report satisfies: an OR of nothing.
NOTHING = Or(())


def _conjuncts(node) -> list:
    if isinstance(node, And):
        return [c for child in node.children for c in _conjuncts(child)]
    return [node]


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
        grams = _rank_grams(ctx, u)
        bound: dict[int, float] | None = None
        for g in grams:
            w = ctx.weights("grams", g)
            bound = (
                {d: w[d] for d in docs if d in w}
                if bound is None
                else {d: min(t, w.get(d, 0.0)) for d, t in bound.items()}
            )
        bounds.append(bound or {})
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
    for d in sorted(docs, key=lambda d: (-ub[d], d)):
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
    return sorted(_bigrams(unit), key=lambda g: ctx.df("grams", g))[:3]


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
