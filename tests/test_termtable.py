"""Term tables written in bulk (search/store/whoosh/termtable.py), issue 13's build.

The same reports indexed through Whoosh's hash-table term table and through
the packed one hold the same terms, term infos and postings in every field,
the same stored fields and columns, and answer the same; the packed index is
smaller; an index holding segments of both kinds reads, merges and answers
as one written either way; and what the bulk path cannot hold (fractional
weights, keys with the separator byte) is written term by term and reads back
the same.
"""

from __future__ import annotations

import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.reading import TermNotFound

import search
from search.indexer import index_paths
from search.store import open_store
from search.store.whoosh import fixes, merging
from search.store.whoosh import store as store_module
from search.store.whoosh.pool import commit_segments, use_grouped_pool
from search.store.whoosh.termtable import TERMS_EXT, PackedCodec, PackedTermsReader

from .conftest import SAMPLES, corpus_files

PHRASES = [
    '"法治政府"',
    '"行政复议"',
    '"的"',
    '"依法行政"',
    "法治",
    '"治建"',
    '"第三条"',
    "政府 -复议",
]


def _w3() -> W3Codec:
    return W3Codec(inlinelimit=16, compression=1)


def _build(path, files, codec=None, batch_docs: int = 5000) -> None:
    mp = pytest.MonkeyPatch()
    if codec is not None:
        mp.setattr(store_module, "codec", codec)
    try:
        index_paths(files, path, workers=1, reuse=False, batch_docs=batch_docs)
    finally:
        mp.undo()


def _term_info(ti) -> tuple:
    return (
        ti.weight(),
        ti.doc_frequency(),
        ti.min_length(),
        ti.max_length(),
        ti.max_weight(),
        ti.min_id(),
        ti.max_id(),
    )


def _contents(path) -> dict:
    """Every term's info and postings per segment, and every stored field and column."""
    snap = open_store(path).snapshot()
    try:
        terms: dict = {}
        for sub, offset in snap._reader.leaf_readers():
            for field in sub.indexed_field_names():
                fmt = sub.schema[field].format
                for term in sub.lexicon(field):
                    m = sub._terms.matcher(field, term, fmt)
                    rows = []
                    while m.is_active():
                        rows.append((offset + m.id(), m.weight(), m.value()))
                        m.next()
                    info = (
                        _term_info(sub.term_info(field, term)),
                        sub.doc_frequency(field, term),
                        sub.frequency(field, term),
                    )
                    terms.setdefault((field, term), []).append((info, rows))
        stored = [snap.stored(d) for d in snap.live]
        columns = {
            c: [snap.column(c)(d) for d in snap.live] for c in ("compact", "partmap", "meta")
        }
        return {"terms": terms, "stored": stored, "columns": columns, "live": snap.live}
    finally:
        snap.close()


def _segment_bytes(path) -> int:
    return sum(f.stat().st_size for f in path.glob("*.seg"))


@pytest.fixture(scope="module")
def files():
    return sorted(str(p) for p in SAMPLES.glob("*.txt")) + [str(p) for p in corpus_files(40)]


@pytest.fixture(scope="module")
def built(tmp_path_factory, files):
    """Both codecs, one segment (one batch) and many (batches of 2: merged to 16)."""
    root = tmp_path_factory.mktemp("termtable")
    out = {}
    for name, codec in (("w3", _w3), ("packed", None)):
        for batch in (5000, 2):
            out[name, batch] = root / f"{name}-{batch}"
            _build(out[name, batch], files, codec, batch)
    return out


@pytest.mark.parametrize("batch", [5000, 2])
def test_both_tables_hold_the_same_terms_postings_and_fields(built, batch):
    old, new = _contents(built["w3", batch]), _contents(built["packed", batch])
    assert len(new["terms"]) > 50_000
    assert new == old
    fields_seen = {field for field, _ in new["terms"]}
    assert fields_seen == {"id", "path", "key", "words", "grams"}


def test_the_packed_table_is_the_one_written_and_smaller(built):
    for batch in (5000, 2):
        old, new = built["w3", batch], built["packed", batch]
        assert _segment_bytes(new) < 0.6 * _segment_bytes(old)
    snap = open_store(built["packed", 2]).snapshot()
    try:
        leaves = snap._reader.leaf_readers()
        assert len(leaves) > 1
        assert all(isinstance(sub._terms, PackedTermsReader) for sub, _ in leaves)
        assert all(
            sub._storage.file_exists(sub.segment().make_filename(TERMS_EXT)) for sub, _ in leaves
        )
    finally:
        snap.close()


def test_both_answer_the_same(built):
    a = search.SearchIndex(str(built["w3", 2]))
    b = search.SearchIndex(str(built["packed", 2]))
    try:
        for q in PHRASES:
            ra, rb = a.search(q, per_page=10), b.search(q, per_page=10)
            assert ra.total == rb.total, q
            assert [h.id for h in ra.hits] == [h.id for h in rb.hits], q
            assert a.find_all(q) == b.find_all(q), q
        assert b.search('"法治政府"', per_page=10).total > 0
    finally:
        a.close()
        b.close()


def test_absent_terms_and_the_lexicon_from_a_prefix(built):
    snap = open_store(built["packed", 5000]).snapshot()
    try:
        ((sub, _),) = snap._reader.leaf_readers()
        terms = sub._terms
        grams = list(sub.lexicon("grams"))
        assert grams == sorted(grams) and len(grams) > 10_000
        for present in (grams[0], grams[len(grams) // 2], grams[-1]):
            assert ("grams", present) in terms
        for absent in ("没有这个词语".encode(), b"", b"\xff", grams[-1] + b"\xe4"):
            assert ("grams", absent) not in terms
            assert sub.doc_frequency("grams", absent) == 0
            with pytest.raises(TermNotFound):
                terms.term_info("grams", absent)
        assert ("nofield", grams[0]) not in terms
        assert list(terms.terms_from("nofield", b"")) == []
        start = grams[len(grams) // 2]
        after = [t for f, t in terms.terms_from("grams", start) if f == "grams"]
        assert after == grams[len(grams) // 2 :]
        fields_after = [f for f, _ in terms.terms_from("grams", start)]
        assert fields_after[-1] != "grams"  # then the fields numbered after it, as Whoosh's
        assert snap.postings("grams", "没有这个词语") == set()
    finally:
        snap.close()


def test_an_index_of_both_kinds_reads_merges_and_answers_as_one(tmp_path, built, files):
    mixed = tmp_path / "mixed"
    half = len(files) // 2
    _build(mixed, files[:half], _w3)  # an index written before termtable.py
    _build(mixed, files[half:], None, 2)  # updated now, in batches of 2
    snap = open_store(mixed).snapshot()
    try:
        kinds = {type(sub._terms).__name__ for sub, _ in snap._reader.leaf_readers()}
    finally:
        snap.close()
    assert kinds == {"W3TermsReader", "PackedTermsReader"}

    def answers(path) -> list:
        ix = search.SearchIndex(str(path))
        try:
            out = []
            for q in PHRASES:
                r = ix.search(q, per_page=10)
                out.append((sorted(ix.find_all(q)), r.total, r.facets))
            return out
        finally:
            ix.close()

    expected = answers(built["packed", 5000])
    assert answers(mixed) == expected
    # everything merged into one segment, written packed: the same again
    store = open_store(mixed)
    writer = store._raw_writer()
    use_grouped_pool(writer)

    def merge_all(writer, segments):
        for segment in segments:
            merging._copy_segment(writer, segment)
        return []

    commit_segments(writer, [], policy=merge_all)
    snap = store.snapshot()
    try:
        ((sub, _),) = snap._reader.leaf_readers()
        assert isinstance(sub._terms, PackedTermsReader)
    finally:
        snap.close()
    assert answers(mixed) == expected


def _toy(path, codec) -> None:
    """A Whoosh index the bulk path cannot hold: boosted (fractional) weights and
    numeric keys, whose bytes include the separator."""
    schema = fields.Schema(
        title=fields.TEXT(field_boost=1.5, stored=True),
        n=fields.NUMERIC(int, bits=64, stored=True, signed=True),
        tag=fields.ID(stored=True),
    )
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    w = ix.writer(codec=codec)
    use_grouped_pool(w)
    for i in range(40):
        w.add_document(
            title=f"alpha beta{i % 7} gamma{i % 3}", n=-(2**40) + i * 977, tag=f"t{i % 5}"
        )
    w.commit()


def test_what_the_bulk_path_cannot_hold_is_written_term_by_term(tmp_path):
    fixes.apply()
    out = {}
    for name, codec in (("w3", _w3()), ("packed", PackedCodec(inlinelimit=16, compression=1))):
        _toy(tmp_path / name, codec)
        ix = whoosh_index.open_dir(str(tmp_path / name))
        with ix.searcher() as s:
            r = s.reader()
            rows = []
            for field, term in r.all_terms():
                m = r.postings(field, term)
                rows.append(
                    (field, term, _term_info(r.term_info(field, term)), list(m.items_as("weight")))
                )
            out[name] = rows
            if name == "packed":
                assert isinstance(r._terms, PackedTermsReader)
    assert out["packed"] == out["w3"]
    assert any(w != int(w) for *_, items in out["w3"] for _, w in items)  # fractional weights
    assert any(b"\xff" in term for _, term, *_ in out["w3"])  # separator bytes in keys


def test_escaped_keys_sort_as_the_keys_and_come_back():
    import random

    from search.store.whoosh.termtable import _escape, _unescape

    rng = random.Random(13)
    alphabet = [0, 1, 2, 0x7F, 0xE4, 0xFD, 0xFE, 0xFF]
    keys = {bytes(rng.choice(alphabet) for _ in range(rng.randrange(6))) for _ in range(3000)}
    keys = sorted(keys)
    escaped = [_escape(k) for k in keys]
    assert escaped == sorted(escaped)
    assert all(b"\xff" not in e for e in escaped)
    assert [_unescape(e) for e in escaped] == keys
