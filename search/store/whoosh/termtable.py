"""Term tables written in bulk: sorted keys in blocks and flat posting arrays.

Whoosh writes a segment's term table one term at a time: a ``W3TermInfo``,
a packed row and a hash-table entry per term (about 75 bytes for a bigram in
one report), and the build spent a third of its time there.  Most terms are
rare (90% of the corpus's ``grams`` have fewer than 16 postings), so this
codec writes each field's table with a few C-level passes over the whole
field (``map``, ``join``, ``array``):

- keys: sorted, ``SEP``-delimited, in blocks of ``BLOCK``; the first key of
  each block is read when the segment opens, so a look-up is one bisect, one
  ``bytes.find`` and one ``bytes.count`` (UTF-8 never holds ``SEP``);
- rare terms (fewer than the codec's ``inlinelimit`` postings): their ids
  and integer weights in two flat arrays, a term's stretch given by
  ``starts``; the length bounds of a scored field as two bytes a term;
- other terms: Whoosh's own posting blocks in ``.pst`` and Whoosh's term
  info bytes, the array entry holding their ordinal.

Segments name their codec in the TOC, so segments written before (``W3Codec``)
keep reading through Whoosh's hash table.  Reading gives the same term infos
and postings as Whoosh's table did (tests/test_termtable.py).
"""

from __future__ import annotations

import pickle
import struct
from array import array
from bisect import bisect_right
from itertools import accumulate
from operator import itemgetter

from whoosh.codec import base, whoosh3
from whoosh.reading import TermNotFound
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from .pool import GroupedPool

TERMS_EXT = ".tpk"
MAGIC = b"TPK1"
SEP = b"\xff"  # never in UTF-8, so never in a term of our fields
ESC = b"\xfe"  # nor this: keys holding either (numeric fields) are escaped
BLOCK = 64
INLINE, OTHER = 0, 1
# How an inlined posting's value follows from its weight: none, or Whoosh's
# Frequency format (pack_uint of the count).
_NO_VALUES, _FREQ = 0, 1
_HEAD = struct.Struct("<4sI")


def _typecode(top: int) -> str:
    return "B" if top < 256 else "H" if top < 65536 else "I"


class _Field:
    """One field's table as written: keys, kinds, arrays, other terms' infos."""

    def __init__(self) -> None:
        self.keys: list[bytes] = []
        self.kinds = bytearray()
        self.counts = array("I")  # entries in the flat arrays per term
        self.ids: list = []  # per term: an array of ids (or [ordinal])
        self.weights: list = []
        self.lens: bytearray | None = None  # min and max length byte per term
        self.values = _NO_VALUES
        self.others: list[bytes] = []  # Whoosh term info bytes


class PackedFieldWriter(whoosh3.W3FieldWriter):
    """Writes ``.pst`` blocks as Whoosh does and the term table as ``.tpk``."""

    def __init__(self, codec, storage, segment) -> None:
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = None
        self._btext = None
        self._fieldobj = None
        self._format = None
        self._postfile = self._create_file(whoosh3.W3Codec.POSTS_EXT)
        self._postwriter = None
        self._infield = False
        self._fieldmap: dict[str, int] = {}
        self._fields: dict[str, _Field] = {}
        self.is_closed = False

    # Whoosh's term-at-a-time interface: each term kept as Whoosh's term info.
    def start_field(self, fieldname, fieldobj) -> None:
        self._fieldmap.setdefault(fieldname, len(self._fieldmap))
        self._fieldname, self._fieldobj, self._format = fieldname, fieldobj, fieldobj.format
        self._infield = True
        self._postwriter = self._codec.postings_writer(self._postfile)
        self._cur = self._fields.setdefault(fieldname, _Field())

    def finish_term(self) -> None:
        info = self._postwriter.finish_postings()
        self._other(self._cur, self._btext, info.to_bytes())

    @staticmethod
    def _other(f: _Field, btext: bytes, info: bytes) -> None:
        f.keys.append(btext)
        f.kinds.append(OTHER)
        f.counts.append(1)
        f.ids.append(array("I", (len(f.others),)))
        f.weights.append(array("I", (0,)))
        if f.lens is not None:
            f.lens += b"\0\0"
        f.others.append(info)

    def add_postings(self, schema, lengths, items) -> None:
        if not isinstance(items, GroupedPool):
            return base.FieldWriter.add_postings(self, schema, lengths, items)
        dfl = lengths.doc_field_length if lengths else None
        table_lengths = None
        for fieldname in sorted(items.fieldnames):
            keys, entries = items.sorted_terms(fieldname)
            if not keys:
                continue
            fieldobj = schema[fieldname]
            self.start_field(fieldname, fieldobj)
            getlen = None
            if dfl is not None and fieldobj.scorable:
                if table_lengths is None:
                    table_lengths = {}
                docs = range(lengths.doc_count_all())
                table = table_lengths[fieldname] = [dfl(d, fieldname) for d in docs]
                getlen = table.__getitem__
            if self._cur.keys or not self._bulk(self._cur, keys, entries, getlen):
                for btext, entry in zip(keys, entries, strict=True):
                    self.start_term(btext)
                    _post(self._postwriter, *entry, getlen)
                    self.finish_term()
            self.finish_field()

    def _bulk(self, f: _Field, keys: list[bytes], entries: list, getlen) -> bool:
        """The whole field in C-level passes; False (nothing done) if it does not fit."""
        ids = list(map(itemgetter(0), entries))
        weights = list(map(itemgetter(1), entries))
        values = list(map(itemgetter(2), entries))
        counts = array("I", map(len, ids))
        flat_w = array("f", b"".join(map(array.tobytes, weights)))
        try:
            ints = array("I", map(int, flat_w))
        except (OverflowError, ValueError):  # negative or not a number
            return False
        if array("f", map(float, ints)) != flat_w:  # a fractional weight
            return False
        if any(values):
            if b"".join(map(b"".join, values)) != b"".join(map(pack_uint, ints)):
                return False
            f.values = _FREQ
        limit = self._codec._inlinelimit
        f.keys = keys
        f.kinds = bytearray(map(limit.__le__, counts))
        f.counts = counts
        f.ids = ids
        ends = list(accumulate(counts))
        starts = [e - c for e, c in zip(ends, counts, strict=True)]
        f.weights = list(map(ints.__getitem__, map(slice, starts, ends)))
        if getlen is not None:
            flat_ids = array("I", b"".join(map(array.tobytes, ids)))
            lens = list(map(getlen, flat_ids))
            per = list(map(lens.__getitem__, map(slice, starts, ends)))
            lo = bytes(map(length_to_byte, map(min, per)))
            hi = bytes(map(length_to_byte, map(max, per)))
            f.lens = bytearray(len(keys) * 2)
            f.lens[0::2], f.lens[1::2] = lo, hi
        # Terms with many postings: Whoosh's blocks, as before.
        at = f.kinds.find(OTHER)
        while at >= 0:
            self.start_term(keys[at])
            _post(self._postwriter, ids[at], weights[at], values[at], getlen)
            info = self._postwriter.finish_postings()
            f.ids[at] = array("I", (len(f.others),))
            f.weights[at] = array("I", (0,))
            f.counts[at] = 1
            f.others.append(info.to_bytes())
            at = f.kinds.find(OTHER, at + 1)
        return True

    def close(self) -> None:
        sections: list[bytes] = []
        fields = {}

        def put(data: bytes) -> int:
            sections.append(data)
            return len(sections) - 1

        for name, f in self._fields.items():
            keys = f.keys
            joined = b"".join(keys)
            escaped = SEP in joined or ESC in joined  # never in UTF-8: other fields' keys
            if escaped:
                keys = list(map(_escape, keys))
            blocks = [keys[i : i + BLOCK] for i in range(0, len(keys), BLOCK)]
            blobs = [SEP + SEP.join(b) + SEP for b in blocks]
            ids, weights = _narrow(f.ids), _narrow(f.weights)
            fields[name] = {
                "n": len(keys),
                "escaped": escaped,
                "firsts": put(SEP.join(b[0] for b in blocks)),
                "blocks": put(b"".join(blobs)),
                "block_offs": put(array("Q", accumulate(map(len, blobs), initial=0)).tobytes()),
                "kinds": put(bytes(f.kinds)),
                "starts": put(array("I", accumulate(f.counts, initial=0)).tobytes()),
                "ids": (ids.typecode, put(ids.tobytes())),
                "weights": (weights.typecode, put(weights.tobytes())),
                "lens": put(bytes(f.lens)) if f.lens is not None else None,
                "values": f.values,
                "other_offs": put(array("Q", accumulate(map(len, f.others), initial=0)).tobytes()),
                "others": put(b"".join(f.others)),
            }
        where, at = [], 0
        for s in sections:
            where.append((at, len(s)))
            at += len(s)
        head = pickle.dumps({"fieldmap": self._fieldmap, "fields": fields, "where": where}, 4)
        out = self._create_file(TERMS_EXT)
        out.write(_HEAD.pack(MAGIC, len(head)))
        out.write(head)
        for s in sections:
            out.write(s)
        out.close()
        self._postfile.close()
        self.is_closed = True


def _escape(key: bytes) -> bytes:
    """``key`` without SEP, sorting as ``key`` does among escaped keys."""
    return key.replace(ESC, ESC + b"\x01").replace(SEP, ESC + b"\x02")


def _unescape(key: bytes) -> bytes:
    return key.replace(ESC + b"\x02", SEP).replace(ESC + b"\x01", ESC)


def _narrow(arrays: list) -> array:
    """Unsigned ``I`` arrays joined into one array of the narrowest width that holds them."""
    flat = array("I", b"".join(map(array.tobytes, arrays)))
    code = _typecode(max(flat, default=0))
    return flat if code == "I" else array(code, flat)


def _post(pw, ids, weights, values, getlen) -> None:
    """One term's postings into Whoosh's postings writer, a block at a time."""
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


class PackedCodec(whoosh3.W3Codec):
    """Whoosh's codec with this module's term table (named in each segment's TOC entry)."""

    def field_writer(self, storage, segment):
        return PackedFieldWriter(self, storage, segment)

    def terms_reader(self, storage, segment):
        name = segment.make_filename(TERMS_EXT)
        f = storage.open_file(name)
        where = getattr(f, "_map_at", None)
        # Memory-mapped (a compound segment): read in place; else read once.
        buf, at = where if where is not None else (f.read(), 0)
        f.close()
        return PackedTermsReader(self, buf, at, segment.open_file(storage, self.POSTS_EXT))


class _Table:
    """One field's table in a segment, read in place."""

    def __init__(self, buf, at: int, spec: dict, where: list) -> None:
        def part(i: int) -> tuple[int, int]:
            start, size = where[i]
            return at + start, at + start + size

        self.n = spec["n"]
        self.escaped = spec["escaped"]
        lo, hi = part(spec["firsts"])
        self.firsts = bytes(buf[lo:hi]).split(SEP) if self.n else []
        self.blocks = part(spec["blocks"])[0]
        lo, hi = part(spec["block_offs"])
        self.block_offs = array("Q", bytes(buf[lo:hi]))
        self.kinds = part(spec["kinds"])[0]
        self.starts = part(spec["starts"])[0]
        code, i = spec["ids"]
        self.ids = (code, array(code).itemsize, part(i)[0])
        code, i = spec["weights"]
        self.weights = (code, array(code).itemsize, part(i)[0])
        self.lens = part(spec["lens"])[0] if spec["lens"] is not None else None
        self.freq_values = spec["values"] == _FREQ
        self.other_offs = part(spec["other_offs"])[0]
        self.others = part(spec["others"])[0]


_START = struct.Struct("<II")
_OFFS = struct.Struct("<QQ")


class PackedTermsReader(base.TermsReader):
    def __init__(self, codec, buf, at: int, postfile) -> None:
        self._codec = codec
        self._buf = buf
        self._postfile = postfile
        magic, size = _HEAD.unpack_from(buf, at)
        if magic != MAGIC:
            raise ValueError("not a packed term table")
        head = pickle.loads(buf[at + _HEAD.size : at + _HEAD.size + size])
        base_at = at + _HEAD.size + size
        self._fieldmap = head["fieldmap"]
        self._order = sorted(self._fieldmap, key=self._fieldmap.__getitem__)
        self._tables = {
            name: _Table(buf, base_at, spec, head["where"]) for name, spec in head["fields"].items()
        }

    def _index(self, fieldname: str, tbytes: bytes) -> tuple[_Table, int] | None:
        t = self._tables.get(fieldname)
        if t is None:
            return None
        if t.escaped:
            tbytes = _escape(tbytes)
        elif SEP in tbytes:
            return None
        b = bisect_right(t.firsts, tbytes) - 1
        if b < 0:
            return None
        lo = t.blocks + t.block_offs[b]
        block = self._buf[lo : t.blocks + t.block_offs[b + 1]]
        p = block.find(SEP + tbytes + SEP)
        if p < 0:
            return None
        return t, b * BLOCK + block.count(SEP, 0, p)

    def _block_keys(self, t: _Table, b: int) -> list[bytes]:
        lo = t.blocks + t.block_offs[b]
        return self._buf[lo : t.blocks + t.block_offs[b + 1]].split(SEP)[1:-1]

    def _info(self, t: _Table, i: int) -> whoosh3.W3TermInfo:
        buf = self._buf
        start, end = _START.unpack_from(buf, t.starts + 4 * i)
        code, size, at = t.ids
        ids = array(code, buf[at + size * start : at + size * end])
        code, size, at = t.weights
        counts = array(code, buf[at + size * start : at + size * end])
        if buf[t.kinds + i] == OTHER:
            lo, hi = _OFFS.unpack_from(buf, t.other_offs + 8 * ids[0])
            return whoosh3.W3TermInfo.from_bytes(buf[t.others + lo : t.others + hi])
        info = whoosh3.W3TermInfo()
        weights = tuple(map(float, counts))
        info._weight = float(sum(counts))
        info._df = len(ids)
        if t.lens is not None:
            info._minlength = byte_to_length(buf[t.lens + 2 * i])
            info._maxlength = byte_to_length(buf[t.lens + 2 * i + 1])
        else:
            info._minlength = info._maxlength = byte_to_length(0)
        info._maxweight = float(max(counts))
        info._minid, info._maxid = ids[0], ids[-1]
        values = tuple(map(pack_uint, counts)) if t.freq_values else ()
        info._inlined = (tuple(ids), weights, values)
        return info

    def __contains__(self, term) -> bool:
        return self._index(*term) is not None

    def indexed_field_names(self):
        return self._fieldmap.keys()

    def _field_terms(self, fieldname: str, prefix: bytes = b""):
        t = self._tables.get(fieldname)
        if t is None:
            return
        if t.escaped:
            prefix = _escape(prefix)
        b = max(0, bisect_right(t.firsts, prefix) - 1)
        for blk in range(b, len(t.firsts)):
            for key in self._block_keys(t, blk):
                if key >= prefix:
                    yield _unescape(key) if t.escaped else key

    def terms_from(self, fieldname, prefix):
        # Whoosh's keys sort by field number, and an unknown field's after all.
        names = self._order[self._order.index(fieldname) :] if fieldname in self._fieldmap else []
        for i, name in enumerate(names):
            for key in self._field_terms(name, prefix if i == 0 else b""):
                yield name, key

    def terms(self):
        for name in self._order:
            for key in self._field_terms(name):
                yield name, key

    def items(self):
        for name, key in self.terms():
            yield (name, key), self.term_info(name, key)

    def items_from(self, fieldname, prefix):
        for name, key in self.terms_from(fieldname, prefix):
            yield (name, key), self.term_info(name, key)

    def term_info(self, fieldname, tbytes):
        found = self._index(fieldname, tbytes)
        if found is None:  # as Whoosh's reader says it
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return self._info(*found)

    def frequency(self, fieldname, tbytes):
        found = self._index(fieldname, tbytes)
        if found is None:
            raise KeyError(f"no term {fieldname}:{tbytes!r}")
        return self._info(*found).weight()

    def doc_frequency(self, fieldname, tbytes):
        found = self._index(fieldname, tbytes)
        if found is None:
            raise KeyError(f"no term {fieldname}:{tbytes!r}")
        t, i = found
        if self._buf[t.kinds + i] == OTHER:
            return self._info(t, i).doc_frequency()
        start, end = _START.unpack_from(self._buf, t.starts + 4 * i)
        return end - start

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        info = self.term_info(fieldname, tbytes)
        return self._codec.postings_reader(
            self._postfile, info, format_, term=(fieldname, tbytes), scorer=scorer
        )

    def close(self) -> None:
        self._buf = None
        self._postfile.close()
