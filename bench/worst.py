"""Issue 13's worst case: one- and two-character phrases that match at least 90% of reports.

A researcher's 的-type query: its total and facets cover nearly the whole collection, so the
first page's cost is the cost of counting and faceting every report. The phrases are the
commonest characters and bigrams of a seeded sample of texts, kept when the scan finds them
in at least ``SHARE`` of all reports.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

SHARE = 0.9
SAMPLE = 400
EACH = 3  # phrases of each length


def worst_phrases(texts: Sequence[str], seed: int = 1, each: int = EACH) -> list[tuple[str, int]]:
    """(phrase, reports matching) for the ``each`` commonest 1- and 2-character Han phrases
    matching at least SHARE of ``texts``, commonest first within each length."""
    rng = random.Random(seed)
    sample = rng.sample(list(texts), min(SAMPLE, len(texts)))
    out: list[tuple[str, int]] = []
    for size in (1, 2):
        df: Counter[str] = Counter()
        for t in sample:
            df.update({t[i : i + size] for i in range(len(t) - size + 1)})
        picked = 0
        # Ties in count broken by the gram: the same phrases in every process
        # (set iteration follows string hashing, which differs from run to run).
        for gram, _ in sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[:50]:
            if not all("\u4e00" <= ch <= "\u9fff" for ch in gram):
                continue
            n = sum(1 for t in texts if gram in t)
            if n >= SHARE * len(texts):
                out.append((gram, n))
                picked += 1
                if picked == each:
                    break
    return out
