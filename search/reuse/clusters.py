"""Near-duplicate clusters: the LSH holds one head paragraph per cluster, not every variant.

A collection full of copies has, besides exact copies (linked to their first occurrence
without the LSH), many *variants* of one paragraph: the same text masked with another
agency's places, a word changed, a sentence dropped.  With every distinct variant in the
LSH, a new variant was a candidate of all those before it: the alignments per paragraph,
the links stored and the LSH's memory grew with the collection (N^1.5 from 10,000 to
30,000 reports).  Here a variant whose estimated Jaccard similarity with the most similar
head is at least JOIN becomes a *member* of that head's cluster: aligned with it, kept for
exact copies of itself, but not inserted in the LSH.  A later paragraph is aligned with
the heads the LSH gives (at most MAX_HEADS, the most similar first) and with the members
of those clusters written by its own agency (the ``self`` kind ranks first in a report's
reuse, and the head is usually another agency's).

The head of a cluster is its first variant in the pass's order (year, then id), so it is
the cluster's earliest report: the source an ``other`` span must be (same year or
earlier).  What a report shares is found as before; which of a cluster's reports is named
as the source can differ (README, reuse: scale).
"""

from __future__ import annotations

import numpy as np

from . import near

# Estimated Jaccard (equal MinHash values / NUM_PERM) from which a new variant joins the
# most similar head's cluster instead of heading one: a paragraph masked with another
# agency's places or lightly reworded (5 edits in 270 characters: ~0.85) joins; a
# paragraph rewritten in half its shingles (~0.5, still an LSH candidate) heads its own.
JOIN = 0.8
# Heads a paragraph is aligned with at most, the most similar first.
MAX_HEADS = 5
# Same-agency members of each candidate cluster aligned with, at most (earliest first).
MAX_OWN = 3


class Clusters:
    """Heads in datasketch's LSH, their signatures, and their members by agency."""

    def __init__(self) -> None:
        self.lsh = near.new_lsh()
        self.sigs: dict[int, bytes] = {}  # head row -> MinHash values (uint32 bytes)
        # head row -> agency -> member rows (earliest first): for the ``self`` kind.
        self.members: dict[int, dict[str, list[int]]] = {}

    def load(self, heads: list[tuple[int, bytes]], members: list[tuple[int, int, str]]) -> None:
        """Heads (row, signature) and members (row, head, agency) of an earlier pass."""
        with self.lsh.insertion_session() as session:
            for row, sig in heads:
                session.insert(row, near.from_bytes(sig), check_duplication=False)
                self.sigs[row] = sig
        for row, head, agency in members:
            self.add_member(head, row, agency)

    def add_head(self, row: int, m, sig: bytes) -> None:
        self.lsh.insert(row, m, check_duplication=False)
        self.sigs[row] = sig

    def add_member(self, head: int, row: int, agency: str) -> None:
        self.members.setdefault(head, {}).setdefault(agency, []).append(row)

    def match(self, m, values: np.ndarray) -> list[tuple[int, float]]:
        """(head, estimated Jaccard) of the LSH's candidates, most similar first, at most
        MAX_HEADS (ties: the earlier head)."""
        keys = self.lsh.query(m)
        if not keys:
            return []
        stack = np.frombuffer(b"".join(self.sigs[k] for k in keys), dtype=np.uint32)
        equal = np.count_nonzero(stack.reshape(len(keys), -1) == values, axis=1)
        ranked = sorted(zip(keys, equal.tolist(), strict=True), key=lambda kv: (-kv[1], kv[0]))
        return [(k, n / near.NUM_PERM) for k, n in ranked[:MAX_HEADS]]

    def own(self, head: int, agency: str) -> list[int]:
        """Members of ``head``'s cluster written by ``agency`` (at most MAX_OWN)."""
        if not agency:
            return []
        return self.members.get(head, {}).get(agency, [])[:MAX_OWN]
