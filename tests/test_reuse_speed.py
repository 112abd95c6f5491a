"""The speed work on the reuse pass changed nothing it computes (README, Reused text: scale).

The digests below were computed by the pass as it was before that work (commit 305bf97:
per-paragraph datasketch MinHash objects, templates dropped after the join, a masking
pattern compiled per report) on the collection of tests/reuse_mix.py.  Whatever changes
masking, hashing or alignment on purpose bumps the store's FORMAT and these digests.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

import search
from search.reuse import Masker, near
from search.reuse.mask import masker_for
from search.reuse.store import BULK_INDEXES
from tests.reuse_mix import reports_digest, store_digests, write_mix

BEFORE = {
    "docs": "e15c8faa99fd21bc4ddb00b6e21540e844a50f66fc0a408c87df505e66dc72c1",
    "sents": "1de748ef92f1f93506f31cb38cd00f4bf60d510936d7ff934bfa471668d4b649",
    "paras": "b3a1e89392d012cb255a201138e440bc7e90d81171bbef1badaa6a02f17d9cda",
    "links": "68edb49746365d10343f920e28364df60f17e849d7bf086bd83354afe657430d",
    "summary": "447e69c6c8e570833792274cc8d9718fdb224c3c3855508911f1bec89b392113",
    "reports": "6a27138c00cb55b041da81de3660a19d16fd54aaa7a74dd3727010354c52f404",
}


@pytest.fixture(scope="module")
def mix_index(tmp_path_factory):
    src = tmp_path_factory.mktemp("mix-src")
    index_dir = tmp_path_factory.mktemp("mix-index")
    for batch in write_mix(src):  # two runs: the second is compared with the first
        search.index_paths(batch, index_dir)
    return index_dir


def test_the_store_is_what_the_pass_wrote_before_the_speed_work(mix_index):
    assert store_digests(mix_index) == {k: v for k, v in BEFORE.items() if k != "reports"}


def test_every_reports_reuse_is_what_it_was(mix_index):
    assert reports_digest(mix_index) == BEFORE["reports"]


def test_reports_prepared_in_worker_processes_give_the_same_store(tmp_path):
    """A large batch is masked and hashed in worker processes (search/reuse/prep.py):
    forced here on the small collection, the store and the answers are the same."""
    from search.reuse import update

    src, index_dir = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    batches = write_mix(src)
    search.index_paths(batches[0], index_dir)
    old = update.WORKERS, update.BULK_FROM
    update.WORKERS = 1
    try:
        search.index_paths(batches[1], index_dir)  # compared with the first in a worker
        assert store_digests(index_dir) == {k: v for k, v in BEFORE.items() if k != "reports"}
        # The whole collection again, two workers, the indexes dropped meanwhile.
        update.WORKERS, update.BULK_FROM = 2, 1
        (index_dir / "reuse.sqlite").unlink()
        assert update.update_reuse(index_dir).added  # it did run
    finally:
        update.WORKERS, update.BULK_FROM = old
    con = sqlite3.connect(index_dir / "reuse.sqlite")
    indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert set(BULK_INDEXES) <= indexes
    full = store_digests(index_dir)
    assert full["summary"] == BEFORE["summary"] and full["sents"] == BEFORE["sents"]
    assert reports_digest(index_dir) == BEFORE["reports"]


def test_the_collection_has_every_kind_of_evidence(mix_index):
    """Templates, exact copies and near duplicates: else the digests would prove little."""
    from search.reuse.store import connect

    con = connect(mix_index)
    try:
        other, template = con.execute("SELECT MAX(other), MAX(template) FROM summary").fetchone()
        links = con.execute("SELECT COUNT(*) FROM links").fetchone()[0]
        copies = con.execute("SELECT COUNT(*) FROM paras WHERE rep = 0").fetchone()[0]
        members = con.execute("SELECT COUNT(*) FROM paras WHERE rep = 2").fetchone()[0]
    finally:
        con.close()
    assert other > 0.3 and template > 0.1 and links > 10 and copies > 10
    # Reworded copies joined their original's cluster (clusters.py), and the store's
    # links and every answer are still those of before (the digests above).
    assert members > 0


def _paragraphs() -> list[str]:
    out = []
    for f in sorted(search.SAMPLES_DIR.glob("*.txt")):
        text = search.clean_text(search.read_document(f))
        out += [p.text for p in Masker("", []).paragraphs(text)]
    return [p for p in out if len(p) >= near.SHINGLE]


def test_a_failed_write_stops_the_worker_processes(tmp_path, monkeypatch):
    """A write failing in the middle of a pass prepared by workers raises as before (the
    committed transactions stay) and leaves no worker process behind."""
    from search.reuse import update, workers

    src, index_dir = tmp_path / "src", tmp_path / "index"
    src.mkdir()
    batches = write_mix(src)
    search.index_paths(batches[0] + batches[1], index_dir)
    (index_dir / "reuse.sqlite").unlink()
    started = []
    real_popen, real_add = workers.subprocess.Popen, update._add

    def popen(*args, **kw):
        started.append(real_popen(*args, **kw))
        return started[-1]

    def failing_add(con, reps, got, *rest):
        if len(reps.ids) == 5:
            raise OSError("disk full")
        return real_add(con, reps, got, *rest)

    monkeypatch.setattr(workers.subprocess, "Popen", popen)
    monkeypatch.setattr(update, "_add", failing_add)
    monkeypatch.setattr(update, "WORKERS", 2)
    monkeypatch.setattr(update, "CHUNK", 2)
    with pytest.raises(OSError, match="disk full"):
        update.update_reuse(index_dir)
    assert len(started) == 2 and all(p.poll() is not None for p in started)
    monkeypatch.setattr(update, "_add", real_add)
    assert len(update.update_reuse(index_dir).added) == 12  # two transactions of 2 kept
    assert store_digests(index_dir)["summary"] == BEFORE["summary"]


def test_bulk_minhash_equals_datasketchs():
    texts = _paragraphs()
    assert len(texts) > 100
    got = near.signatures(texts)
    assert got.dtype == np.uint32 and got.shape == (len(texts), near.NUM_PERM)
    for row, text in zip(got, texts, strict=True):
        assert np.array_equal(row, near.signature(text).hashvalues), text
    # … and the LSH answers the same for the MinHash built from those values.
    lsh = near.new_lsh()
    for k, text in enumerate(texts[:50]):
        lsh.insert(k, near.signature(text))
    for row, text in zip(got[:50], texts[:50], strict=True):
        assert sorted(lsh.query(near.minhash(row))) == sorted(lsh.query(near.signature(text)))


def test_align_of_equal_paragraphs_is_difflibs():
    from difflib import SequenceMatcher

    for text in _paragraphs()[:40] + ["短句", ""]:
        sm = SequenceMatcher(None, text, text, autojunk=False)
        want = [(i, j, n) for i, j, n in sm.get_matching_blocks() if n >= near.MIN_BLOCK]
        assert near.align(text, text) == want


def test_align_is_difflibs_on_real_paragraph_pairs():
    """near.align uses cydifflib (C): the same blocks as the standard library's difflib
    on pairs of real paragraphs: every pair the LSH makes among the samples' paragraphs,
    reworded copies, and neighbouring (unrelated) paragraphs."""
    from difflib import SequenceMatcher

    from tests.reuse_cases import REWORDED

    texts = [t for t in _paragraphs() if len(t) >= near.MIN_PARAGRAPH]
    lsh = near.new_lsh()
    pairs = []
    for k, row in enumerate(near.signatures(texts)):
        m = near.minhash(row)
        pairs += [(texts[k], texts[j]) for j in lsh.query(m)]
        lsh.insert(k, m)
    for k in (1, 2, 3):
        pairs += list(zip(texts, texts[k:], strict=False))
    edited = REWORDED.replace("，", ",")
    pairs += [(edited, t) for t in texts[:50]] + [(REWORDED, edited), ("短句", "短句子")]
    assert len(pairs) > 250
    for a, b in pairs:
        sm = SequenceMatcher(None, a, b, autojunk=False)
        want = [(i, j, n) for i, j, n in sm.get_matching_blocks() if n >= near.MIN_BLOCK]
        assert near.align(a, b) == want
        assert near.align(a, b, 1) == [tuple(x) for x in sm.get_matching_blocks() if x.size >= 1]


def test_cached_masking_pattern_masks_each_agency_with_its_own_names():
    a = masker_for({"agency": "江门市江海区卫生健康局", "province": "广东省", "city": "江门市"})
    b = masker_for({"agency": "信阳市新县卫生健康委员会", "province": "河南省", "city": "信阳市"})
    again = masker_for({"agency": "江门市江海区卫生健康局", "province": "广东省", "city": "江门市"})
    line = "江海区卫生健康局与新县卫生健康委员会2022年共开展培训12场"
    assert a.paragraph(line, 0).text == "@与新县卫生健康委员会#共开展培训#场"
    assert again.paragraph(line, 0).text == a.paragraph(line, 0).text
    assert b.paragraph(line, 0).text == "江海区卫生健康局与@#共开展培训#场"


def test_the_lsh_with_list_buckets_answers_as_datasketchs_default():
    """near.new_lsh keeps its buckets in datasketch's list storage (less memory): the
    same candidates as the default set storage for every paragraph of the samples."""
    from datasketch import MinHashLSH

    texts = [t for t in _paragraphs() if len(t) >= near.MIN_PARAGRAPH]
    # … and each reworded (a character changed every 40), so that there are candidates.
    texts += ["".join("某" if i % 40 == 20 else c for i, c in enumerate(t)) for t in texts]
    sigs = [near.minhash(row) for row in near.signatures(texts)]
    ours, theirs = near.new_lsh(), MinHashLSH(threshold=near.THRESHOLD, num_perm=near.NUM_PERM)
    pairs = 0
    for k, m in enumerate(sigs):
        got = sorted(ours.query(m))
        assert got == sorted(theirs.query(m))
        pairs += len(got)
        ours.insert(k, m, check_duplication=False)
        theirs.insert(k, m)
    assert pairs > 50
