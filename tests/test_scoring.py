"""BM25 in its one home (search.scoring): the formula, and the index's scores made of it."""

from __future__ import annotations

import pytest

from search import scoring
from search.analysis import compact


def test_idf_falls_with_document_frequency_and_never_goes_negative():
    values = [scoring.idf(1000, df) for df in (1, 10, 100, 500, 1000)]
    assert values == sorted(values, reverse=True)
    assert values[-1] > 0


def test_term_score_saturates_and_longer_reports_score_less():
    avg = 5000.0
    short, long_ = scoring.length_norm(2500, avg), scoring.length_norm(20000, avg)
    assert scoring.length_norm(avg, avg) == pytest.approx(scoring.K1)
    scores = [scoring.term_score(tf, short) for tf in (1, 2, 5, 50, 5000)]
    assert scores == sorted(scores) and scores[-1] < scoring.K1 + 1
    assert scoring.term_score(3, long_) < scoring.term_score(3, short)


def test_score_skips_absent_terms():
    norm = scoring.length_norm(100, 100)
    assert scoring.score([2.0, 9.0], [3, 0], norm) == pytest.approx(
        2.0 * scoring.term_score(3, norm)
    )


def test_the_sample_index_scores_are_bm25_over_exact_counts(sample_index):
    """A hit's score is this module's BM25 over the phrase's count in the report."""
    texts = {i: compact(sample_index.document(i).text) for i in sample_index.all_ids()}
    ctx, _ = sample_index._context()
    recs = ctx.table.records
    chars = {r["id"]: r["chars"] for r in recs.values()}
    avg = sum(chars.values()) / len(chars)
    for phrase in ("行政复议", "法治政府", "述法"):
        result = sample_index.search(f'"{phrase}"', per_page=0, snippets=False)
        df = sum(phrase in t for t in texts.values())
        assert result.total == df > 0
        w = scoring.idf(len(texts), df)
        for hit in result.hits:
            tf = texts[hit.id].count(phrase)
            want = w * scoring.term_score(tf, scoring.length_norm(chars[hit.id], avg))
            assert hit.matches == tf
            assert hit.score == pytest.approx(want, abs=1e-4)
