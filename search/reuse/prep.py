"""What the reuse pass computes from one report alone: masked paragraphs, sentence hashes,
MinHash signatures.  Nothing here reads the store, so it runs in worker processes, one
report ahead of the comparison (the LSH, the alignments and every write stay in the
process that holds the store's transaction).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from . import near
from .mask import NAME, NUMBER, Masked, masker_for
from .source import IndexTexts

# Shortest masked sentence whose hash counts as reuse, in characters other than the
# placeholders: see README (reuse) for how it was measured.
MIN_SENTENCE = 12
# Reports from which the preparation runs in worker processes: starting one costs
# about a second (a new interpreter importing numpy and datasketch).
PARALLEL_FROM = 400


@dataclass
class Prepared:
    id: str
    agency: str
    year: int | None
    sents: list[tuple[int, int, int]]  # (hash, start, end) of each long masked sentence
    long: list[Masked]  # the paragraphs of near.MIN_PARAGRAPH masked characters or more
    values: np.ndarray  # their MinHash values, one row each
    sigs: list[bytes]  # the same as bytes (stored)
    digests: list[int]  # hashes of the signatures: equal for exact copies


def content_length(masked: str) -> int:
    return len(masked) - masked.count(NUMBER) - masked.count(NAME)


def sentence_hash(masked: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(masked.encode(), digest_size=8).digest(), "big", signed=True
    )


def digest(sig: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(sig, digest_size=8).digest(), "big", signed=True)


def prepare(texts: IndexTexts, doc_id: str) -> Prepared:
    rep = texts.get(doc_id)
    rec = rep.record
    paras = masker_for(rec).paragraphs(rep.text)
    sents = []
    for p in paras:
        for i, j in p.sentences():
            if content_length(p.text[i:j]) >= MIN_SENTENCE:
                sents.append((sentence_hash(p.text[i:j]), *p.span(i, j)))
    long = [p for p in paras if len(p.text) >= near.MIN_PARAGRAPH]
    values = near.signatures([p.text for p in long])
    sigs = [near.to_bytes(v) for v in values]
    return Prepared(
        doc_id,
        rec.get("agency") or "",
        rec.get("year"),
        sents,
        long,
        values,
        sigs,
        [digest(s) for s in sigs],
    )


def workers_for(count: int) -> int:
    """Worker processes for ``count`` reports: none for a small batch."""
    cpus = os.cpu_count() or 1
    # This process compares while the workers prepare: one core for it, the rest (at
    # most two) for them; on one core a worker only adds the cost of its messages.
    return 0 if count < PARALLEL_FROM or cpus < 2 else min(2, cpus - 1)


def prepared(
    texts: IndexTexts, index_dir: str | os.PathLike, ids: list[str], workers: int
) -> Iterator[Prepared]:
    """``prepare`` of each of ``ids``, in order; in ``workers`` processes if more than 0."""
    if workers <= 0:
        for doc_id in ids:
            yield prepare(texts, doc_id)
        return
    from .workers import ordered

    yield from ordered(index_dir, workers, "prepare", ids)
