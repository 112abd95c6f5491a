"""The part map: where each required part starts in a report's compact text.

Stored per report as a column of bytes: pairs of unsigned 32-bit integers
(byte offset in the compact UTF-8 text, index into ``PARTS``), in text order.
Hot loops (tally, facets) work on those bytes directly, through the functions
here, rather than building an object per report; ``PartMap`` is the same
knowledge as a value for code that keeps one.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from .model import PART_OTHER, PARTS

PAIR_BYTES = 8  # two uint32: (start, part)
OTHER = PARTS.index(PART_OTHER)


def encode(pairs: Iterable[tuple[int, int]]) -> bytes:
    return array("I", [v for pair in pairs for v in pair]).tobytes()


def decode(data: bytes) -> list[tuple[int, int]]:
    flat = array("I")
    flat.frombytes(data)
    return list(zip(flat[0::2], flat[1::2], strict=True))


def is_single(data: bytes) -> bool:
    """Whether the whole report is one part (or has no map): no search per part needed."""
    return len(data) <= PAIR_BYTES


def first_part(data: bytes) -> int:
    """The part the text starts in; 其他 for a report without a map."""
    return array("I", data[4:PAIR_BYTES])[0] if len(data) >= PAIR_BYTES else OTHER


def parts(data: bytes) -> set[int]:
    """The parts that hold some of the text."""
    return set(array("I", data)[1::2]) if data else set()


def ranges(data: bytes, length: int, want: int | None = None) -> list[tuple[int, int, int]]:
    """(start, end, part) of each stretch of the text, ``length`` bytes long; only
    the stretches of part ``want`` when given."""
    pm = decode(data)
    ends = [s for s, _ in pm[1:]] + [length]
    return [
        (start, end, part)
        for (start, part), end in zip(pm, ends, strict=True)
        if want is None or part == want
    ]


@dataclass(frozen=True)
class PartMap:
    """A report's part map as stored (``data``), with what readers ask of it."""

    data: bytes = b""

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> PartMap:
        return cls(encode(pairs))

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return decode(self.data)

    @property
    def is_single(self) -> bool:
        return is_single(self.data)

    @property
    def first_part(self) -> int:
        return first_part(self.data)

    @property
    def parts(self) -> set[int]:
        return parts(self.data)

    def ranges(self, length: int, want: int | None = None) -> list[tuple[int, int, int]]:
        return ranges(self.data, length, want)
