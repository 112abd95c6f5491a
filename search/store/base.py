"""The storage boundary: what the engine asks of an index, in plain primitives.

Matching, ranking, the document table and the indexer see only these
protocols (in the manner of httpx's transports): postings and their weights,
document frequencies, per-document byte columns, stored text, an up-to-date
check, and writers that add, delete and commit.  ``search.store.whoosh`` keeps
the reports in a Whoosh index on disk; ``search.store.memory`` in dictionaries.
Terms are ``str``; docnums are ``int``, stable within one snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from mmap import mmap
from pathlib import Path
from typing import Protocol

from .. import partmap
from ..document import PreparedReport, encode_meta, part_map

# The per-document byte columns every store keeps.
COLUMNS = ("compact", "partmap", "meta")


class Column(Protocol):
    """``docnum -> bytes`` of one column, and byte searches within a value."""

    mapped: bool  # read-only memory: may be read without the index's lock

    def __call__(self, docnum: int) -> bytes: ...

    def length(self, docnum: int) -> int: ...

    def find(self, docnum: int, needle: bytes, lo: int = 0, hi: int | None = None) -> int: ...

    def containing(self, docnums: Iterable[int], needle: bytes) -> set[int]: ...

    def first_at(self, docnums: Iterable[int], needle: bytes) -> dict[int, int]:
        """``docnum -> offset`` of ``needle``'s first occurrence, for the docnums
        whose value contains it (``containing`` with where it was found)."""
        ...

    def buffer(self, docnum: int) -> tuple[bytes | mmap, int]:
        """A buffer holding the value and where it starts there: a hot loop's
        ``buf.find(needle, start + lo, start + hi)`` searches in place."""
        ...


class Snapshot(Protocol):
    """One committed generation of the index, read by one thread at a time."""

    live: list[int]  # docnums of the reports not deleted, in index order

    def postings(self, field: str, term: str) -> set[int]:
        """Docnums holding ``term`` in ``field`` (deleted ones may be included)."""
        ...

    def weights(self, field: str, term: str) -> dict[int, float]:
        """``docnum -> weight`` (the term's count) of the same postings."""
        ...

    def doc_freq(self, field: str, term: str) -> int: ...

    def column(self, name: str) -> Column | None:
        """One of ``COLUMNS``; None while the index holds no document at all."""
        ...

    def stored(self, docnum: int) -> dict:
        """A report's stored fields: ``text`` (cleaned) and ``sections``."""
        ...

    def docnum_of(self, doc_id: str) -> int | None:
        """The live docnum of report ``doc_id``."""
        ...

    def terms(self, field: str) -> Iterator[str]:
        """Every term of ``field`` (``path``: every stored path)."""
        ...

    def up_to_date(self) -> bool:
        """False once a newer commit has landed."""
        ...

    def close(self) -> None: ...


class Part(Protocol):
    """Reports a worker prepared for one commit; picklable."""

    def delete(self, local: int) -> None:
        """Leave out the part's ``local``-th report (a twin got in first)."""
        ...


class PartWriter(Protocol):
    def add(self, report: PreparedReport) -> int:
        """Add a report; its number within the part."""
        ...

    def finish(self) -> Part | None: ...


class Writer(Protocol):
    """Holds the index's write lock until ``commit`` or ``cancel``."""

    def add(self, report: PreparedReport) -> None: ...

    def delete_path(self, path: str) -> None:
        """Delete the committed report stored under ``path``."""
        ...

    def commit(self, parts: Iterable[Part] = ()) -> None:
        """Deletions first, then this writer's reports and ``parts``, all or none."""
        ...

    def cancel(self) -> None: ...


class Store(Protocol):
    location: Path | None  # the index folder; None in memory

    def snapshot(self) -> Snapshot: ...

    def writer(self) -> Writer: ...

    def part_writer(self) -> PartWriter: ...

    def doc_count(self) -> int: ...

    def merge_if_fragmented(self) -> int:
        """Compact the index if updates fragmented it; how many pieces were merged."""
        ...


def doc_fields(report: PreparedReport) -> dict:
    """What every store keeps of a report, besides its ``grams`` counts."""
    return {
        "id": report.id,
        "path": report.path,
        "key": report.key,
        "words": report.words,
        "compact": report.compact.encode("utf-8"),
        "partmap": partmap.encode(part_map(report.text, report.sections)),
        "meta": encode_meta(report.meta_record()),
        "text": report.text,
        "sections": [(s.heading, s.level, s.part, s.start, s.end) for s in report.sections],
    }
