"""Ranking by counting every match (issue 13) gives the bound-pruned ranking's page exactly.

``matching.rank`` counts every matching report when that is cheaper than reading the
bigrams' weights; both ways must give the same page, order, scores and counts, on the
samples and on a slice of the real corpus, for phrases, AND, OR and words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from search import matching

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
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
    monkeypatch.setattr(matching, "COUNT_US", count_us)
    index._state_now = None  # a fresh posting cache: the choice depends on what is cached
    out = {}
    for q in QUERIES:
        r = index.search(q, per_page=7)
        out[q] = (r.total, [(h.id, h.score, h.matches) for h in r.hits], r.facets)
        r2 = index.search(q, per_page=3, page=2, sort="date")
        out[q + " date"] = [(h.id, h.score, h.matches) for h in r2.hits]
    return out


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    files = sorted(CORPUS.rglob("*.txt"))[:60]
    assert len(files) == 60, f"the corpus is missing at {CORPUS}"
    d = tmp_path_factory.mktemp("rank-corpus")
    search.index_paths([*map(str, files), search.SAMPLES_DIR], d, reuse=False)
    return d


@pytest.mark.parametrize("which", ["samples", "corpus"])
def test_counting_every_match_ranks_as_the_bounds_do(
    which, sample_index_dir, corpus_index, monkeypatch
):
    index = search.SearchIndex(sample_index_dir if which == "samples" else corpus_index)
    counted = _pages(index, monkeypatch, 0.0)  # always count every match
    bounded = _pages(index, monkeypatch, 1e12)  # never: read the weights
    assert counted == bounded
    assert counted['"法治建设"'][0] > 0 and counted['"的"'][0] > 0
    index.close()
