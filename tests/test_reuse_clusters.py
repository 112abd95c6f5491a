"""Near-duplicate clusters of the reuse pass (search/reuse/clusters.py), on the constructed
cases of tests/reuse_cases.py: C's reworded copy of A's paragraph joins A's cluster (it is
not put in the LSH), and what later reports share with it is still found, with the same
agency's earlier report first."""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest

import search
from search.fold import fold
from search.reuse import reuse_report, update_reuse
from search.reuse.source import IndexTexts
from search.reuse.store import store_path
from tests.reuse_cases import REWORDED, _insert_before, raw_sample, write_reports

# C's reworded paragraph edited once more, as the same agency would a year later.
REWORDED_AGAIN = REWORDED.replace("切实提升", "全面提升")
C_FILE = "002_a6447469db452940.txt"


@pytest.fixture(scope="module")
def clustered(tmp_path_factory):
    src = tmp_path_factory.mktemp("clusters-src")
    index_dir = tmp_path_factory.mktemp("clusters-index")
    write_reports(src)
    # E: C's agency a year later, its reworded paragraph again word for word; F: the same
    # agency, that paragraph edited once more (a new variant of A's paragraph).
    later = raw_sample(C_FILE).replace("2022", "2023")
    (src / "e.txt").write_text(_insert_before(later, "二、", [REWORDED]), encoding="utf-8")
    (src / "f.txt").write_text(_insert_before(later, "二、", [REWORDED_AGAIN]), encoding="utf-8")
    search.index_paths([src / n for n in ("a.txt", "b.txt", "x.txt")], index_dir)
    search.index_paths([src / n for n in ("c.txt", "d.txt", "y.txt", "e.txt", "f.txt")], index_dir)
    with IndexTexts(index_dir) as texts:
        ids = {rec["path"].rsplit("/", 1)[-1][0]: doc_id for doc_id, rec in texts.records.items()}
        reports = {name: texts.get(doc_id) for name, doc_id in ids.items()}
    return index_dir, ids, reports


def _paragraph_rows(index_dir, doc_id: str, report, paragraph: str) -> list[tuple]:
    """(row, rep, head) of the stored paragraph of ``doc_id`` starting like ``paragraph``."""
    start = fold(report.text).index(fold(paragraph[:15]))
    con = sqlite3.connect(store_path(index_dir))
    try:
        return con.execute(
            "SELECT p.row, p.rep, p.head FROM paras p JOIN docs d ON d.row = p.doc "
            "WHERE d.id = ? AND p.start BETWEEN ? AND ?",
            (doc_id, start, start + 5),
        ).fetchall()
    finally:
        con.close()


def _coverage(report, spans, paragraph: str, source_id: str, kind: str) -> float:
    lo = fold(report.text).index(fold(paragraph[:15]))
    hi = lo + len(paragraph)
    covered = np.zeros(len(report.text), dtype=bool)
    for s in spans:
        if s.source_id == source_id and s.kind == kind:
            covered[s.start : s.end] = True
    chars = np.array([not c.isspace() for c in report.text[lo:hi]])
    return float((covered[lo:hi] & chars).sum() / chars.sum())


def test_a_reworded_copy_joins_the_cluster_of_its_original(clustered):
    index_dir, ids, reports = clustered
    [(head, rep_a, _)] = _paragraph_rows(index_dir, ids["a"], reports["a"], REWORDED)
    [(_, rep_c, head_c)] = _paragraph_rows(index_dir, ids["c"], reports["c"], REWORDED)
    [(_, rep_f, head_f)] = _paragraph_rows(index_dir, ids["f"], reports["f"], REWORDED_AGAIN)
    assert rep_a == 1  # A's paragraph heads the cluster (in the LSH) …
    assert (rep_c, head_c) == (2, head)  # … C's variant is a member, not in the LSH
    assert (rep_f, head_f) == (2, head)
    # E repeats C's variant word for word: an exact copy of the member.
    [(_, rep_e, _)] = _paragraph_rows(index_dir, ids["e"], reports["e"], REWORDED)
    assert rep_e == 0
    # C's reuse of A is found as before.
    got = reuse_report(ids["c"], index_dir)
    assert _coverage(reports["c"], got.spans, REWORDED, ids["a"], "other") >= 0.9


def test_a_member_is_the_source_of_its_own_agencys_later_variants(clustered):
    """F's variant is aligned with the cluster's head (A, another agency) and with the
    member its own agency wrote (C): what it repeats from C is ``self``."""
    index_dir, ids, reports = clustered
    for name, paragraph in (("e", REWORDED), ("f", REWORDED_AGAIN)):
        got = reuse_report(ids[name], index_dir)
        assert _coverage(reports[name], got.spans, paragraph, ids["c"], "self") >= 0.95, name


def test_removing_the_heads_report_makes_a_member_head(clustered, tmp_path):
    index_dir, ids, reports = clustered
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    with IndexTexts(copy) as texts:
        path_a = texts.records[ids["a"]]["path"]
    from search.store import open_store

    w = open_store(copy).writer()
    w.delete_path(path_a)
    w.commit()
    assert update_reuse(copy).removed == [ids["a"]]
    [(head, rep_c, _)] = _paragraph_rows(copy, ids["c"], reports["c"], REWORDED)
    [(_, rep_f, head_f)] = _paragraph_rows(copy, ids["f"], reports["f"], REWORDED_AGAIN)
    assert rep_c == 1 and (rep_f, head_f) == (2, head)
    # The same answers as the store rebuilt from scratch without A.
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(copy, rebuilt)
    store_path(rebuilt).unlink()
    update_reuse(rebuilt)
    for name, doc_id in ids.items():
        if name != "a":
            want = reuse_report(doc_id, rebuilt).to_json()
            assert reuse_report(doc_id, copy).to_json() == want, name
