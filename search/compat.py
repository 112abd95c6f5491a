"""Fixes to Whoosh 2.7's writing speed that this project depends on, in one place.

whoosh-reloaded is no longer maintained, so rather than fork it we patch the
hot spots we measured when segments are written, and the two bugs that
writing inlined postings uncovered (see ``apply``).
"""

from __future__ import annotations

from array import array
from io import BytesIO
from itertools import accumulate, islice

from whoosh.codec import base, whoosh3
from whoosh.filedb import compound, structfile
from whoosh.matching import mcore

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


class GroupedPool:
    """A posting pool for a segment written in one go, grouped by term on arrival.

    Whoosh's PostingPool keeps every posting as a 5-tuple and sorts them all
    (spilling runs to disk); but documents are added in docnum order, so each
    term's postings arrive already sorted.  Grouping them as they come leaves
    only the distinct terms to sort, and lets ``_add_postings`` hand each
    term's postings to the codec in blocks instead of one call per posting.
    """

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        # fieldname -> term bytes -> (docnums, weights, values)
        self._fields: dict[str, dict[bytes, tuple]] = {}
        self._text_fields: dict[str, dict[str, tuple]] = {}  # the same, keyed by str

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._fields.get(fieldname)
        if terms is None:
            self.fieldnames.add(fieldname)
            terms = self._fields[fieldname] = {}
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("f"), [])
        entry[0].append(docnum)
        entry[1].append(weight)
        if vbytes:
            entry[2].append(vbytes)

    def add_counts(self, fieldname: str, docnum: int, counts: dict[str, int]) -> None:
        """Post ``docnum`` under each term with its count as weight and no payload.

        For a field like ``grams`` this replaces millions of ``add`` calls
        (one tuple each) with a dictionary lookup and two appends.  Terms stay
        ``str`` until written (UTF-8 sorts like code points), so each distinct
        term is encoded once per segment rather than once per report.
        """
        table = self._text_fields.get(fieldname)
        if table is None:
            self.fieldnames.add(fieldname)
            table = self._text_fields[fieldname] = {}
        get = table.get
        for term, count in counts.items():
            entry = get(term)
            if entry is None:
                table[term] = (array("I", (docnum,)), array("f", (count,)), [])
            else:
                entry[0].append(docnum)
                entry[1].append(count)

    def extend(self, fieldname: str, tbytes: bytes, ids, weights, values) -> None:
        """Append a term's postings for documents numbered after all posted so far."""
        terms = self._fields.get(fieldname)
        if terms is None:
            self.fieldnames.add(fieldname)
            terms = self._fields[fieldname] = {}
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("f"), [])
        entry[0].extend(ids)
        entry[1].extend(weights)
        entry[2].extend(values)

    def iter_terms(self):
        for fieldname in sorted(set(self._fields) | set(self._text_fields)):
            table = self._fields.get(fieldname, {})
            for tbytes in sorted(table):
                yield fieldname, tbytes, table[tbytes]
            table = self._text_fields.get(fieldname, {})
            for term in sorted(table):
                yield fieldname, term.encode("utf-8"), table[term]

    def iter_postings(self):
        return self  # _add_postings recognises the pool itself

    def cleanup(self) -> None:
        self._fields = {}
        self._text_fields = {}


def use_grouped_pool(writer) -> None:
    """Make a fresh SegmentWriter collect postings in a GroupedPool."""
    writer.pool.cleanup()
    writer.pool = GroupedPool()


def _add_postings(self, schema, lengths, items):
    if isinstance(items, GroupedPool):
        return _add_grouped(self, schema, lengths, items)
    # Whoosh's loop asks for the document's field length on every posting,
    # even for fields that keep none; ours asks only for scorable fields.
    # The pool hands postings over sorted, as Whoosh's own loop assumes.
    start_term, add, finish_term = self.start_term, self.add, self.finish_term
    dfl = lengths.doc_field_length if lengths else None
    lastfn = lasttext = None
    getlen = None
    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lasttext is not None:
                finish_term()
            if lastfn is not None:
                self.finish_field()
            fieldobj = schema[fieldname]
            self.start_field(fieldname, fieldobj)
            lastfn, lasttext = fieldname, None
            getlen = dfl if dfl is not None and fieldobj.scorable else None
        if docnum == -1:  # spelling words: not used by this project
            continue
        if btext != lasttext:
            if lasttext is not None:
                finish_term()
            start_term(btext)
            lasttext = btext
        add(docnum, weight, value or b"", getlen(docnum, fieldname) if getlen else 0)
    if lasttext is not None:
        finish_term()
    if lastfn is not None:
        self.finish_field()


def _add_grouped(self, schema, lengths, pool: GroupedPool) -> None:
    # The same postings as W3PostingsWriter.add_posting would buffer, one
    # block (up to ``_blocklimit`` postings) at a time.
    dfl = lengths.doc_field_length if lengths else None
    lastfn = None
    getlen = None
    for fieldname, btext, (ids, weights, values) in pool.iter_terms():
        if fieldname != lastfn:
            if lastfn is not None:
                self.finish_field()
            fieldobj = schema[fieldname]
            self.start_field(fieldname, fieldobj)
            lastfn = fieldname
            getlen = dfl if dfl is not None and fieldobj.scorable else None
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
                lens = [getlen(d, fieldname) for d in ids[i:j]]
                lo, hi = min(lens), max(lens)
                if pw._minlength is None or lo < pw._minlength:
                    pw._minlength = lo
                if hi > pw._maxlength:
                    pw._maxlength = hi
            i = j
        self.finish_term()
    if lastfn is not None:
        self.finish_field()


def codec() -> whoosh3.W3Codec:
    """Whoosh's codec with rare terms' postings kept inline in the term table.

    Most character bigrams occur in a handful of reports; writing each one a
    compressed posting block of its own cost more than all the rest of a
    commit.  Inline postings (up to 16) skip that and read back faster too.
    """
    return whoosh3.W3Codec(inlinelimit=16, compression=1)


_list_value = mcore.ListMatcher.value


def _list_matcher_value(self):
    # Inlined postings without payloads answer "" (str) where every other
    # matcher answers b"", and segment merging then rejects the str.
    value = _list_value(self)
    return b"" if value == "" else value


def apply() -> None:
    structfile.BufferFile.__init__ = _buffer_file_init
    compound.CompoundStorage.open_file = _compound_open_file
    mcore.ListMatcher.value = _list_matcher_value
    # The writer calls ``set_inline``, a method Whoosh 2.7 never defined
    # (readers already understand inlined postings via ``set_inlined``).
    whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    base.FieldWriter.add_postings = _add_postings


def commit_segments(writer, segments: list, merge_small: bool = False, policy=None) -> None:
    """Commit ``writer`` together with segments written by other processes.

    This is what Whoosh's own multi-process writer does with its workers'
    segments (``MpWriter`` with ``multisegment=True``), minus pickling every
    document through temporary files: our workers read and analyse the files
    themselves.  The TOC is written atomically, so readers see all of a batch
    or none of it, and a crash before this point leaves the last commit whole.
    """
    from whoosh.writing import MERGE_SMALL, NO_MERGE

    if policy is None:
        policy = MERGE_SMALL if merge_small else NO_MERGE
    final = writer._merge_segments(policy, False, False)
    final = list(final) + [s for s in segments if s is not None]
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


class ByteColumn:
    """``docnum -> bytes`` of a VarBytesColumn across segments, and searching it in place.

    Whoosh reaches a value through four layers of Python calls (multi-reader,
    translation, column reader, file); confirming thousands of phrase
    candidates spent most of its time there.  Segments are compound files
    that Whoosh maps into memory, so a value is a range of that map, and
    ``find`` searches the range where it lies: no copy of the text (measured
    on the 30,000-report index: 2 us a candidate instead of 11).
    """

    def __init__(self, maps: list, seg_of: array, starts: array, lengths: array) -> None:
        self._maps, self._seg_of, self._starts, self._lengths = maps, seg_of, starts, lengths

    def __call__(self, docnum: int) -> bytes:
        start = self._starts[docnum]
        return self._maps[self._seg_of[docnum]][start : start + self._lengths[docnum]]

    def length(self, docnum: int) -> int:
        return self._lengths[docnum]

    def containing(self, docnums, needle: bytes) -> set[int]:
        """The docnums whose value contains ``needle`` (one loop, no call per value)."""
        maps, seg_of, starts, lengths = self._maps, self._seg_of, self._starts, self._lengths
        return {
            d
            for d in docnums
            if maps[seg_of[d]].find(needle, starts[d], starts[d] + lengths[d]) >= 0
        }

    def find(self, docnum: int, needle: bytes, lo: int = 0, hi: int | None = None) -> int:
        """Where ``needle`` first occurs in the value's ``[lo, hi)``, or -1."""
        start = self._starts[docnum]
        end = start + (self._lengths[docnum] if hi is None else hi)
        at = self._maps[self._seg_of[docnum]].find(needle, start + lo, end)
        return at - start if at >= 0 else -1


class _GenericColumn:
    """The same interface through Whoosh's own column reader (segments not mapped)."""

    def __init__(self, reader, fieldname: str) -> None:
        self._get = reader.column_reader(fieldname, translate=False).__getitem__

    def __call__(self, docnum: int) -> bytes:
        return self._get(docnum)

    def length(self, docnum: int) -> int:
        return len(self._get(docnum))

    def containing(self, docnums, needle: bytes) -> set[int]:
        return {d for d in docnums if needle in self._get(d)}

    def find(self, docnum: int, needle: bytes, lo: int = 0, hi: int | None = None) -> int:
        data = self._get(docnum)
        return data.find(needle, lo, len(data) if hi is None else hi)


def byte_column(reader, fieldname: str) -> ByteColumn | _GenericColumn:
    """The fastest accessor ``docnum -> bytes`` of ``fieldname``'s column this index allows."""
    maps, seg_of, starts, lengths = [], array("H"), array("Q"), array("I")
    for sub, _base in reader.leaf_readers():
        if not sub.has_column(fieldname):
            return _GenericColumn(reader, fieldname)
        col = sub.column_reader(fieldname, translate=False)
        where = getattr(getattr(col, "_dbfile", None), "_map_at", None)
        if where is None or not hasattr(col, "_offsets"):
            return _GenericColumn(reader, fieldname)
        source, at = where
        seg_of.extend([len(maps)] * len(col._lengths))
        maps.append(source)
        base = at + col._basepos
        starts.extend(base + off for off in col._offsets)
        lengths.extend(int(n) for n in col._lengths)
    return ByteColumn(maps, seg_of, starts, lengths)


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


def _leaf_matchers(reader, fieldname: str, tbytes: bytes):
    """(raw matcher, docnum offset) of a term in each segment that has it."""
    fieldobj = reader.schema[fieldname]
    for sub, offset in reader.leaf_readers():
        if (fieldname, tbytes) in sub:
            yield sub._terms.matcher(fieldname, tbytes, fieldobj.format), offset


def _block_ids(m, offset: int):
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
                out.update(_block_ids(m, offset))
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
                out.update(zip(_block_ids(m, offset), m._weights, strict=True))
                m._next_block()
        else:  # inlined postings, or another matcher: the plain way
            while m.is_active():
                out[offset + m.id()] = m.weight()
                m.next()
    return out
