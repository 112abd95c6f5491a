"""Ranking by counting every match (issue 13) gives the bound-pruned ranking's page exactly.

``ranking.rank`` counts every matching report when that is cheaper than reading the
bigrams' weights; both ways must give the same page, order, scores and counts, on the
samples and on the 300-report corpus sample, on both stores, for phrases, AND, OR, words,
and the date order.
"""

from __future__ import annotations

from search import ranking

from .conftest import over_stores

sample_index = over_stores("sample_index")
corpus_index = over_stores("corpus_index")

QUERIES = [
    '"法治"',
    '"法治建设"',
    '"行政执法"',
    '"推行证明事项"',
    '"法" "治"',
    '"依法行政" OR "行政复议"',
    "法治 政府",
    '"的"',
]


def _pages(index, monkeypatch, count_us: float) -> dict:
    monkeypatch.setattr(ranking, "COUNT_US", count_us)
    index._state_now = None  # a fresh posting cache: the choice depends on what is cached
    out = {}
    for q in QUERIES:
        r = index.search(q, per_page=7)
        out[q] = (r.total, [(h.id, h.score, h.matches) for h in r.hits], r.facets)
        r2 = index.search(q, per_page=3, page=2, sort="date")
        out[q + " date"] = [(h.id, h.score, h.matches) for h in r2.hits]
    return out


def _same_both_ways(index, monkeypatch) -> None:
    counted = _pages(index, monkeypatch, 0.0)  # always count every match
    bounded = _pages(index, monkeypatch, 1e12)  # never: read the weights
    index._state_now = None
    assert counted == bounded
    assert counted['"法治建设"'][0] > 0 and counted['"的"'][0] > 0


def test_counting_every_match_ranks_as_the_bounds_do_on_the_samples(sample_index, monkeypatch):
    _same_both_ways(sample_index, monkeypatch)


def test_counting_every_match_ranks_as_the_bounds_do_on_the_corpus(corpus_index, monkeypatch):
    _same_both_ways(corpus_index, monkeypatch)
