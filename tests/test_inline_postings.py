"""Inlined postings packed as integers (search/store/whoosh/inline.py), issue 13's index size.

The same reports indexed with Whoosh's pickled inline postings and with packed
ones hold exactly the same postings (ids, weights, values) for every term of
every field; the packed index is smaller; an index written the old way still
opens and answers the same; and what does not fit the packed form falls back
to the pickle.
"""

from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.system import pack_uint

import search
from search.indexer import index_paths
from search.store import open_store
from search.store.whoosh import fixes, inline
from search.store.whoosh import store as store_module

from .conftest import SAMPLES, corpus_files

PHRASES = ['"法治政府"', '"行政复议"', '"的"', '"依法行政"', "法治", '"治建"', '"第三条"']


def _build(path, files, monkeypatch, packed: bool):
    # Whoosh's own hash-table term table, where inline.py's packing applies (the
    # store now writes termtable.py's; tests/test_termtable.py compares the two).
    monkeypatch.setattr(store_module, "codec", lambda: W3Codec(inlinelimit=16, compression=1))
    if not packed:  # Whoosh's own to_bytes, as every index before inline.py was written
        owner, attr, _ = fixes.FIXES["inline_write"]
        monkeypatch.setitem(
            fixes.FIXES, "inline_write", (owner, attr, fixes.ORIGINALS["inline_write"])
        )
        fixes.apply()
    try:
        index_paths(files, path, workers=1, reuse=False)
    finally:
        monkeypatch.undo()
        fixes.apply()


def _postings(path) -> dict:
    """Every (field, term)'s postings in every segment, through Whoosh's own matchers."""
    snap = open_store(path).snapshot()
    out: dict = {}
    try:
        for sub, offset in snap._reader.leaf_readers():
            for field in sub.indexed_field_names():
                fmt = sub.schema[field].format
                for term in sub.lexicon(field):
                    m = sub._terms.matcher(field, term, fmt)
                    rows = []
                    while m.is_active():
                        rows.append((offset + m.id(), m.weight(), m.value()))
                        m.next()
                    out.setdefault((field, term), []).append(rows)
    finally:
        snap.close()
    return out


def _inline_flags(path) -> dict[int, int]:
    """How many term entries carry each flag (0 pointer, 1 pickled, 2 packed)."""
    snap = open_store(path).snapshot()
    flags: dict[int, int] = {}
    try:
        for sub, _ in snap._reader.leaf_readers():
            for _key, value in sub._terms._tindex.items():
                flags[value[0]] = flags.get(value[0], 0) + 1
    finally:
        snap.close()
    return flags


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory):
    files = sorted(str(p) for p in SAMPLES.glob("*.txt")) + [str(p) for p in corpus_files(40)]
    root = tmp_path_factory.mktemp("inline")
    mp = pytest.MonkeyPatch()
    _build(root / "pickled", files, mp, packed=False)
    _build(root / "packed", files, mp, packed=True)
    return root / "pickled", root / "packed"


def test_packed_and_pickled_indexes_hold_the_same_postings(two_indexes):
    pickled, packed = two_indexes
    old, new = _postings(pickled), _postings(packed)
    assert len(new) > 50_000
    assert new == old
    words = [rows for (field, _), rows in new.items() if field == "words"]
    # ``words`` values are each posting's frequency, packed back from the weight
    assert any(r[0][2] == pack_uint(int(r[0][1])) for rows in words for r in rows)


def test_packed_index_is_smaller_and_uses_the_packed_form(two_indexes):
    pickled, packed = two_indexes
    size = {p: sum(f.stat().st_size for f in p.glob("*.seg")) for p in two_indexes}
    assert size[packed] < 0.85 * size[pickled]
    old, new = _inline_flags(pickled), _inline_flags(packed)
    assert inline.PACKED not in old and old[1] > 10_000
    assert 1 not in new and new[inline.PACKED] == old[1]


def test_an_index_written_the_old_way_answers_the_same(two_indexes):
    pickled, packed = two_indexes
    a, b = search.SearchIndex(str(pickled)), search.SearchIndex(str(packed))
    try:
        for q in PHRASES:
            ra, rb = a.search(q, per_page=10), b.search(q, per_page=10)
            assert ra.total == rb.total > 0, q
            assert [h.id for h in ra.hits] == [h.id for h in rb.hits], q
            assert a.find_all(q) == b.find_all(q), q
    finally:
        a.close()
        b.close()


def test_reading_a_packed_index_needs_the_reading_fix(two_indexes, monkeypatch):
    _, packed = two_indexes
    owner, attr, _ = fixes.FIXES["inline_read"]
    store = open_store(packed)  # opening applies every fix; then this one is taken away
    monkeypatch.setattr(owner, attr, fixes.ORIGINALS["inline_read"])
    snap = store.snapshot()
    try:
        with pytest.raises(Exception):  # noqa: B017 - the pickle reads packed bytes: any error
            for term in ("法治", "治建", "复议"):
                snap.weights("grams", term)
    finally:
        snap.close()


def _info(ids, weights, values) -> W3TermInfo:
    ti = W3TermInfo(weight=float(sum(weights)), df=len(ids))
    ti._minid, ti._maxid, ti._maxweight = ids[0], ids[-1], max(weights)
    ti._minlength, ti._maxlength = 1, 9
    ti.set_inlined(ids, weights, values)
    return ti


@pytest.mark.parametrize(
    ("ids", "weights", "values", "flag"),
    [
        ((7,), (1.0,), (), inline.PACKED),
        ((0, 3, 300, 70_000), (2.0, 1.0, 255.0, 256.0), (), inline.PACKED),
        ((5, 9), (3.0, 70_000.0), (pack_uint(3), pack_uint(70_000)), inline.PACKED),
        ((1, 2, 3), (1.0, 1.0, 1.0), (b"", b"", b""), inline.PACKED),
        ((2**31, 2**32 - 2), (1.0, 1.0), (), inline.PACKED),
        ((4, 8), (1.5, 1.0), (), 1),  # a fractional weight: pickled
        ((4, 8), (1.0, 2.0), (b"x", b"y"), 1),  # other values: pickled
        ((4, 8), (1.0, 2.0**33), (), 1),  # a count wider than 32 bits: pickled
        ((4, 8), (-1.0, 2.0), (), 1),  # a negative weight: pickled
        ((4, 300, 8), (1.0, 1.0, 1.0), (), 1),  # ids out of order: pickled
    ],
)
def test_term_info_round_trip(ids, weights, values, flag):
    fixes.apply()
    data = _info(ids, weights, values).to_bytes()
    assert data[0] == flag
    back = W3TermInfo.from_bytes(data)
    assert back.inlined_postings() == (tuple(ids), tuple(weights), tuple(values))
    assert (back.doc_frequency(), back.min_id(), back.max_id()) == (len(ids), ids[0], ids[-1])
    # the term info keeps its totals as 32-bit floats, whatever the postings
    assert back.weight() == pytest.approx(sum(weights), rel=1e-6)
    assert back.max_weight() == max(weights)
