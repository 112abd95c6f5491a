"""Near-duplicate paragraphs: MinHash over character shingles, LSH from datasketch,
then an alignment of each candidate pair down to the exact shared spans.

The alignment is difflib's algorithm in C (``cydifflib``, by the author of rapidfuzz:
the same matching blocks as the standard library's SequenceMatcher, tested on real
paragraph pairs, about 2.7 times faster); it was the pass's largest cost on
reworded paragraphs.

Shingles are SHINGLE consecutive masked characters; their 32-bit hashes are
computed for a whole paragraph at once with numpy (a polynomial over code
points), and datasketch's affine32 MinHash permutes them.  A lightly reworded
paragraph keeps most of its shingles (each changed character removes at most
SHINGLE of them), so its Jaccard similarity with the original stays well above
THRESHOLD while unrelated paragraphs of the same genre stay below it.
"""

from __future__ import annotations

import numpy as np
from cydifflib import SequenceMatcher
from datasketch import MinHash, MinHashLSH
from datasketch.storage import DictListStorage

SHINGLE = 4
# 32 permutations in 8 bands of 4 (datasketch's choice for 0.5): a paragraph with 5
# edits in 270 characters (Jaccard ~0.85) is a candidate with probability 0.997, one
# rewritten to Jaccard 0.6 with 0.67.  Each paragraph costs ~1.6 KB in the LSH
# (new_lsh; measured: 64 permutations at 0.4, 16 bands, cost 5.5 KB with sets).
NUM_PERM = 32
THRESHOLD = 0.5  # LSH candidate threshold (estimated Jaccard of shingle sets)
# Masked characters: a shorter paragraph cannot make a passage of report.MIN_PASSAGE
# on its own, and its exact sentences are found by their hashes.
MIN_PARAGRAPH = 60
# Shortest aligned block kept, in masked characters: blocks between the edits of a
# reworded paragraph are short; whether they add up to reuse is decided per passage
# (report.MIN_PASSAGE).
MIN_BLOCK = 8
_PRIME = np.uint32(1_000_003)

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of every SHINGLE-character window of ``text`` (numpy, no loop)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    n = len(cps) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint32)
    for k in range(SHINGLE):  # uint32 arithmetic wraps: the polynomial mod 2**32
        h = h * _PRIME + cps[k : k + n]
    return np.unique(h)


def signature(text: str) -> MinHash:
    """datasketch's MinHash of the paragraph's shingles (what ``signatures`` computes in bulk)."""
    m = MinHash(
        num_perm=NUM_PERM, hashfunc=int, permutations=_TEMPLATE.permutations, scheme="affine32"
    )
    m.update_batch(shingle_hashes(text).tolist())
    return m


# datasketch's affine32 scheme, applied to many paragraphs at once: each shingle hash is
# pre-mixed with the MurmurHash3 finalizer, then permuted as a*h + b mod 2**32 (uint32
# arithmetic wraps), and each paragraph keeps the minimum per permutation.  One MinHash
# object and one update_batch per paragraph cost more than the hashing itself; the
# tests check the values equal datasketch's for the same permutations.
_A, _B = (np.asarray(p, dtype=np.uint32) for p in _TEMPLATE.permutations)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(texts: list[str]) -> np.ndarray:
    """The MinHash values (uint32, one row of NUM_PERM per text) of texts of at least
    SHINGLE characters each; row i equals ``signature(texts[i]).hashvalues``."""
    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    # The shingles of every text at once, over the texts laid end to end: windows that
    # cross from one text into the next are dropped.  Duplicates are kept (a minimum
    # does not change), so no np.unique per text.
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    n = len(cps) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint32)
    for k in range(SHINGLE):
        h = h * _PRIME + cps[k : k + n]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    keep = np.ones(n + SHINGLE - 1, dtype=bool)
    for k in range(1, SHINGLE):  # windows starting in a text's last SHINGLE-1 characters
        keep[ends - k] = False
    mixed = _fmix32(h[keep[:n]])
    counts = lengths - SHINGLE + 1
    starts = np.concatenate(([0], np.cumsum(counts[:-1])))
    return np.minimum.reduceat(mixed[:, None] * _A + _B, starts, axis=0)


def minhash(values: np.ndarray) -> MinHash:
    """A datasketch MinHash holding ``values`` (a row of ``signatures``), for the LSH."""
    return MinHash(hashvalues=values, permutations=_TEMPLATE.permutations, scheme="affine32")


def to_bytes(m: MinHash | np.ndarray) -> bytes:
    values = m if isinstance(m, np.ndarray) else m.hashvalues
    return np.asarray(values, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(
        hashvalues=np.frombuffer(data, dtype=np.uint32),
        permutations=_TEMPLATE.permutations,
        scheme="affine32",
    )


def new_lsh() -> MinHashLSH:
    """datasketch's LSH, its buckets in datasketch's list storage instead of its set one.

    Nearly every bucket holds one paragraph, and an empty set costs 216 bytes against 56
    for a list: with 8 bands the LSH took 2.7 KB per paragraph, with lists 1.6 KB (the
    same answers, measured on the 66,608 heads of 3,000 synthetic reports).  A list can
    hold a key twice; the pass inserts each head once.
    """
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    lsh.hashtables = [DictListStorage({"type": "dict"}) for _ in lsh.hashtables]
    return lsh


def align(a: str, b: str, min_block: int = MIN_BLOCK) -> list[tuple[int, int, int]]:
    """Exact shared blocks (i in a, j in b, size) of at least ``min_block`` characters."""
    if a == b:  # what SequenceMatcher finds for two equal texts (most copies are whole)
        return [(0, 0, len(a))] if len(a) >= min_block else []
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [(i, j, n) for i, j, n in sm.get_matching_blocks() if n >= min_block]
