"""Which indicator a number in a report's sentence belongs to: the indicator whose label
ends nearest before it (or whose pattern surrounds it), in a unit it accepts.

Helpers of ``search.indicators``; each takes the folded sentence and a number's match.
"""

from __future__ import annotations

import re

from .indicator_spec import Indicator, Spec

# How far back a label may start: a label and its filler are never longer.
LOOKBACK = 80


def candidates(spec: Spec, sentence: str) -> list[Indicator]:
    """The indicators one of whose keywords the sentence holds, in data-file order."""
    if spec.keyword_re is None:
        return list(spec.indicators)
    found = set(spec.always)
    for m in spec.keyword_re.finditer(sentence):
        found |= spec.keyword_map[m.group(1)]
    return [spec.indicators[n] for n in sorted(found)]


def best_label(
    spec: Spec, candidates: list[Indicator], sentence: str, q: re.Match[str]
) -> tuple[Indicator, tuple[int, int, tuple[int, int]]] | None:
    """The indicator whose label ends nearest before the number (ties: the longer label)."""
    lo = max(0, q.start() - LOOKBACK)
    before = sentence[lo : q.start()]
    best = None
    best_key = None
    for ind in candidates:
        if q["unit"] not in ind.factors:
            continue
        hit = _label_hit(ind, sentence, before, lo, q)
        if hit is None:
            continue
        if ind.exclude is not None and ind.exclude.search(before):
            continue
        s, e, after = hit
        # A pattern names its subject itself (审结的262件行政复议案件); only a bare label
        # such as 办结 needs the subject named before it.
        if ind.context and after == (0, 0) and not _in_context(spec, ind, sentence[: q.start()]):
            continue
        key = (e, e - s)
        if best_key is None or key > best_key:
            best, best_key = (ind, hit), key
    return best


def _label_hit(
    ind: Indicator, sentence: str, before: str, lo: int, q: re.Match[str]
) -> tuple[int, int, tuple[int, int]] | None:
    """(label start, rank end, span of words after the number) in sentence offsets."""
    for pre, post in ind.patterns:
        m = pre.search(before)
        a = post.match(sentence, q.end()) if m else None
        if m and a:
            # Adjacent on both sides: ranks above any label that only precedes.
            return lo + m.start("label"), q.end() + 1, a.span()
    if ind.label is not None:
        m = ind.label.search(before)
        if m:
            return lo + m.start("label"), lo + m.end("label"), (0, 0)
    return None


def _in_context(spec: Spec, ind: Indicator, before: str) -> bool:
    if spec.topics is None:
        return False
    last = None
    for last in spec.topics.finditer(before):  # noqa: B007 - the last one is wanted
        pass
    return last is not None and last.group() in ind.context
