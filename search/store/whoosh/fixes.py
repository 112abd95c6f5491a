"""Fixes to Whoosh 2.7 that this project depends on, applied when a store opens.

whoosh-reloaded is no longer maintained, so rather than fork it we patch the
hot spots we measured, and the bug that writing inlined postings uncovered.
``apply`` runs when a Whoosh store is opened (``WhooshStore``), not when
``search`` is imported; each fix has a test that fails without it
(tests/test_whoosh_fixes.py), and ``ORIGINALS`` keeps what each replaced so
those tests can take one away.

Dropped: ``ListMatcher.value`` answering ``b""`` for inlined postings.  Only
Whoosh's own merge (``commit()`` with its default merge policy) reads values
through it; this project merges with ``merging.merge_if_fragmented``, which reads
the raw postings, and ``WhooshWriter.commit`` never lets Whoosh merge.
Measured: 40 corpus files in batches of 2 (20 batches, merged to 16 segments)
index and search the same without it.
"""

from __future__ import annotations

from io import BytesIO

from whoosh.codec import base, whoosh3
from whoosh.filedb import compound, structfile

from . import inline
from .pool import GroupedPool

_MISSING = object()


def _cached_reader(self, fieldname, column):
    # A missing column (a field without lengths, like ``grams``) was looked up
    # with an os.stat() on every call instead of being remembered.
    cache = self._readers
    reader = cache.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        cache[fieldname] = reader
    return reader


_whoosh_add_postings = base.FieldWriter.add_postings


def _add_postings(self, schema, lengths, items):
    # Whoosh hands the codec one posting per call from its sorted pool; a
    # GroupedPool (pool.py) is handed over a block of a term's postings at a time.
    if isinstance(items, GroupedPool):
        return _add_grouped(self, schema, lengths, items)
    return _whoosh_add_postings(self, schema, lengths, items)


def _add_grouped(self, schema, lengths, pool: GroupedPool) -> None:
    # The same postings as W3PostingsWriter.add_posting would buffer, one
    # block (up to ``_blocklimit`` postings) at a time.
    dfl = lengths.doc_field_length if lengths else None
    lastfn = None
    getlen = None
    # Each scorable field's lengths, read once per document instead of once per
    # posting (2.3 million calls through four layers for the corpus's ``words``).
    field_lengths: dict[str, list[int]] = {}
    for fieldname, btext, (ids, weights, values) in pool.iter_terms():
        if fieldname != lastfn:
            if lastfn is not None:
                self.finish_field()
            fieldobj = schema[fieldname]
            self.start_field(fieldname, fieldobj)
            lastfn = fieldname
            getlen = None
            if dfl is not None and fieldobj.scorable:
                table = field_lengths.get(fieldname)
                if table is None:
                    docs = range(lengths.doc_count_all())
                    table = field_lengths[fieldname] = [dfl(d, fieldname) for d in docs]
                getlen = table.__getitem__
        self.start_term(btext)
        pw = self._postwriter
        limit = pw._blocklimit
        n = len(ids)
        i = 0
        while i < n:
            if len(pw._ids) >= limit:
                pw._write_block()
            j = min(n, i + limit - len(pw._ids))
            pw._ids.extend(ids[i:j])
            chunk = weights[i:j]
            pw._weights.extend(chunk)
            top = max(chunk)
            if top > pw._maxweight:
                pw._maxweight = top
            if values:
                pw._values.extend(values[i:j])
            if getlen is not None:
                lens = list(map(getlen, ids[i:j]))
                lo, hi = min(lens), max(lens)
                if pw._minlength is None or lo < pw._minlength:
                    pw._minlength = lo
                if hi > pw._maxlength:
                    pw._maxlength = hi
            i = j
        self.finish_term()
    if lastfn is not None:
        self.finish_field()


_open_file = compound.CompoundStorage.open_file


def _compound_open_file(self, name, *args, **kwargs):
    # Remember where the sub-file lies in the segment's memory map, so
    # ByteColumn can search values in the map itself.
    f = _open_file(self, name, *args, **kwargs)
    if self._source:
        f._map_at = (self._source, self.range(name)[0])
    return f


class _MemoryFile:
    """A read-only file over a memoryview, for BufferFile.

    Whoosh maps each segment's compound file into memory, then wraps every
    sub-file in ``BytesIO(memoryview)``, which copies it: opening a searcher
    over the 58 MB corpus cost 125 MB of heap plus every page of the map
    (measured).  Reading straight from the map copies only what is read.
    """

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._len = len(buf)
        self._pos = 0

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = self._len if n is None or n < 0 else min(self._len, start + n)
        self._pos = end
        return bytes(self._buf[start:end])

    def peek(self, n: int = 1) -> bytes:
        # With peek, pickle.load reads a posting block's header in one call
        # instead of one read per opcode (twenty per block).
        return bytes(self._buf[self._pos : min(self._len, self._pos + min(max(n, 1), 256))])

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        end = self._len if limit is None or limit < 0 else min(self._len, self._pos + limit)
        pos = self._pos
        while pos < end:
            chunk = bytes(self._buf[pos : min(end, pos + 4096)])
            i = chunk.find(b"\n")
            if i >= 0:
                return self.read(pos + i + 1 - self._pos)
            pos += len(chunk)
        return self.read(end - self._pos)

    def __iter__(self):
        while self._pos < self._len:
            yield self.readline()

    def seek(self, pos: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._len}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        pass


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = _MemoryFile(buf) if isinstance(buf, memoryview) else BytesIO(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


# The writer calls ``set_inline``, a method Whoosh 2.7 never defined (readers
# already understand inlined postings via ``set_inlined``).
_set_inline = whoosh3.W3TermInfo.set_inlined


# Inlined postings packed (inline.py): written packed, read both ways.
_from_bytes = classmethod(inline.from_bytes)

# (owner, attribute, replacement): what ``apply`` sets.
FIXES = {
    "buffer_file": (structfile.BufferFile, "__init__", _buffer_file_init),
    "compound_map": (compound.CompoundStorage, "open_file", _compound_open_file),
    "set_inline": (whoosh3.W3TermInfo, "set_inline", _set_inline),
    "cached_reader": (whoosh3.W3PerDocReader, "_cached_reader", _cached_reader),
    "add_postings": (base.FieldWriter, "add_postings", _add_postings),
    "inline_write": (whoosh3.W3TermInfo, "to_bytes", inline.to_bytes),
    "inline_read": (whoosh3.W3TermInfo, "from_bytes", _from_bytes),
}
# What each fix replaced (None: Whoosh had no such attribute).
ORIGINALS = {name: owner.__dict__.get(attr) for name, (owner, attr, _) in FIXES.items()}


def apply() -> None:
    """Install every fix (idempotent)."""
    for owner, attr, fix in FIXES.values():
        if owner.__dict__.get(attr) is not fix:
            setattr(owner, attr, fix)


def applied() -> bool:
    return all(owner.__dict__.get(attr) is fix for owner, attr, fix in FIXES.values())
