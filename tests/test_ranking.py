"""Ranking: the bounded top-k path gives exactly the order full counting gives."""

from __future__ import annotations

import random
import re

from search.matching import tally

from .conftest import over_stores

# Run on both stores (search.store): Whoosh on disk and the in-memory one.
corpus_index = over_stores("corpus_index")

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _full_order(index, query: str) -> list[tuple[str, float]]:
    """Every matching report scored from its exact counts, best first."""
    ctx, _, docs, units = index._match(query, {})
    t = tally(ctx, docs, units)
    recs = ctx.table.records
    order = sorted(docs, key=lambda d: (-t.scores[d], d))
    return [(recs[d]["id"], round(t.scores[d], 4)) for d in order]


def test_first_pages_equal_full_counting(corpus_index):
    rng = random.Random(21)
    ids = corpus_index.all_ids()
    phrases = ["法律", "人民政府", "的", "规定", "第一条", "国务院"]
    for doc_id in rng.sample(ids, 25):
        runs = HAN_RUN.findall(corpus_index.document(doc_id).text)
        run = rng.choice(runs)
        n = rng.randint(2, min(4, len(run)))
        phrases.append(run[:n])
    for phrase in phrases:
        query = f'"{phrase}"'
        full = _full_order(corpus_index, query)
        for page in (1, 2):
            result = corpus_index.search(query, page=page, per_page=10, snippets=False)
            got = [(h.id, h.score) for h in result.hits]
            assert got == full[(page - 1) * 10 : page * 10], phrase
            assert result.total == len(full)


def test_counts_shown_are_exact(corpus_index):
    result = corpus_index.search('"人民政府"', per_page=5)
    for hit in result.hits:
        text = corpus_index.document(hit.id).text.replace("\n", "")
        assert hit.matches == text.count("人民政府")
