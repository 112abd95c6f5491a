"""Deciding exactly which reports match.

A phrase's rarest character bigrams narrow the candidates (postings of the
``grams`` field); every candidate is then confirmed by a byte search in its
compact text, so the answer is exactly "the phrase occurs in the text with
whitespace removed" whatever jieba made of the characters around it.
Counting and ranking the matches: search/ranking.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import islice

from . import partmap as partmaps
from .budget import check
from .context import DF_LIMIT, Context, PostingCache, bigrams
from .filters import filter_docs
from .model import Section
from .proximity import Near, NearMatch, match_compact, match_near
from .query import And, Filter, Not, Or, Phrase, Words
from .ranking import Tally, exact_counts, part_facet, rank, tally

# Re-exported: callers import these from here since before the split.
__all__ = [
    "DF_LIMIT",
    "NOTHING",
    "Context",
    "PostingCache",
    "Tally",
    "evaluate",
    "exact_counts",
    "part_facet",
    "phrase_docs",
    "rank",
    "section_restriction",
    "tally",
    "units",
    "words_docs",
]


def phrase_docs(ctx: Context, text: str, within: set[int] | None) -> set[int]:
    grams = sorted(bigrams(text), key=lambda g: ctx.df("grams", g))
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
    first = ctx.first.setdefault(needle, {}) if ctx.part is None else None
    for chunk in _chunks(cands):
        check()
        if first is not None:
            at = ctx.compact.first_at(chunk, needle)
            first.update(at)
            found.update(at)
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
        return 1 + min(ctx.df("grams", g) for g in bigrams(node.text))
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
