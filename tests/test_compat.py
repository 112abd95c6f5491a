"""Reading the compact column straight from the memory-mapped segments."""

from __future__ import annotations

from search import compat
from search.store import open_whoosh


def test_mapped_column_agrees_with_whoosh_reader(sample_index_dir):
    ix = open_whoosh(sample_index_dir)
    with ix.searcher() as s:
        reader = s.reader()
        mapped = compat.byte_column(reader, "compact")
        plain = compat._GenericColumn(reader, "compact")
        assert isinstance(mapped, compat.ByteColumn)  # segments are memory-mapped here
        docs = list(reader.all_doc_ids())
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
