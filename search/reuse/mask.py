"""The masked form of a report: what always differs between two agencies' copies removed.

Two reports that share a passage rarely share it letter for letter: the copier
changes the year, the counts, the agency's own name and its places.  Masking
replaces each of those by one placeholder (``#`` for numbers and dates, ``@`` for
names), drops whitespace, and keeps, for every masked character, the span of the
cleaned text it stands for, so a match in masked text maps back to the report's
own offsets.  "2022年江海区卫生健康局开展普法活动12场" and
"2023年新县卫生健康委员会开展普法活动8场" both become "#@开展普法活动#场".

Masking is per report (its own agency and places) but the same everywhere else,
so over-masking a common word (一 in 统一) happens on both sides alike and never
makes two different sentences equal that differ in more than what is masked.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

from .. import gazetteer
from ..fold import fold

NUMBER = "#"
NAME = "@"

# Dates first (one placeholder for 2022年12月3日), then numbers: Arabic (12, 3.5%, 1,200)
# and Chinese (十四五, 两千, 第一).  fold() has made digits and % ASCII already.
_DATE = r"\d{2,4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?"
_NUMBER = r"\d+(?:[.,:]\d+)*%?|[零〇一二三四五六七八九十百千万亿两]+"
# The report speaking of itself: 我局, 本委, 我单位 … differ only by the kind of agency.
_SELF = r"[我本](?:单位|部门|中心|局|委|厅|办|院|府|部|署|所|站|市|区|县|镇|乡)"
_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|盟|省|市|区|县)$"
)
_SENTENCE = re.compile(r"[^。!?;]+[。!?;]*")


@dataclass
class Masked:
    """One paragraph (one line of the cleaned text) in masked form."""

    text: str  # masked, whitespace removed
    starts: array  # starts[i]: offset in the cleaned text where masked char i begins
    ends: array  # ends[i]: offset just after what masked char i stands for

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The cleaned-text span of masked characters ``i:j``."""
        return self.starts[i], self.ends[j - 1]

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) in masked characters of each sentence, its end mark included."""
        return [m.span() for m in _SENTENCE.finditer(self.text)]


def own_names(agency: str, places: list[str]) -> list[str]:
    """The names a report uses for itself and its places, longest first.

    江门市江海区卫生健康局 -> the full name, 卫生健康局 (the name without its
    places), each place (江门市, 江海区) and its short form (江门, 江海).
    """
    agency = agency.removeprefix("中共")
    lead = gazetteer.leading_places(agency)
    names = {agency} if len(agency) >= 2 else set()
    core = agency[len("".join(lead)) :]
    if len(core) >= 2:
        names.add(core)
        if core.endswith("委员会"):
            names.add(core[:-3] + "委")  # 卫生健康委员会 is also written 卫生健康委
    for place in [*lead, *places]:
        if len(place) >= 2:
            names.add(place)
            short = _SUFFIX.sub("", place)
            if len(short) >= 2:
                names.add(short)
    return sorted(names, key=lambda n: (-len(n), n))


class Masker:
    """Masks the paragraphs of one report (its names are part of the pattern)."""

    def __init__(self, agency: str = "", places: list[str] | None = None) -> None:
        names = [re.escape(fold(n)) for n in own_names(agency, places or [])]
        self._re = _pattern("|".join([*names, _SELF]))

    def paragraph(self, folded: str, offset: int) -> Masked:
        """Mask one folded paragraph that starts at ``offset`` in the cleaned text."""
        out: list[str] = []
        starts, ends = array("i"), array("i")  # 4 bytes: reports are < 2 GB
        pos = 0
        last = ""
        for m in self._re.finditer(folded):
            s, e = m.span()
            if s > pos:
                out.append(folded[pos:s])
                starts.extend(range(offset + pos, offset + s))
                ends.extend(range(offset + pos + 1, offset + s + 1))
                last = ""
            pos = e
            if m.lastindex == 1:
                continue
            ph = NAME if m.lastindex == 2 else NUMBER
            if last == ph:  # 江海区卫生健康局 is one name however it is cut
                ends[-1] = offset + e
                continue
            out.append(ph)
            starts.append(offset + s)
            ends.append(offset + e)
            last = ph
        if pos < len(folded):
            out.append(folded[pos:])
            starts.extend(range(offset + pos, offset + len(folded)))
            ends.extend(range(offset + pos + 1, offset + len(folded) + 1))
        return Masked("".join(out), starts, ends)

    def paragraphs(self, text: str) -> list[Masked]:
        """Every non-empty line of a cleaned text, masked; offsets are in ``text``."""
        folded = fold(text)
        out = []
        pos = 0
        for line in folded.split("\n"):
            if line.strip():
                out.append(self.paragraph(line, pos))
            pos += len(line) + 1
        return out


@lru_cache(maxsize=8192)
def _pattern(name_re: str) -> re.Pattern:
    """The masking pattern of one set of names.  Compiling it costs more than masking a
    report (the alternation of names and the numeral classes), and an agency's reports
    and the reports aligned with them are masked again and again in one pass."""
    return re.compile(rf"(\s+)|({name_re})|({_DATE}|{_NUMBER})")


def masker_for(record: dict) -> Masker:
    """The masker of a report described by an index record (agency, province, city, county)."""
    places = [record.get(k) or "" for k in ("province", "city", "county")]
    return Masker(record.get("agency") or "", places)
