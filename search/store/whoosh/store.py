"""The engine's store over a Whoosh index on disk (see ``search.store.base``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from ...document import PreparedReport
from ...errors import IndexLockedError
from ..base import doc_fields
from . import fixes, merging
from .columns import byte_column
from .files import open_whoosh
from .pool import codec, commit_segments, use_grouped_pool
from .postings import term_ids, term_weights

WRITER_MB = 256
LOCK_WAIT_SECONDS = 10.0


def _add(writer, report: PreparedReport) -> None:
    # ``grams`` bypasses add_document: it is neither stored nor scored, so
    # posting its terms straight into the pool is all Whoosh would do with it.
    writer.pool.add_counts("grams", writer.docnum, report.grams)
    writer.add_document(**doc_fields(report))


class WhooshSnapshot:
    """A Whoosh searcher: one generation, memory-mapped segments."""

    def __init__(self, searcher) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self.live: list[int] = list(self._reader.all_doc_ids())
        self._has_docs = self._reader.doc_count_all() > 0
        self._columns: dict[str, object] = {}

    def postings(self, field: str, term: str) -> set[int]:
        return term_ids(self._reader, field, term.encode("utf-8"))

    def weights(self, field: str, term: str) -> dict[int, float]:
        return term_weights(self._reader, field, term.encode("utf-8"))

    def doc_freq(self, field: str, term: str) -> int:
        return self._reader.doc_frequency(field, term.encode("utf-8"))

    def column(self, name: str):
        if not self._has_docs:
            return None
        col = self._columns.get(name)
        if col is None:
            col = self._columns[name] = byte_column(self._reader, name)
        return col

    def stored(self, docnum: int) -> dict:
        return self._searcher.stored_fields(docnum)

    def docnum_of(self, doc_id: str) -> int | None:
        d = self._searcher.document_number(id=str(doc_id))
        return None if d is None or self._reader.is_deleted(d) else d

    def terms(self, field: str) -> Iterator[str]:
        return (t.decode("utf-8") for t in self._reader.lexicon(field))

    def up_to_date(self) -> bool:
        return self._searcher.up_to_date()

    def close(self) -> None:
        self._searcher.close()


@dataclass
class WhooshPart:
    segment: object  # a Whoosh Segment written by a worker, not yet in any TOC

    def delete(self, local: int) -> None:
        self.segment.delete_document(local)


class WhooshPartWriter:
    """A segment written apart from the index's lock, committed by a ``WhooshWriter``."""

    def __init__(self, ix) -> None:
        self._ix = ix
        self._w = None

    def add(self, report: PreparedReport) -> int:
        if self._w is None:
            self._w = SegmentWriter(self._ix, _lk=False, codec=codec(), limitmb=WRITER_MB)
            use_grouped_pool(self._w)
        local = self._w.docnum - self._w.docbase
        _add(self._w, report)
        return local

    def finish(self) -> WhooshPart | None:
        # Not writer._finish(): the temporary folder is shared by every writer
        # of the index, and another worker may still be spilling runs into it.
        return WhooshPart(self._w._finalize_segment()) if self._w is not None else None


class WhooshWriter:
    def __init__(self, writer) -> None:
        self._w = writer
        self._grouped = False

    def add(self, report: PreparedReport) -> None:
        if not self._grouped:
            use_grouped_pool(self._w)
            self._grouped = True
        _add(self._w, report)

    def delete_path(self, path: str) -> None:
        self._w.delete_by_term("path", path)

    def commit(self, parts: Iterable[WhooshPart] = ()) -> None:
        # Never Whoosh's own merge: ``merge_if_fragmented`` does it (see fixes.py).
        commit_segments(self._w, [p.segment for p in parts if p is not None])

    def cancel(self) -> None:
        self._w.cancel()


class WhooshStore:
    """An index folder.  Opening one applies the fixes to Whoosh (``fixes.apply``)."""

    def __init__(self, path: str | os.PathLike, create: bool = False) -> None:
        fixes.apply()
        self.location = Path(path)
        self._ix = open_whoosh(path, create=create)

    def snapshot(self) -> WhooshSnapshot:
        # A new searcher, not searcher.refresh(): Whoosh 2.7's reader reuse adds
        # the segments of the old reader that a merge has replaced, so merged
        # reports would be counted twice.
        return WhooshSnapshot(self._ix.searcher())

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def _raw_writer(self, ix=None):
        try:
            return (ix or self._ix).writer(
                limitmb=WRITER_MB, timeout=LOCK_WAIT_SECONDS, codec=codec()
            )
        except LockError as exc:
            raise IndexLockedError("another process is writing the index") from exc

    def writer(self) -> WhooshWriter:
        return WhooshWriter(self._raw_writer())

    def part_writer(self) -> WhooshPartWriter:
        return WhooshPartWriter(self._ix)

    def merge_if_fragmented(self) -> int:
        return merging.merge_if_fragmented(self._ix, self._raw_writer)
