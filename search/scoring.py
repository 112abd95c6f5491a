"""BM25, in one place: the score every ranked list, tally and bound is made of.

Small named functions in the manner of bm25s (``idf``, ``length_norm``,
``term_score``) so the ranking code reads as the formula does and a change
of parameters is one edit.  Term frequencies are exact match counts in the
compact text (or a proximity operator's pairs), lengths are in characters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

K1 = 1.2
B = 0.75


def idf(n_docs: int, doc_freq: int) -> float:
    """Lucene's BM25 idf: never negative, however common the term."""
    return math.log(1 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


def length_norm(length: float, avg_length: float) -> float:
    """``K1 * (1 - B + B * length / avg)``: the denominator's length part, per document."""
    return K1 * (1 - B + B * length / (avg_length or 1.0))


def term_score(tf: float, norm: float) -> float:
    """One term's saturated frequency, before its idf weight."""
    return tf * (K1 + 1) / (tf + norm)


def score(idfs: Iterable[float], tfs: Iterable[float], norm: float) -> float:
    """A document's BM25 score over the query's terms (absent terms add nothing)."""
    return sum(w * term_score(tf, norm) for w, tf in zip(idfs, tfs, strict=True) if tf)
