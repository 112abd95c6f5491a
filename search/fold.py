"""Two forms of one text: what the report wrote, and what matching compares.

A researcher quotes the report's own characters (full-width ，：；（）), so the
cleaned text keeps them.  Matching, headings and metadata rules compare the
*folded* form: every character whose NFKC form is one character is replaced by
it (（一） -> (一), ２０２２ -> 2022, the ideographic space -> a space).  Folding is
one character for one character, so an offset in the folded text is the same
offset in the shown text and nothing needs mapping back.

Characters whose NFKC form is several characters are kept as they are on both
sides (… stays …, ℃ stays ℃), except numbered list markers (① ⑴ ⒈ ㈠ Ⅱ), which
``expand`` writes out once, in cleaning and in queries, so (1) and 1. headings
are recognised whichever way they were typed.
"""

from __future__ import annotations

import re
import unicodedata

# Where NFKC changes a character (tests/test_fold.py checks all of Unicode): the
# BMP without surrogates, and six supplementary blocks.
_RANGES = (
    (0, 0xD800),
    (0xE000, 0x10000),
    (0x10780, 0x107C0),
    (0x1D400, 0x1D800),
    (0x1EE00, 0x1EF00),
    (0x1F100, 0x1F300),
    (0x1FBF0, 0x1FC00),
    (0x2F800, 0x2FA20),
)


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    # All of Unicode normalised in one call (a separator no NFKC form contains):
    # 30 ms, where one call per character costs half a second at every start.
    cps = [cp for lo, hi in _RANGES for cp in range(lo, hi) if cp != 0x0A]
    normal = unicodedata.normalize("NFKC", "\n".join(map(chr, cps))).split("\n")
    one: dict[int, str] = {}
    many: dict[int, str] = {}
    for cp, n in zip(cps, normal, strict=True):
        if len(n) == 1:
            if n != chr(cp):
                one[cp] = n
        elif _is_list_marker(cp):
            many[cp] = n
    # NFKC turns ① into a bare "1": keep it readable and recognisable as a list marker.
    for i in range(20):
        many[0x2460 + i] = f"({i + 1})"
    return one, many


def _is_list_marker(cp: int) -> bool:
    return (
        0x2150 <= cp <= 0x218F  # Roman numerals Ⅱ Ⅻ
        or 0x2460 <= cp <= 0x24FF  # ① ⑴ ⒈
        or 0x3200 <= cp <= 0x32FF  # ㈠ ㊀
    )


_ONE, _MANY = _tables()
_MARKER_BLOCKS = re.compile("[\u2150-\u218f\u2460-\u24ff\u3200-\u32ff]")


def fold(text: str) -> str:
    """The matching form of ``text``: same length, one character for one."""
    return text.translate(_ONE)


def expand(text: str) -> str:
    """Numbered list markers written out (① -> (1), ⑴ -> (1), ⒈ -> 1.)."""
    if not _MARKER_BLOCKS.search(text):  # a scan in C: most texts have none
        return text
    for ch in set(text).intersection(_MANY_CHARS):
        text = text.replace(ch, _MANY[ord(ch)])
    return text


_MANY_CHARS = frozenset(map(chr, _MANY))


def fold_query(text: str) -> str:
    """A query's matching form: list markers written out, then folded."""
    return fold(expand(text))
