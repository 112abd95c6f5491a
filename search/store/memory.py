"""A store in dictionaries: the same boundary as the Whoosh store, nothing on disk.

It holds what ``base.doc_fields`` lists, posts ``grams`` with their counts and
``words`` with theirs, and builds a fresh immutable generation at each
commit, so a snapshot never changes under its reader.  It is what the
matching and ranking tests run on beside Whoosh: whatever the engine relies
on must be in the boundary, not in Whoosh's behaviour.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..document import PreparedReport
from ..errors import IndexLockedError
from .base import COLUMNS, doc_fields


class MemoryColumn:
    mapped = True  # immutable bytes: no lock needed

    def __init__(self, values: dict[int, bytes]) -> None:
        self._values = values

    def __call__(self, docnum: int) -> bytes:
        return self._values[docnum]

    def length(self, docnum: int) -> int:
        return len(self._values[docnum])

    def find(self, docnum: int, needle: bytes, lo: int = 0, hi: int | None = None) -> int:
        data = self._values[docnum]
        return data.find(needle, lo, len(data) if hi is None else hi)

    def containing(self, docnums: Iterable[int], needle: bytes) -> set[int]:
        values = self._values
        return {d for d in docnums if needle in values[d]}

    def first_at(self, docnums: Iterable[int], needle: bytes) -> dict[int, int]:
        values = self._values
        found = ((d, values[d].find(needle)) for d in docnums)
        return {d: at for d, at in found if at >= 0}

    def buffer(self, docnum: int) -> tuple[bytes, int]:
        return self._values[docnum], 0


@dataclass
class _Doc:
    fields: dict
    grams: dict[str, int]


class _Generation:
    """Every committed document (None where deleted) and the postings built from them."""

    def __init__(self, docs: list[_Doc | None]) -> None:
        self.docs = docs
        self.live = [d for d, doc in enumerate(docs) if doc is not None]
        self.postings: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
        for d in self.live:
            doc = docs[d]
            for term, n in doc.grams.items():
                self.postings["grams", term][d] = float(n)
            for term, n in Counter(doc.fields["words"]).items():
                self.postings["words", term][d] = float(n)  # segment() lowercased them
            for name in ("id", "path", "key"):
                self.postings[name, doc.fields[name]][d] = 1.0
        self.columns = {
            name: MemoryColumn({d: docs[d].fields[name] for d in self.live}) for name in COLUMNS
        }


class MemorySnapshot:
    def __init__(self, store: MemoryStore, gen: _Generation) -> None:
        self._store, self._gen = store, gen
        self.live = list(gen.live)

    def weights(self, field: str, term: str) -> dict[int, float]:
        return self._gen.postings.get((field, term), {})

    def postings(self, field: str, term: str) -> set[int]:
        return set(self.weights(field, term))

    def doc_freq(self, field: str, term: str) -> int:
        return len(self.weights(field, term))

    def column(self, name: str) -> MemoryColumn | None:
        return self._gen.columns[name] if self._gen.docs else None

    def stored(self, docnum: int) -> dict:
        f = self._gen.docs[docnum].fields
        return {"id": f["id"], "path": f["path"], "text": f["text"], "sections": f["sections"]}

    def docnum_of(self, doc_id: str) -> int | None:
        found = self._gen.postings.get(("id", str(doc_id)))
        return min(found) if found else None

    def terms(self, field: str) -> Iterator[str]:
        return iter(sorted(t for f, t in self._gen.postings if f == field))

    def up_to_date(self) -> bool:
        return self._store._gen is self._gen

    def close(self) -> None:
        pass


@dataclass
class MemoryPart:
    docs: list[_Doc] = field(default_factory=list)
    deleted: set[int] = field(default_factory=set)

    def delete(self, local: int) -> None:
        self.deleted.add(local)


class MemoryPartWriter:
    def __init__(self) -> None:
        self._part = MemoryPart()

    def add(self, report: PreparedReport) -> int:
        self._part.docs.append(_Doc(doc_fields(report), dict(report.grams)))
        return len(self._part.docs) - 1

    def finish(self) -> MemoryPart | None:
        return self._part if self._part.docs else None


class MemoryWriter:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._added = MemoryPartWriter()
        self._deletes: list[str] = []

    def add(self, report: PreparedReport) -> None:
        self._added.add(report)

    def delete_path(self, path: str) -> None:
        self._deletes.append(path)

    def commit(self, parts: Iterable[MemoryPart] = ()) -> None:
        store = self._store
        try:
            docs = list(store._gen.docs)
            for path in self._deletes:
                for d in store._gen.postings.get(("path", path), {}):
                    docs[d] = None
            for part in [self._added.finish(), *parts]:
                if part is not None:
                    docs += [doc for i, doc in enumerate(part.docs) if i not in part.deleted]
            store._gen = _Generation(docs)
        finally:
            store._write.release()

    def cancel(self) -> None:
        self._store._write.release()


class MemoryStore:
    """Reports in memory; one writer at a time, as on disk."""

    location = None

    def __init__(self) -> None:
        self._gen = _Generation([])
        self._write = threading.Lock()

    def snapshot(self) -> MemorySnapshot:
        return MemorySnapshot(self, self._gen)

    def writer(self) -> MemoryWriter:
        if not self._write.acquire(timeout=10.0):
            raise IndexLockedError("another writer holds the in-memory index")
        return MemoryWriter(self)

    def part_writer(self) -> MemoryPartWriter:
        return MemoryPartWriter()

    def doc_count(self) -> int:
        return len(self._gen.live)

    def merge_if_fragmented(self) -> int:
        return 0
