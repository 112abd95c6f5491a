"""The reports of an index as the reuse pass reads them: metadata, text, sections."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..document import decode_meta
from ..errors import DocumentNotFoundError
from ..model import Section
from ..store import open_store


@dataclass
class StoredReport:
    id: str
    record: dict  # the index's metadata record: agency, year, province …
    text: str  # the cleaned text; every offset of the reuse pass is in it
    sections: list[Section]


class IndexTexts:
    """One snapshot of an index: the live reports' records, and their texts on demand."""

    def __init__(self, index_dir: str | os.PathLike) -> None:
        self._snap = open_store(index_dir).snapshot()
        self.records: dict[str, dict] = {}
        self._docnum: dict[str, int] = {}
        col = self._snap.column("meta")
        for d in self._snap.live:
            rec = decode_meta(col(d))
            self.records[rec["id"]] = rec
            self._docnum[rec["id"]] = d

    def get(self, doc_id: str) -> StoredReport:
        stored = self._snap.stored(self._docnum[doc_id])
        return StoredReport(
            id=doc_id,
            record=self.records[doc_id],
            text=stored["text"],
            sections=[Section(*s) for s in stored.get("sections") or []],
        )

    def close(self) -> None:
        self._snap.close()

    def __enter__(self) -> IndexTexts:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ReportLookup:
    """Live reports of an index looked up by id, without reading every other record."""

    def __init__(self, index_dir: str | os.PathLike) -> None:
        self._snap = open_store(index_dir).snapshot()
        self._meta = self._snap.column("meta")

    def get(self, doc_id: str) -> StoredReport:
        d = self._snap.docnum_of(str(doc_id))
        if d is None or self._meta is None:
            raise DocumentNotFoundError(f"no report with id {doc_id!r} in the index")
        stored = self._snap.stored(d)
        return StoredReport(
            id=str(doc_id),
            record=decode_meta(self._meta(d)),
            text=stored["text"],
            sections=[Section(*s) for s in stored.get("sections") or []],
        )

    def close(self) -> None:
        self._snap.close()

    def __enter__(self) -> ReportLookup:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def load_report(index_dir: str | os.PathLike, doc_id: str) -> StoredReport:
    """One live report of an index by id."""
    with ReportLookup(index_dir) as lookup:
        return lookup.get(doc_id)
