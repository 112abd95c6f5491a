"""The Whoosh schema: which view of a report goes into which field, and why."""

from __future__ import annotations

import sys
from collections import Counter

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from ... import analysis as _analysis
from .analysis import JiebaTokenizer, word_analyzer

# Every index stores its schema pickled, by class path; indexes written before
# the store package existed name ``search.schema`` and ``search.analysis``'s
# tokenizer, so those names stay readable.
sys.modules.setdefault("search.schema", sys.modules[__name__])
if not hasattr(_analysis, "JiebaTokenizer"):
    _analysis.JiebaTokenizer = JiebaTokenizer


class WordsField(fields.TEXT):
    """jieba words with frequencies; accepts text, or words already segmented.

    Segmentation is the costly part of indexing, so worker processes do it and
    hand the main process plain lists; Whoosh then only has to post them.
    """

    def __init__(self) -> None:
        super().__init__(analyzer=word_analyzer(), phrase=False)

    def index(self, value, **kwargs):
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        for word, freq in Counter(value).items():
            yield word.encode("utf-8"), freq, float(freq), pack_uint(freq)


class GramField(fields.FieldType):
    """Every distinct character and character bigram of the compact text.

    Presence is all exact matching needs (a phrase's grams narrow the
    candidates, the compact text confirms them), so no positions are kept.
    Each posting's weight is the gram's count in the report: the least count
    among a phrase's bigrams bounds the phrase's own count, which lets
    ranking count exactly only the reports that can reach the first page.
    """

    indexed = True
    stored = False
    scorable = False

    def __init__(self) -> None:
        self.format = formats.Existence()
        self.analyzer = None
        self.column_type = None
        self.vector = None
        self.spelling = False

    def index(self, value, **kwargs):
        for gram, count in value.items():
            yield gram.encode("utf-8"), count, float(count), b""


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, unique=True),
        key=fields.ID(stored=True),
        words=WordsField(),
        grams=GramField(),
        # Per-document columns read without unpickling whole documents: the
        # compact text confirms phrase candidates, the part map places matches
        # in the report's required parts, meta feeds the facet table.
        compact=fields.COLUMN(columns.VarBytesColumn()),
        partmap=fields.COLUMN(columns.VarBytesColumn()),
        meta=fields.COLUMN(columns.VarBytesColumn()),
        text=fields.STORED(),
        sections=fields.STORED(),
    )
