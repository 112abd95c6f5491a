"""Per-document byte columns (the compact text, the part map, the meta record) read
straight from the memory-mapped segments."""

from __future__ import annotations

from array import array


class ByteColumn:
    """``docnum -> bytes`` of a VarBytesColumn across segments, and searching it in place.

    Whoosh reaches a value through four layers of Python calls (multi-reader,
    translation, column reader, file); confirming thousands of phrase
    candidates spent most of its time there.  Segments are compound files
    that Whoosh maps into memory, so a value is a range of that map, and
    ``find`` searches the range where it lies: no copy of the text (measured
    on the 30,000-report index: 2 us a candidate instead of 11).
    """

    mapped = True  # read-only memory: safe to read without the index's lock

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

    def first_at(self, docnums, needle: bytes) -> dict[int, int]:
        """``containing`` with where each value first holds ``needle`` (its offset)."""
        maps, seg_of, starts, lengths = self._maps, self._seg_of, self._starts, self._lengths
        out: dict[int, int] = {}
        for d in docnums:
            s = starts[d]
            at = maps[seg_of[d]].find(needle, s, s + lengths[d])
            if at >= 0:
                out[d] = at - s
        return out

    def buffer(self, docnum: int) -> tuple[object, int]:
        return self._maps[self._seg_of[docnum]], self._starts[docnum]

    def find(self, docnum: int, needle: bytes, lo: int = 0, hi: int | None = None) -> int:
        """Where ``needle`` first occurs in the value's ``[lo, hi)``, or -1."""
        start = self._starts[docnum]
        end = start + (self._lengths[docnum] if hi is None else hi)
        at = self._maps[self._seg_of[docnum]].find(needle, start + lo, end)
        return at - start if at >= 0 else -1


class _GenericColumn:
    """The same interface through Whoosh's own column reader (segments not mapped)."""

    mapped = False

    def __init__(self, reader, fieldname: str) -> None:
        self._get = reader.column_reader(fieldname, translate=False).__getitem__

    def __call__(self, docnum: int) -> bytes:
        return self._get(docnum)

    def length(self, docnum: int) -> int:
        return len(self._get(docnum))

    def containing(self, docnums, needle: bytes) -> set[int]:
        return {d for d in docnums if needle in self._get(d)}

    def first_at(self, docnums, needle: bytes) -> dict[int, int]:
        found = ((d, self._get(d).find(needle)) for d in docnums)
        return {d: at for d, at in found if at >= 0}

    def buffer(self, docnum: int) -> tuple[bytes, int]:
        return self._get(docnum), 0

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
