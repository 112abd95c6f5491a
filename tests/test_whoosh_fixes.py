"""Each fix to Whoosh (search/store/whoosh/fixes.py) has a test here that fails without it.

Every test does the work with the fix in place, then takes that one fix away
(``_without``: Whoosh's own code back for the test's duration) and shows the
same work failing or costing what the fix saves.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tracemalloc

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb import compound
from whoosh.matching import mcore

import search
from search.document import prepare_file
from search.store import open_store
from search.store.whoosh import fixes
from search.store.whoosh import store as store_module
from search.store.whoosh.columns import ByteColumn, _GenericColumn
from search.store.whoosh.files import open_whoosh
from search.store.whoosh.merging import MAX_SEGMENTS

from .conftest import ROOT, SAMPLES, corpus_files

REPORTS = sorted(SAMPLES.glob("*.txt"))


def _without(monkeypatch, name: str) -> None:
    owner, attr, _ = fixes.FIXES[name]
    if fixes.ORIGINALS[name] is None:
        monkeypatch.delattr(owner, attr)
    else:
        monkeypatch.setattr(owner, attr, fixes.ORIGINALS[name])


def _write_one(store) -> None:
    # The store is opened before a fix is taken away: opening applies them all.
    writer = store.writer()
    writer.add(prepare_file(str(REPORTS[0])))
    writer.commit()


def test_fixes_are_applied_when_a_store_opens_not_on_import(sample_index_dir):
    code = (
        "import sys, search\n"
        "assert 'whoosh' not in sys.modules, 'import search imported whoosh'\n"
        "from search.store.whoosh import fixes\n"
        "assert not fixes.applied()\n"
        f"search.SearchIndex({str(sample_index_dir)!r})\n"
        "assert fixes.applied()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _whoosh_codec(monkeypatch) -> None:
    # The two writing fixes are on Whoosh's own term-table writer (indexes written
    # before termtable.py, and inline.py's tests); the store now writes its own.
    monkeypatch.setattr(store_module, "codec", lambda: W3Codec(inlinelimit=16, compression=1))


def test_set_inline_lets_rare_terms_be_written_inline(tmp_path, monkeypatch):
    _whoosh_codec(monkeypatch)
    _write_one(open_store(tmp_path / "with", create=True))
    assert search.SearchIndex(tmp_path / "with").count('"法治政府"') == 1
    store = open_store(tmp_path / "without", create=True)
    _without(monkeypatch, "set_inline")
    with pytest.raises(AttributeError, match="set_inline"):
        _write_one(store)


def test_add_postings_takes_a_grouped_pool(tmp_path, monkeypatch):
    _whoosh_codec(monkeypatch)
    _write_one(open_store(tmp_path / "with", create=True))
    store = open_store(tmp_path / "without", create=True)
    _without(monkeypatch, "add_postings")
    with pytest.raises(TypeError):
        _write_one(store)


def test_the_compound_map_lets_columns_be_searched_in_place(sample_index_dir, monkeypatch):
    store = open_store(sample_index_dir)
    snap = store.snapshot()
    mapped = snap.column("compact")
    assert isinstance(mapped, ByteColumn) and mapped.mapped
    plain = _GenericColumn(snap._reader, "compact")
    docs = snap.live
    assert len(docs) == 5
    for d in docs:
        data = plain(d)
        assert mapped(d) == data and mapped.length(d) == len(data) > 1000
        needle = data[300:312]  # four Han characters
        for col in (mapped, plain):
            assert col.find(d, needle) == data.find(needle)
            assert col.find(d, needle, 301) == data.find(needle, 301)
            assert col.find(d, needle, 0, 311) == -1
            assert col.containing(docs, needle) == {e for e in docs if needle in plain(e)}
    assert mapped.containing(docs, "不在任何报告里的短语".encode()) == set()
    snap.close()
    _without(monkeypatch, "compound_map")
    snap = store.snapshot()
    col = snap.column("compact")
    assert not col.mapped  # an export would then hold the lock for its whole ordering
    assert [col(d) for d in docs] == [plain(d) for d in docs]
    snap.close()


def _search_heap(store) -> int:
    tracemalloc.start()
    try:
        snap = store.snapshot()
        for d in snap.live:
            snap.stored(d)
            snap.column("compact")(d)
        snap.postings("grams", "法治")
        snap.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_buffer_file_reads_segments_without_copying_them(tmp_path, monkeypatch):
    # 30 corpus reports beside the samples: segments well above one report's
    # stored text, which reading a report unpickles whatever the fix.
    search.index_paths([SAMPLES, *corpus_files(30)], tmp_path, workers=1, reuse=False)
    store = open_store(tmp_path)
    segments = sum(f.stat().st_size for f in tmp_path.glob("*.seg"))
    assert segments > 1_000_000
    assert _search_heap(store) < segments / 3
    _without(monkeypatch, "buffer_file")
    # each sub-file it reads copied out of the map (the term table is read in place
    # through the compound map, not through the buffer file, so it is not among them)
    assert _search_heap(store) > segments / 2


def test_a_missing_length_column_is_looked_up_once(sample_index_dir, monkeypatch):
    calls = []
    exists = compound.CompoundStorage.file_exists

    def counting(self, name):
        calls.append(name)
        return exists(self, name)

    monkeypatch.setattr(compound.CompoundStorage, "file_exists", counting)
    store = open_store(sample_index_dir)

    def lookups() -> int:
        snap = store.snapshot()
        ((leaf, _),) = snap._reader.leaf_readers()
        calls.clear()
        for d in range(200):
            assert leaf.doc_field_length(d % 5, "grams") == 0  # grams keeps no lengths
        snap.close()
        return len(calls)

    assert lookups() == 1
    _without(monkeypatch, "cached_reader")
    assert lookups() == 200


def test_many_small_batches_merge_without_the_dropped_list_matcher_fix(tmp_path):
    """The ``ListMatcher.value`` fix was dropped: the project's merge reads raw postings.

    Whoosh's own merge still trips over inlined postings' ``""`` values, which is why
    the store never lets Whoosh merge (``WhooshWriter.commit``).
    """
    assert "value" not in {attr for _, attr, _ in fixes.FIXES.values()}
    assert mcore.ListMatcher.value is mcore.ListMatcher.__dict__["value"]
    files = [str(p) for p in corpus_files(40, seed=31)]
    index_paths = search.index_paths
    summary = index_paths(files, tmp_path / "a", batch_docs=2, workers=1, reuse=False)
    assert summary.total == 40
    merged = open_whoosh(tmp_path / "a")
    assert len(merged._segments()) == MAX_SEGMENTS  # 20 batches: merges happened
    index_paths(files, tmp_path / "b", workers=1, reuse=False)
    a, b = search.SearchIndex(tmp_path / "a"), search.SearchIndex(tmp_path / "b")
    for q in ('"法治"', '"人民政府"', "法治 建设", '"第一条"'):
        assert sorted(a.find_all(q)) == sorted(b.find_all(q)), q
    shutil.copytree(tmp_path / "a", tmp_path / "c")
    with pytest.raises(AssertionError, match="vbytes"):
        open_whoosh(tmp_path / "c").writer().commit(optimize=True)
