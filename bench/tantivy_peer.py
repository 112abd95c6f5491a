"""tantivy over character bigrams: the Rust engine a user could pick instead (issue 13's peer).

Each compact text is written as its overlapping character bigrams separated by spaces and
indexed with tantivy's ``whitespace`` tokenizer with positions, so a phrase of n >= 2
characters is the phrase query of its n-1 bigrams at consecutive positions: exact, like a
substring test (the compact text has no whitespace to break a bigram). One-character phrases
use a second field of single characters. The full match set is the doc addresses of every
hit (``limit`` = number of documents), mapped to report ids through a table read once after
the build; no snippets, no facets.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import Doc

HEAP = 512 * 2**20


def bigrams(text: str) -> str:
    return " ".join(text[i : i + 2] for i in range(len(text) - 1))


class TantivyBigram:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        self.path = path
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("bi", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field("uni", tokenizer_name="whitespace", index_option="basic")
        self.schema = sb.build()
        self.build_seconds = 0.0
        self.index = None
        self.searcher = None
        self.ids: dict[tuple[int, int], str] = {}

    def build(self, docs: Sequence[Doc], threads: int = 2) -> None:
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        t0 = time.perf_counter()
        index = self.tantivy.Index(self.schema, path=str(self.path))
        writer = index.writer(heap_size=HEAP, num_threads=threads)
        for d in docs:
            writer.add_document(
                self.tantivy.Document(id=d.id, bi=bigrams(d.text), uni=" ".join(set(d.text)))
            )
        writer.commit()
        writer.wait_merging_threads()
        self.build_seconds = time.perf_counter() - t0
        self.open()

    def open(self) -> None:
        self.index = self.tantivy.Index.open(str(self.path))
        self.index.reload()
        self.searcher = self.index.searcher()
        everything = self.tantivy.Query.all_query()
        n = self.searcher.num_docs
        self.ids = {}
        for _, addr in self.searcher.search(everything, limit=max(n, 1)).hits:
            key = (addr.segment_ord, addr.doc)
            self.ids[key] = self.searcher.doc(addr)["id"][0]

    @property
    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def find_all(self, phrase: str) -> list[str]:
        q = self.tantivy.Query
        if len(phrase) == 1:
            query = q.term_query(self.schema, "uni", phrase)
        elif len(phrase) == 2:
            query = q.term_query(self.schema, "bi", phrase)
        else:
            grams = [phrase[i : i + 2] for i in range(len(phrase) - 1)]
            query = q.phrase_query(self.schema, "bi", grams)
        hits = self.searcher.search(query, limit=max(self.searcher.num_docs, 1), count=False).hits
        ids = self.ids
        return [ids[(a.segment_ord, a.doc)] for _, a in hits]
