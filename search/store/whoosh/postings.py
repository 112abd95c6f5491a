"""A term's postings (docnums, and weights) read a block at a time, decoded in C."""

from __future__ import annotations

from itertools import accumulate, islice

from whoosh.codec import whoosh3


def _leaf_matchers(reader, fieldname: str, tbytes: bytes):
    """(raw matcher, docnum offset) of a term in each segment that has it."""
    fieldobj = reader.schema[fieldname]
    for sub, offset in reader.leaf_readers():
        if (fieldname, tbytes) in sub:
            yield sub._terms.matcher(fieldname, tbytes, fieldobj.format), offset


def block_ids(m, offset: int):
    """The current block's docnums plus ``offset``, decoded in C.

    Whoosh decodes the delta-coded ids with a Python generator, a third of
    the cost of reading a long postings list.
    """
    if m._data is None:
        m._read_data()
    raw = m._data[0]
    if m._byteids:  # term vectors: ids are terms, not delta-coded numbers
        return raw if not offset else [offset + i for i in raw]
    return islice(accumulate(raw, initial=offset), 1, None)


def term_ids(reader, fieldname: str, tbytes: bytes) -> set[int]:
    """The docnums of one term's postings, read a block at a time."""
    out: set[int] = set()
    for m, offset in _leaf_matchers(reader, fieldname, tbytes):
        if isinstance(m, whoosh3.W3LeafMatcher):
            while m.is_active():
                out.update(block_ids(m, offset))
                m._next_block()
        else:
            out.update(offset + i for i in m.all_ids())
    return out


def term_weights(reader, fieldname: str, tbytes: bytes) -> dict[int, float]:
    """``docnum -> weight`` of one term's postings, read a block at a time.

    Going through Whoosh's matcher costs three method calls per posting;
    the codec already holds each block's ids and weights as arrays.
    """
    out: dict[int, float] = {}
    for m, offset in _leaf_matchers(reader, fieldname, tbytes):
        if isinstance(m, whoosh3.W3LeafMatcher):
            while m.is_active():
                m._read_weights()
                out.update(zip(block_ids(m, offset), m._weights, strict=True))
                m._next_block()
        else:  # inlined postings, or another matcher: the plain way
            while m.is_active():
                out[offset + m.id()] = m.weight()
                m.next()
    return out
