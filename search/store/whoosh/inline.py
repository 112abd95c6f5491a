"""Inlined postings as packed integers instead of Whoosh's pickled tuples.

Postings of up to ``pool.codec``'s ``inlinelimit`` reports are kept in the term
table itself, and most terms are such: on the 58 MB corpus 90% of the 877,000
``grams`` entries and 85% of the ``words`` ones.  Whoosh pickles each as
``(ids, weights, values)``, every weight a 9-byte float and every ``words``
value a 6-byte string repeating that weight: about 38 bytes an entry, a quarter
of the whole index.  Our weights are counts and our ids small, so the same
tuple packs into a few bytes (flag ``PACKED`` in the term info's first byte,
where Whoosh writes 1 for pickled inline postings and 0 for a posting file
pointer).  Decoding gives back exactly the tuple the pickle held; anything that
does not fit (a fractional weight, other values) is pickled as before, and
indexes written before this module keep reading through the pickle.
"""

from __future__ import annotations

from array import array
from pickle import dumps, loads

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte

PACKED = 2  # the term info's flags byte: inlined postings in this module's format

# What each inlined posting's value is, given its weight (the code's low two bits).
_NO_VALUES, _EMPTY, _FREQ = 0, 1, 2
# Array typecodes by width (bytes); the code keeps the ids' width in bits 2-3 and
# the weights' in bits 4-5 as an index into this tuple.
_TYPES = ("B", "H", "I")
_STRUCT = W3TermInfo._struct
for _t, _size in zip(_TYPES, (1, 2, 4), strict=True):
    assert array(_t).itemsize == _size, "packed postings need 1-, 2- and 4-byte arrays"


def _width(top: int) -> int | None:
    return 0 if top < 256 else 1 if top < 65536 else 2 if top < 1 << 32 else None


def _pack(minid: int, ids, weights, values) -> bytes | None:
    """The packed form of one term's inlined postings, or None if it does not fit.

    Called once per term of every segment written (a million times for the
    corpus), so the checks are whole-tuple comparisons rather than loops.
    """
    n = len(ids)
    # ids are docnums in increasing order (term vectors' byte ids do not fit)
    if not n or len(weights) != n or type(ids[0]) is not int or ids[0] != minid:
        return None
    try:
        counts = array("I", map(int, weights))
    except (OverflowError, ValueError):  # negative, too large, not a number
        return None
    if tuple(map(float, counts)) != tuple(weights):  # a fractional weight
        return None
    if not values:
        kind = _NO_VALUES
    elif values == (b"",) * n:
        kind = _EMPTY
    elif tuple(values) == tuple(map(pack_uint, counts)):
        kind = _FREQ
    else:
        return None
    iw, ww = _width(ids[-1] - minid), _width(max(counts))
    if iw is None or ww is None:
        return None
    try:  # a delta out of its width means the ids were not in order: pickle them
        rest = array(_TYPES[iw], [i - minid for i in ids[1:]]) if n > 1 else b""
    except OverflowError:
        return None
    wide = counts if ww == 2 else array(_TYPES[ww], counts)
    return b"".join((bytes((kind | iw << 2 | ww << 4,)), rest, wide))


def _unpack(minid: int, n: int, data: bytes) -> tuple:
    code = data[0]
    iw, ww = _TYPES[code >> 2 & 3], _TYPES[code >> 4 & 3]
    split = 1 + (n - 1) * array(iw).itemsize
    deltas = array(iw)
    deltas.frombytes(data[1:split])
    counts = array(ww)
    counts.frombytes(data[split:])
    ids = (minid, *(minid + d for d in deltas))
    weights = tuple(map(float, counts))
    kind = code & 3
    if kind == _NO_VALUES:
        values: tuple = ()
    elif kind == _EMPTY:
        values = (b"",) * n
    else:
        values = tuple(map(pack_uint, counts))
    return ids, weights, values


def to_bytes(self) -> bytes:
    """``W3TermInfo.to_bytes`` writing inlined postings packed when they fit."""
    if self._inlined is None:
        return _to_bytes(self)
    packed = _pack(self._minid, *self._inlined) if self._minid is not None else None
    if packed is None:
        return _to_bytes(self)
    # Whoosh's own fields in Whoosh's layout: read_doc_freq etc. read them in place.
    minlength = 0 if self._minlength is None else length_to_byte(self._minlength)
    head = _STRUCT.pack(
        PACKED,
        self._weight,
        self._df,
        minlength,
        length_to_byte(self._maxlength),
        self._maxweight,
        self._minid,
        0xFFFFFFFF if self._maxid is None else self._maxid,
    )
    return head + packed


def from_bytes(cls, s: bytes) -> W3TermInfo:
    """``W3TermInfo.from_bytes`` that also reads packed inlined postings."""
    if s[0] != PACKED:
        return _from_bytes(s)
    terminfo = _from_bytes(s[: _STRUCT.size] + _PICKLED_EMPTY)
    terminfo._inlined = _unpack(terminfo._minid, terminfo._df, s[_STRUCT.size :])
    return terminfo


# Whoosh's originals; ``from_bytes`` reads a packed entry's head through Whoosh's
# (its flag is true, so an empty pickled tuple stands in for the postings).
_to_bytes = W3TermInfo.to_bytes
_from_bytes = W3TermInfo.from_bytes
_PICKLED_EMPTY = dumps(((), (), ()), 2)
assert loads(_PICKLED_EMPTY) == ((), (), ())
