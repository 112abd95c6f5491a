"""Reports written in traditional characters, read by the same rules as simplified ones.

A few collections (Hong Kong and Taiwan mirrors, old pages) hold reports in
traditional characters: 關於2023年法治政府建設情況的報告.  The rules (titles, agency
suffixes, headings, the gazetteer) are written in simplified characters, so they
read the text converted by OpenCC's t2s tables; the text shown keeps its own
characters.  Conversion is applied only when it keeps every offset (it maps one
character to one in practice; a text where it would not is read as it is).
"""

from __future__ import annotations

import threading

_SNIFF = 2000  # characters looked at to tell a traditional text
_MIN_CHANGED = 5  # characters t2s changes there before the text counts as traditional

_lock = threading.Lock()
_converter = None


def _t2s():
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def simplified(text: str) -> str:
    """``text`` in simplified characters, same length, when it is written in traditional ones."""
    head = text[:_SNIFF]
    if not head or head.isascii():
        return text
    t2s = _t2s()
    converted = t2s.convert(head)
    # Most reports are simplified and convert to themselves: one C-level comparison
    # instead of counting changed characters one by one (4 calls a report when indexing).
    if converted == head or len(converted) != len(head):
        return text
    if sum(a != b for a, b in zip(head, converted, strict=True)) < _MIN_CHANGED:
        return text
    whole = converted if len(text) <= _SNIFF else t2s.convert(text)
    return whole if len(whole) == len(text) else text


# Characters frequent in traditional text and absent from simplified text: a text holding
# none of them is simplified, and OpenCC is not called (most reports).
_TRAD_MARKS = frozenset("這個們來於與為會發國關說時對開學實過還後點經區縣訴審應續計劃處罰許條義務")


def looks_traditional(text: str) -> bool:
    """Whether ``text`` (its first characters) is written in traditional characters."""
    head = text[:_SNIFF]
    return not _TRAD_MARKS.isdisjoint(head) and simplified(head) != head


def to_simplified(text: str) -> str:
    """``text`` converted by t2s (same length), or unchanged where the length would differ."""
    converted = _t2s().convert(text)
    return converted if len(converted) == len(text) else text
