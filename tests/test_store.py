"""The storage boundary (search.store): both stores answer its primitives alike.

The Whoosh store is the sample index built by ``index``; the memory store holds
the same five reports (conftest.memory_index).  Docnums may differ between the
stores, so everything is compared by report id.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

import search
from search.analysis import compact
from search.document import prepare_file
from search.errors import IndexNotFoundError
from search.store import MEMORY, open_store

from .conftest import ROOT, SAMPLES

REPORTS = sorted(SAMPLES.glob("*.txt"))
TERMS = [
    ("grams", "法治"),
    ("grams", "复议"),
    ("grams", "述"),
    ("words", "法治"),
    ("words", "行政"),
]


def _snaps(whoosh_sample_index, memory_sample_index):
    return [i._store.snapshot() for i in (whoosh_sample_index, memory_sample_index)]


def _by_id(snap, values: dict[int, object]) -> dict[str, object]:
    ids = {d: search.document.decode_meta(snap.column("meta")(d))["id"] for d in snap.live}
    return {ids[d]: v for d, v in values.items() if d in ids}


def test_only_the_store_package_imports_whoosh():
    pattern = re.compile(r"^\s*(from|import) whoosh", re.M)
    package = ROOT / "search"
    outside = [
        str(p.relative_to(ROOT))
        for p in package.rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
        and not p.is_relative_to(package / "store" / "whoosh")
    ]
    assert outside == []


def test_both_stores_hold_the_same_reports(whoosh_sample_index, memory_sample_index):
    w, m = _snaps(whoosh_sample_index, memory_sample_index)
    assert len(w.live) == len(m.live) == 5
    for name in ("compact", "partmap", "meta"):
        assert _by_id(w, {d: w.column(name)(d) for d in w.live}) == _by_id(
            m, {d: m.column(name)(d) for d in m.live}
        )
    assert _by_id(w, {d: w.stored(d)["text"] for d in w.live}) == _by_id(
        m, {d: m.stored(d)["text"] for d in m.live}
    )
    assert _by_id(w, {d: list(map(tuple, w.stored(d)["sections"])) for d in w.live}) == _by_id(
        m, {d: list(map(tuple, m.stored(d)["sections"])) for d in m.live}
    )


@pytest.mark.parametrize(("field", "term"), TERMS)
def test_postings_weights_and_frequencies_agree(
    whoosh_sample_index, memory_sample_index, field, term
):
    w, m = _snaps(whoosh_sample_index, memory_sample_index)
    ws, ms = w.weights(field, term), m.weights(field, term)
    assert _by_id(w, ws) == _by_id(m, ms)
    assert ws and w.doc_freq(field, term) == m.doc_freq(field, term) == len(ms)
    assert w.postings(field, term) == set(ws) and m.postings(field, term) == set(ms)


def test_gram_weights_are_the_counts_in_the_compact_text(memory_sample_index):
    snap = memory_sample_index._store.snapshot()
    col = snap.column("compact")
    for d, n in snap.weights("grams", "复议").items():
        assert n == compact(col(d).decode("utf-8")).count("复议") > 0


def test_columns_search_in_place(memory_sample_index):
    snap = memory_sample_index._store.snapshot()
    col = snap.column("compact")
    for d in snap.live:
        data = col(d)
        needle = data[300:312]
        assert col.length(d) == len(data)
        assert col.find(d, needle) == data.find(needle)
        assert col.find(d, needle, 0, 311) == -1
    assert col.containing(snap.live, "法治".encode()) == set(snap.live)


def test_docnum_of_and_paths(whoosh_sample_index, memory_sample_index):
    for index in (whoosh_sample_index, memory_sample_index):
        snap = index._store.snapshot()
        for doc_id in index.all_ids():
            d = snap.docnum_of(doc_id)
            assert d in snap.live and snap.stored(d)["text"] == index.document(doc_id).text
        assert snap.docnum_of("0000000000000000") is None
        assert sorted(Path(p).name for p in snap.terms("path")) == [p.name for p in REPORTS]


def test_a_commit_leaves_old_snapshots_unchanged_and_not_up_to_date():
    store = open_store(MEMORY)
    first = store.snapshot()
    writer = store.writer()
    writer.add(prepare_file(str(REPORTS[0])))
    writer.commit()
    assert first.live == [] and not first.up_to_date()
    second = store.snapshot()
    assert second.live == [0] and second.up_to_date() and store.doc_count() == 1


def test_deletion_by_path_and_a_part_with_a_report_left_out(tmp_path):
    for store in (open_store(MEMORY), open_store(tmp_path, create=True)):
        reports = [prepare_file(str(p)) for p in REPORTS[:3]]
        for r, p in zip(reports, REPORTS[:3], strict=True):
            r.path = str(p)
        part = store.part_writer()
        assert [part.add(r) for r in reports] == [0, 1, 2]
        done = part.finish()
        done.delete(1)
        writer = store.writer()
        writer.commit([done])
        index = search.SearchIndex(store=store)
        assert sorted(index.all_ids()) == sorted([reports[0].id, reports[2].id])
        writer = store.writer()
        writer.delete_path(str(REPORTS[0]))
        writer.commit()
        assert index.all_ids() == [reports[2].id]  # the index sees the new generation


def test_one_writer_at_a_time_and_cancel_releases_it(tmp_path):
    for store in (open_store(MEMORY), open_store(tmp_path, create=True)):
        writer = store.writer()
        writer.add(prepare_file(str(REPORTS[0])))
        writer.cancel()
        assert store.doc_count() == 0
        store.writer().commit()  # the lock was released


def test_memory_and_whoosh_answer_queries_alike(whoosh_sample_index, memory_sample_index):
    for q in (
        '"行政复议"',
        "法治 建设",
        'section:不足 "问题"',
        '"复议" NEAR/10 "纠错"',
        "NOT 述法",
    ):
        a = whoosh_sample_index.search(q, per_page=0)
        b = memory_sample_index.search(q, per_page=0)
        assert a.total == b.total, q
        assert [(h.id, h.score, h.matches, h.snippets) for h in a.hits] == [
            (h.id, h.score, h.matches, h.snippets) for h in b.hits
        ], q
        assert a.facets == b.facets, q


def test_opening_a_missing_folder_names_it(tmp_path):
    with pytest.raises(IndexNotFoundError, match="no index at"):
        open_store(tmp_path / "nothing-here")


def test_indexes_written_before_the_store_package_still_open():
    """Whoosh pickles the schema by class path; older indexes name ``search.schema``."""
    from search.store.whoosh.analysis import JiebaTokenizer
    from search.store.whoosh.schema import WordsField, make_schema

    old = (
        pickle.dumps(make_schema(), protocol=0)
        .replace(b"search.store.whoosh.schema\n", b"search.schema\n")
        .replace(b"search.store.whoosh.analysis\n", b"search.analysis\n")
    )
    assert b"csearch.schema\nWordsField" in old and b"csearch.analysis\nJiebaTokenizer" in old
    schema = pickle.loads(old)
    assert type(schema["words"]) is WordsField
    assert [t.text for t in schema["words"].analyzer("行政复议")] == ["行政复议"]
    assert any(isinstance(a, JiebaTokenizer) for a in schema["words"].analyzer.items)
