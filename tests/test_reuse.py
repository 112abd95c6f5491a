"""Reuse detection (issue 12) on constructed cases cut from the real sample reports
(tests/reuse_cases.py describes them)."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest

import search
from search.fold import fold
from search.reuse import Masker, reuse_report, update_reuse
from search.reuse import update as reuse_update
from search.reuse.source import IndexTexts
from search.reuse.store import store_path
from tests.reuse_cases import (
    NAMES_CHANGED,
    NUMBERS_CHANGED,
    REWORDED,
    STOCK_SENTENCE,
    build_reuse_index,
    copied_chars,
    raw_sample,
)


@pytest.fixture(scope="module")
def reuse_index(tmp_path_factory):
    return build_reuse_index(
        tmp_path_factory.mktemp("reuse-src"), tmp_path_factory.mktemp("reuse-index")
    )


def _span_of(text: str, paragraph: str) -> tuple[int, int]:
    start = fold(text).index(fold(paragraph[:30]))
    return start, start + len(paragraph)


def _coverage(report, spans, lo: int, hi: int, source_id: str | None = None) -> float:
    covered = np.zeros(len(report.text), dtype=bool)
    for s in spans:
        if source_id is None or s.source_id == source_id:
            covered[s.start : s.end] = True
    chars = [not c.isspace() for c in report.text[lo:hi]]
    return sum(c and k for c, k in zip(chars, covered[lo:hi], strict=True)) / sum(chars)


def test_masking_makes_the_issue_example_one_sentence():
    a = Masker("江门市江海区卫生健康局", ["广东省", "江门市", "江海区"]).paragraph(
        "2022年江海区卫生健康局开展普法活动12场", 0
    )
    b = Masker("新县卫生健康委员会", ["河南省", "信阳市", "新县"]).paragraph(
        "2023年新县卫生健康委员会开展普法活动8场", 0
    )
    assert a.text == b.text == "#@开展普法活动#场"
    # Offsets lead back to the report's own characters: @ stands for the agency's name.
    assert a.span(1, 2) == (5, 13)
    # A different activity is a different sentence.
    c = Masker("新县卫生健康委员会", []).paragraph("2023年新县卫生健康委员会开展义诊活动8场", 0)
    assert c.text != a.text


@pytest.mark.parametrize("pasted", [NAMES_CHANGED, NUMBERS_CHANGED], ids=["names", "numbers"])
def test_pasted_paragraph_with_changed_names_and_numbers_is_found(reuse_index, pasted):
    index_dir, ids, reports = reuse_index
    b = reports["b"]
    got = reuse_report(ids["b"], index_dir)
    lo, hi = _span_of(b.text, pasted)
    assert _coverage(b, got.spans, lo, hi, ids["a"]) >= 0.95
    source = next(s for s in got.sources if s.id == ids["a"])
    assert (source.kind, source.agency, source.year) == ("other", "江门市江海区卫生健康局", 2021)
    # The source offsets point at the same passage in A.
    a = reports["a"]
    for s in got.spans:
        if lo <= s.start < hi:
            assert fold(a.text[s.source_start : s.source_end])[-6:] in fold(a.text)


def test_only_the_pasted_paragraphs_are_reused(reuse_index):
    index_dir, ids, reports = reuse_index
    b = reports["b"]
    got = reuse_report(ids["b"], index_dir)
    pasted = [_span_of(b.text, p) for p in (NAMES_CHANGED, NUMBERS_CHANGED)]
    assert got.spans
    for s in got.spans:
        assert any(lo <= s.start and s.end <= hi for lo, hi in pasted), b.text[s.start : s.end]
    inside = sum(len(re.sub(r"\s", "", b.text[lo:hi])) for lo, hi in pasted)
    total = len(re.sub(r"\s", "", b.text))
    assert got.share == pytest.approx(inside / total, abs=0.02)
    assert got.by_part["主要举措和成效"] > got.share  # both were pasted among the measures
    assert got.by_part["存在的不足和原因"] == 0.0


def test_lightly_reworded_paragraph_is_found_as_near_duplicate(reuse_index):
    index_dir, ids, reports = reuse_index
    c = reports["c"]
    got = reuse_report(ids["c"], index_dir)
    lo, hi = _span_of(c.text, REWORDED)
    # Every sentence of it was edited, so no sentence hash matches: this is the
    # MinHash candidate aligned to its exact shared blocks.
    assert _coverage(c, got.spans, lo, hi, ids["a"]) >= 0.9
    # Of the characters left as A wrote them (the edits were not copied), >= 95%.
    truth = copied_chars(c.text, lo, REWORDED, reports["a"].text)
    covered = np.zeros(len(c.text), dtype=bool)
    for s in got.spans:
        covered[s.start : s.end] = True
    assert (covered & truth).sum() / truth.sum() >= 0.95
    assert {s.kind for s in got.sources} == {"other"}


def test_same_agency_a_year_later_is_self_reuse(reuse_index):
    index_dir, ids, reports = reuse_index
    got = reuse_report(ids["d"], index_dir)
    assert got.share > 0.95
    assert got.sources[0].id == ids["a"] and got.sources[0].kind == "self"
    # A, the earlier report, did not copy from its successor.
    earlier = reuse_report(ids["a"], index_dir)
    assert all(s.id != ids["d"] for s in earlier.sources)


def test_unrelated_reports_share_nothing(reuse_index):
    index_dir, ids, _ = reuse_index
    for name in ("x", "y"):
        got = reuse_report(ids[name], index_dir)
        assert (got.share, got.sources, got.spans) == (0.0, [], [])


def test_json_shape_is_the_issues(reuse_index):
    index_dir, ids, _ = reuse_index
    data = reuse_report(ids["b"], index_dir).to_json()
    assert list(data) == ["id", "share", "by_part", "sources", "spans"]
    assert list(data["sources"][0]) == ["id", "agency", "year", "kind", "chars", "share"]
    assert list(data["spans"][0]) == [
        "start",
        "end",
        "source_id",
        "source_start",
        "source_end",
        "kind",
    ]
    assert 0 < data["share"] < 1


def _all(index_dir, ids) -> dict:
    return {n: reuse_report(i, index_dir).to_json() for n, i in ids.items()}


def test_incremental_equals_rebuilt_and_survives_a_crash(reuse_index, tmp_path, monkeypatch):
    index_dir, ids, _ = reuse_index
    before = _all(index_dir, ids)
    assert update_reuse(index_dir).added == []  # nothing left to compare
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    store_path(copy).unlink()
    # A crash in the middle of the pass: one report per transaction, the fourth fails.
    monkeypatch.setattr(reuse_update, "CHUNK", 1)
    calls = {"n": 0}
    real_add = reuse_update._add

    def failing_add(*args):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        return real_add(*args)

    monkeypatch.setattr(reuse_update, "_add", failing_add)
    with pytest.raises(OSError):
        update_reuse(copy)
    monkeypatch.setattr(reuse_update, "_add", real_add)
    again = update_reuse(copy)
    assert len(again.added) == 3 and again.total == 6  # three were committed before
    assert _all(copy, ids) == before


def test_template_sentence_needs_enough_agencies(tmp_path):
    for name in (
        "000_babe59551d9384b9.txt",
        "001_cc230d041acd38b8.txt",
        "002_a6447469db452940.txt",
    ):
        raw = raw_sample(name)
        at = raw.index("。\n", len(raw) // 2) + 1  # after a paragraph's end
        (tmp_path / name).write_text(raw[:at] + "\n" + STOCK_SENTENCE + "\n" + raw[at:], "utf-8")
    index_dir = tmp_path / "index"
    search.index_paths([tmp_path], index_dir)
    from search.reuse.report import assemble
    from search.reuse.store import connect

    con = connect(index_dir)
    with IndexTexts(index_dir) as texts:
        for doc_id in texts.records:
            rep = texts.get(doc_id)
            # Three agencies of 2022 use it: a template when three are enough …
            got = assemble(con, rep, k=3)
            assert [rep.text[s.start : s.end] for s in got.spans] == [STOCK_SENTENCE]
            assert {s.kind for s in got.spans} == {"template"}
            # … and, with the default five, too short to count as copied.
            assert assemble(con, rep).spans == []
    con.close()


def test_removed_reports_leave_the_store(reuse_index, tmp_path):
    index_dir, ids, _ = reuse_index
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    with IndexTexts(copy) as texts:
        path_a = texts.records[ids["a"]]["path"]
    from search.store import open_store

    w = open_store(copy).writer()
    w.delete_path(path_a)
    w.commit()
    assert update_reuse(copy).removed == [ids["a"]]
    got = reuse_report(ids["b"], copy)
    assert all(s.id != ids["a"] for s in got.sources)
    # B lost its only source, and D (A's text a year later) now shares with B and C,
    # no longer with its own earlier report: the reuse: filter follows.
    assert _found(copy, "reuse:other", ids) == {"c", "d"}
    assert _found(copy, "reuse:self", ids) == set()
    assert _found(copy, "reuse:>50%", ids) == set()  # D's earlier self is gone too
    with pytest.raises(search.DocumentNotFoundError):
        reuse_report(ids["a"], copy)
    # What is left equals the reuse data rebuilt from scratch.
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(copy, rebuilt)
    store_path(rebuilt).unlink()
    update_reuse(rebuilt)
    rest = {n: i for n, i in ids.items() if n != "a"}
    assert _all(copy, rest) == _all(rebuilt, rest)


def _found(index_dir, query: str, ids: dict[str, str]) -> set[str]:
    names = {v: k for k, v in ids.items()}
    return {names[h.id] for h in search.SearchIndex(index_dir).search(query, per_page=50).hits}


def test_reuse_query_filters(reuse_index):
    index_dir, ids, _ = reuse_index
    shares = {n: reuse_report(i, index_dir) for n, i in ids.items()}
    # The summaries the filter reads (computed in bulk at index time) equal the reports'.
    from search.reuse.summary import reuse_shares

    summaries = reuse_shares(index_dir)
    assert {n: summaries[i].share for n, i in ids.items()} == {
        n: r.share for n, r in shares.items()
    }
    assert _found(index_dir, "reuse:>50%", ids) == {n for n, r in shares.items() if r.share > 0.5}
    assert _found(index_dir, "reuse:>50%", ids) == {"d"}
    assert _found(index_dir, "reuse:<5%", ids) == {n for n, r in shares.items() if r.share < 0.05}
    assert _found(index_dir, "reuse:self", ids) == {"d"} == _found(index_dir, "复用:往年", ids)
    # A and B share A's pasted paragraphs (same year: either may be the source); C reworded one.
    assert _found(index_dir, "reuse:other", ids) == {"a", "b", "c"}
    assert _found(index_dir, "agency:新县 reuse:other", ids) == {"b"}
    assert _found(index_dir, "NOT reuse:other", ids) == {"d", "x", "y"}
    for bad in ("reuse:abc", "reuse:>150%", "reuse:="):
        with pytest.raises(search.QueryError) as exc:
            search.SearchIndex(index_dir).search(bad)
        assert exc.value.code == "bad_reuse"


def test_reuse_filter_without_reuse_data_says_so(reuse_index, tmp_path):
    index_dir, _, _ = reuse_index
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    store_path(copy).unlink()
    with pytest.raises(search.ReuseNotReadyError):
        search.SearchIndex(copy).search("reuse:self")


def test_year_over_year_plans_followed_dropped_and_carried(tmp_path):
    from tests.reuse_cases import FOLLOWED_UP, PLAN_ITEMS, next_year_report

    (tmp_path / "a.txt").write_text(raw_sample("004_218fc4b49fdc6f41.txt"), "utf-8")
    (tmp_path / "e.txt").write_text(next_year_report(), "utf-8")
    (tmp_path / "x.txt").write_text(raw_sample("000_babe59551d9384b9.txt"), "utf-8")
    index_dir = tmp_path / "index"
    search.index_paths([tmp_path], index_dir)
    with IndexTexts(index_dir) as texts:
        ids = {rec["path"].rsplit("/", 1)[-1][0]: i for i, rec in texts.records.items()}
    got = search.year_over_year(ids["e"], index_dir)
    assert (got.previous_id, got.previous_year, got.year) == (ids["a"], 2021, 2022)
    assert 0.9 < got.repeated < 1.0  # all but the new sentence and the dropped plans
    assert [fold(p.text[:12]) for p in got.plans] == [i[:12] for i in PLAN_ITEMS]
    assert [p.status for p in got.plans] == ["followed", "none", "carried"]
    assert got.plans[0].followed == FOLLOWED_UP
    # Repeated text is marked on both sides; the new sentence is not.
    left = "".join(got.left_html)
    assert FOLLOWED_UP in left and f"<mark>{FOLLOWED_UP}" not in left
    assert "<mark>" in "".join(got.right_html)
    # The earliest report has no previous one; another agency's is never taken for it.
    assert search.year_over_year(ids["a"], index_dir).previous_id is None
    assert search.year_over_year(ids["x"], index_dir).previous_id is None
