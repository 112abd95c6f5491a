"""Benchmark phrases: runs of 2-8 consecutive Han characters cut from the compact texts."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def cut_phrases(
    texts: Sequence[str], n: int, seed: int, min_len: int = 2, max_len: int = 8
) -> list[str]:
    """``n`` distinct phrases: a random text, a random length, a random position; kept when
    every character there is Han. Seeded, so a run is repeatable."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    pool = [t for t in texts if len(t) >= max_len]
    if not pool:
        raise ValueError("no text long enough to cut phrases from")
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 1000 * n:
            raise ValueError(f"could only cut {len(out)} of {n} phrases")
        text = pool[rng.randrange(len(pool))]
        size = rng.randint(min_len, max_len)
        at = rng.randrange(len(text) - size + 1)
        phrase = text[at : at + size]
        if phrase in seen or not _HAN_RUN.fullmatch(phrase):
            continue
        seen.add(phrase)
        out.append(phrase)
    return out


def quoted(phrase: str) -> str:
    """The query string our engine takes for an exact phrase."""
    return '"' + phrase + '"'
