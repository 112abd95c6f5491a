"""The distinct paragraphs of the reuse pass: one representative per masked paragraph.

A collection full of copies (the synthetic benchmark draws every report from one pool
of real paragraphs; real agencies copy whole paragraphs too) has each paragraph many
times.  Only the first copy, the representative, is in the LSH; every later copy is
aligned with it.  Aligning needed the representative's masked form, read back from its
report: the whole report re-masked whenever it had left a cache of recent reports, so
once the collection outgrew that cache almost every copy cost a report's masking and
the pass grew faster than the collection.  Here a representative keeps what an exact
copy needs (its report, its span and a hash of its masked text) in memory, and only a
near duplicate, which needs the text itself for ``difflib``, reads a masked paragraph:
from a cache of paragraphs, or by masking that one line of its report.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..fold import fold
from .mask import Masked, masker_for
from .source import IndexTexts

# Masked paragraphs kept for aligning near duplicates, by characters: a masked
# character costs about 10 bytes (its offsets), so about 80 MB.
_CACHE_CHARS = 8_000_000


@dataclass(frozen=True, slots=True)
class Rep:
    doc: int  # the report's store row
    start: int  # the paragraph's span in the report's cleaned text
    end: int | None  # None: read from an earlier pass's store (not kept there)
    text_hash: int | None  # hash() of the masked text, this process only (None: unknown)


class Reps:
    """Representatives by paragraph row, and their masked text on demand."""

    def __init__(self, texts: IndexTexts, ids: dict[int, str]) -> None:
        self.texts = texts
        self.ids = ids  # store row -> report id
        self.by_row: dict[int, Rep] = {}
        self._masked: OrderedDict[int, Masked] = OrderedDict()
        self._chars = 0

    def add(self, row: int, doc: int, p: Masked | None, start: int) -> None:
        """A paragraph row that stands for its copies; ``p`` None when read from the store."""
        if p is None:
            self.by_row[row] = Rep(doc, start, None, None)
            return
        self.by_row[row] = Rep(doc, start, p.ends[-1], hash(p.text))
        self._keep(row, p)

    def copy_span(self, row: int, p: Masked) -> tuple[int, int, int] | None:
        """(doc, start, end) of representative ``row`` if ``p`` is exactly its masked text:
        what ``near.align`` answers for two equal texts, without reading the text."""
        rep = self.by_row[row]
        if rep.end is None or rep.text_hash != hash(p.text):
            return None
        return rep.doc, rep.start, rep.end

    def masked(self, row: int) -> Masked | None:
        """The masked form of representative ``row`` (None if its report lost that line)."""
        if row in self._masked:
            self._masked.move_to_end(row)
            return self._masked[row]
        rep = self.by_row[row]
        stored = self.texts.get(self.ids[rep.doc])
        text = stored.text
        # ``start`` is where the paragraph's first masked character begins, after any
        # leading whitespace: the line starts at the newline before it.
        lo = text.rfind("\n", 0, rep.start) + 1
        hi = text.find("\n", rep.start)
        line = text[lo : len(text) if hi < 0 else hi]
        if not line.strip():
            return None
        # fold() is one character for one, so folding the line alone is folding it in
        # the report (what Masker.paragraphs does); masking is per line.
        p = masker_for(stored.record).paragraph(fold(line), lo)
        if p.starts[0] != rep.start:
            return None
        self._keep(row, p)
        return p

    def _keep(self, row: int, p: Masked) -> None:
        self._masked[row] = p
        self._chars += len(p.text)
        while self._chars > _CACHE_CHARS and len(self._masked) > 1:
            _, old = self._masked.popitem(last=False)
            self._chars -= len(old.text)
