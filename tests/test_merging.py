"""Merging segments: small updates merge only small segments, and answers never change."""

from __future__ import annotations

import shutil

from search import SearchIndex, index_paths
from search.store.whoosh.files import open_whoosh
from search.store.whoosh.merging import MAX_SEGMENTS

from .conftest import SAMPLES, corpus_files

QUERIES = ['"法治"', '"人民政府"', "法治 建设", '"第一条"', '"的"', "监督 管理", '部分:不足 "问题"']


def _answers(index: SearchIndex, query: str):
    result = index.search(query, per_page=0)
    hits = sorted((h.id, round(h.score, 4), h.matches) for h in result.hits)
    return result.total, hits, result.facets


def test_a_merged_index_answers_as_one_built_in_one_go(tmp_path):
    files = [str(p) for p in corpus_files(40, seed=31)]
    fragmented = index_paths(files, tmp_path / "a", batch_docs=2, workers=1)
    assert len(open_whoosh(tmp_path / "a")._segments()) <= MAX_SEGMENTS  # 20 batches merged
    whole = index_paths(files, tmp_path / "b", workers=1)
    assert fragmented.total == whole.total
    a, b = SearchIndex(tmp_path / "a"), SearchIndex(tmp_path / "b")
    for query in QUERIES:
        assert _answers(a, query) == _answers(b, query), query


def test_small_updates_at_the_segment_limit_leave_the_big_segment_alone(tmp_path):
    ix = tmp_path / "ix"
    index_paths([str(p) for p in corpus_files(40, seed=32)], ix, workers=1)
    (big,) = open_whoosh(ix)._segments()
    folder = tmp_path / "new"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")) + corpus_files(12, seed=33):
        shutil.copy(sample, folder / sample.name)
        index_paths([folder / sample.name], ix, workers=1)  # a segment per update
    segments = open_whoosh(ix)._segments()
    assert len(segments) <= MAX_SEGMENTS
    # Whoosh's own policy merged every segment, the big one too, on each such update.
    assert big.segment_id() in {s.segment_id() for s in segments}
    assert SearchIndex(ix).stats().total == 40 + 17
