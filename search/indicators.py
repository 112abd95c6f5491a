"""Indicator values read from a report: each number with the words that named it.

A number counts for an indicator only when, in the same sentence, one of the
indicator's labels stands right before it (only filler such as 共/累计/达 between) or
one of its patterns surrounds it, and its unit is one the indicator accepts.  So
``办理行政复议案件12件,其中纠错3件`` gives 12 and nothing for 3, and a rate needs its
own rate words.  Precision comes before recall: a figure that is not clearly named is
left out.  The indicators themselves are data (``search/data/indicators.toml``).

Rules run on ``fold(text)``, whose offsets are the cleaned text's, so ``start``/``end``
and ``sentence`` are the report's own characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import cn2an

from . import indicator_labels as _labels
from .fold import fold
from .hanzi import looks_traditional, to_simplified
from .indicator_filters import (
    PARTS_OPENING,
    PARTS_WORD,
    PLACE_OPENING,
    SHARE_AFTER,
    campaign_of,
    earlier_year,
    field_part,
    in_list,
    in_part_aside,
    in_part_clause,
    in_respective,
    is_average,
    latest_year,
    opens_with_place,
    other_place,
    own_places,
    own_year,
    paragraph_year,
    procedure_part,
    rule_not_figure,
)
from .indicator_spec import NUMBER, Indicator, Spec, default_spec, load_spec
from .indicator_tables import table_values
from .model import PART_OTHER, Section
from .sections import find_sections

_SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?")
_ENDS = "。!?;！？；\n"
# Looking for a sentence's ends no further than this keeps a text without any mark linear.
_SENTENCE_MAX = 400
_CHANGE_WORDS = (
    r"(?:同比|环比|较上年|比上年|较去年|比去年|较上一?年度?|与上年相比|与去年相比"
    r"|较\d{4}年|比\d{4}年)"
)
_CHANGE_TAIL = (
    rf"[^,;。()]{{0,6}}?(?:增长|上升|下降|减少|增加|提高|降低|提升|增幅为?|降幅为?)了?"
    rf"\s*(?:{NUMBER})\s*(?:%|个百分点|倍|件次|人次|场次|件|人|次|万元|元)?"
)
_CHANGE_AFTER = re.compile(rf"\s*[,(]?\s*(?P<change>{_CHANGE_WORDS}{_CHANGE_TAIL})")
_CHANGE_ANY = re.compile(rf"{_CHANGE_WORDS}{_CHANGE_TAIL}")
_LABEL_MAX = 12  # a pattern may span a clause: show its first and last words
_MULT = {"万": 1e4, "亿": 1e8}
_ROUND = {"十": 10.0, "百": 100.0, "千": 1000.0}
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


@dataclass
class IndicatorValue:
    """One figure of one indicator, traceable to its sentence in the cleaned text."""

    indicator: str  # canonical name, e.g. 行政复议纠错率
    value: float  # in the indicator's canonical unit
    unit: str  # the canonical unit: 件, %, 万元, 人 ...
    text: str  # the number as written, with its unit: 1800余户次, 88.20051万元
    label: str  # the words that named it: 直接纠错率, 办理行政复议案件
    change: str  # the change stated with it (同比增长17.1%), or ""
    bound: str  # "min" for 余/多/以上, "max" for 不到/以下, else ""
    sentence: str
    part: str  # the required part of the section it is in
    start: int  # span of ``text`` in the cleaned text
    end: int

    def to_json(self) -> dict:
        return asdict(self)


def extract_indicators(
    text: str,
    sections: list[Section] | None = None,
    spec: Spec | str | Path | None = None,
) -> list[IndicatorValue]:
    """Every indicator value in a cleaned report ``text``, in text order.

    ``sections`` are the report's headings (computed when not given); ``spec`` is a
    loaded indicator list or the path of a data file (default: the bundled one).
    """
    if spec is None:
        spec = default_spec()
    elif not isinstance(spec, Spec):
        spec = load_spec(spec)
    if sections is None:
        sections = find_sections(text)
    pairs: list[tuple[IndicatorValue, str]] = []
    # A report in traditional characters is read converted (one character for one, so
    # offsets hold); the values keep the report's own characters.
    view = to_simplified(text) if looks_traditional(text) else text
    prev_end, prev_names = 0, frozenset()
    own = own_places(view)
    year = own_year(view)
    given: set[str] = set()  # indicators the text gave a value before this sentence
    campaigns: dict[str, set[str]] = {}  # indicator -> the campaigns that gave it values
    for start, end in _candidate_sentences(spec, view):
        sentence = fold(view[start:end])
        if not spec.quantity.search(sentence):
            continue
        if not latest_year(sentence) and 0 < paragraph_year(view, start) < year:
            continue  # a paragraph about an earlier year (数据显示,2019年,…。全国实施…)
        # A sentence opening with 其中, X本级 or a place's name right after one that gave a
        # total breaks that total down (…立案查处655件。其中,市级立案查处302件 / 市本级办件
        # 数量为9651件 / 自贸区临港新片区实施…): its figures of the same indicators are parts.
        # (a place only after a full stop: 共审查区直各部门… after a ; is no place)
        opens_part = bool(
            PARTS_OPENING.match(sentence)
            or (PLACE_OPENING.match(sentence) and view[prev_end - 1 : prev_end] == "。")
        )
        # …and so does one after any earlier sentence that gave them (a report's total in
        # its first paragraph, each district's figure paragraphs later).
        parts = frozenset(given) if PARTS_OPENING.match(sentence) else frozenset()
        if opens_part and not view[prev_end:start].strip():
            parts = parts | prev_names
        values = _sentence_values(spec, text, sentence, start, sections, parts, given, own)
        for v, campaign in values:
            if campaign:
                campaigns.setdefault(v.indicator, set()).add(campaign)
        pairs.extend(values)
        prev_end, prev_names = end, parts | {v.indicator for v, _ in values}
        given |= {v.indicator for v, _ in values}
    # Figures of one indicator under two or more named campaigns (开展资质挂靠专项整治,行政
    # 处罚29起; 开展突出问题系统治理,…处罚18件) are each campaign's part of the year, not the
    # body's figure; one campaign's figures alone may be the body's whole work, and stay.
    several = {name for name, named in campaigns.items() if len(named) > 1}
    out = [v for v, campaign in pairs if not (campaign and v.indicator in several)]
    for ind, value, cell, head in table_values(spec, view):
        row = " ".join(text[head.start() : cell.end()].split())
        out.append(
            IndicatorValue(
                indicator=ind.name,
                value=value,
                unit=ind.unit,
                text=cell.group() if view is text else text[cell.start() : cell.end()],
                label=" ".join(text[head.start() : head.end()].split()),
                change="",
                bound="",
                sentence=row if len(row) <= _SENTENCE_MAX else row[-_SENTENCE_MAX:],
                part=_part_at(sections, cell.start()),
                start=cell.start(),
                end=cell.end(),
            )
        )
    out.sort(key=lambda v: v.start)
    return out


def _candidate_sentences(spec: Spec, text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences that may hold a value; folding the whole text costs more
    than the rest of the extraction, and few sentences hold a number with a unit."""
    if spec.candidate is None:
        yield from (m.span() for m in _SENTENCE.finditer(fold(text)))
        return
    done = 0
    for m in spec.candidate.finditer(text):
        if m.start() < done:
            continue
        lo = max(done, m.start() - _SENTENCE_MAX)
        start = max(max(text.rfind(c, lo, m.start()) for c in _ENDS) + 1, lo)
        hi = min(len(text), m.end() + _SENTENCE_MAX)
        ends = [i for i in (text.find(c, m.end(), hi) for c in _ENDS) if i >= 0]
        end = min(ends) if ends else hi
        if end < len(text) and text[end] != "\n":
            end += 1  # the sentence keeps its closing mark, as _SENTENCE does
        yield start, end
        done = end


def _sentence_values(
    spec: Spec,
    text: str,
    sentence: str,
    offset: int,
    sections: list[Section],
    parts: frozenset[str] = frozenset(),
    given: set[str] | frozenset[str] = frozenset(),
    own: frozenset[str] = frozenset(),
) -> list[tuple[IndicatorValue, str]]:
    """The values of one folded sentence at ``offset``, each with the campaign it is
    under ("" when none).  ``parts``: indicators whose figures here are parts of a total
    given before; ``given``: indicators the text gave a value before this sentence."""
    candidates = _labels.candidates(spec, sentence)
    if not candidates:
        return []
    changes = [c.span() for c in _CHANGE_ANY.finditer(sentence)]
    latest = latest_year(sentence)
    found = []
    named: dict[str, int] = {}  # indicators this sentence already gave a value: its end
    for q in spec.quantity.finditer(sentence):
        if any(s <= q.start() < e for s, e in changes):
            continue  # the number of a change (同比下降3%), not a value
        if earlier_year(sentence, q.start(), latest):
            continue  # 2023年66件,2024年151件: the earlier year's figure is a comparison
        if rule_not_figure(sentence, q) or in_list(sentence, q):
            continue
        if q["unit"] != "%" and SHARE_AFTER.match(sentence, q.end()):
            continue
        if in_part_aside(sentence, q.start()) or is_average(sentence, q):
            continue
        if in_respective(sentence, spec.quantity, q):
            continue
        best = _labels.best_label(spec, candidates, sentence, q)
        if best is None:
            continue
        indicator, label = best
        if indicator.name in parts:
            continue
        if indicator.name in named and (
            opens_with_place(sentence, q)
            or PARTS_WORD.search(sentence, named[indicator.name], q.start())
            or in_part_clause(sentence, q)
        ):
            continue  # 出庭应诉率达84.9%,…,其中区级以下…出庭率99%: a part's figure
        if (
            procedure_part(sentence, q)
            and "简易程序" in sentence + text[max(0, offset - 80) : offset]
        ):
            continue  # 适用简易程序处罚案件4件,适用一般程序处罚8件: a breakdown by procedure
        if indicator.name in given and (
            other_place(sentence, q.start(), own)
            or PARTS_WORD.search(sentence, 0, q.start())
            or field_part(sentence, q)
        ):
            continue  # the same after an earlier sentence gave the report's figure
        named.setdefault(indicator.name, q.end())
        value = _value(q, indicator)
        if value is None:
            continue
        c = _CHANGE_AFTER.match(sentence, q.end())
        start, end = offset + q.start(), offset + q.end()
        s0 = offset + len(sentence) - len(sentence.lstrip())
        found.append(
            (
                IndicatorValue(
                    indicator=indicator.name,
                    value=value,
                    unit=indicator.unit,
                    text=text[start:end],
                    label=_original(text, offset, q, label),
                    change=text[offset + c.start("change") : offset + c.end("change")] if c else "",
                    bound=_bound(q),
                    sentence=text[s0 : offset + len(sentence)].strip(),
                    part=_part_at(sections, start),
                    start=start,
                    end=end,
                ),
                campaign_of(sentence, q.start()),
            )
        )
    return found


def _value(q: re.Match[str], ind: Indicator) -> float | None:
    num = q["num"]
    if num[0].isdigit():
        number = float(num.replace(",", "").replace(" ", ""))
    elif num in _ROUND:
        number = _ROUND[num]  # 近千场, 上百次: cn2an reads no bare 千
    else:
        try:
            number = float(cn2an.cn2an(num, "normal"))
        except (ValueError, KeyError, IndexError):
            return None
    number *= _MULT.get(q["mult"] or "", 1.0)
    return round(number * ind.factors[q["unit"]], 8)


def _bound(q: re.Match[str]) -> str:
    if q["approx"] or q["pre"] or q["lead"] in ("超过", "逾") or q["tail"] in ("以上", "之多"):
        return "min"
    if q["lead"] in ("不到", "不足") or q["tail"] == "以下":
        return "max"
    return ""


def _original(
    text: str, offset: int, q: re.Match[str], hit: tuple[int, int, tuple[int, int]]
) -> str:
    """The label in the report's own characters; a long pattern match shortened."""
    s, e, (a, b) = hit
    words = text[offset + s : offset + min(e, q.start())].strip()
    if len(words) > _LABEL_MAX:
        words = words[:2] + "…" + words[-6:]
    return words + text[offset + a : offset + b].strip()


def _part_at(sections: list[Section], offset: int) -> str:
    found = None
    for sec in sections:
        if sec.start <= offset < sec.end:
            found = sec
        elif sec.start > offset:
            break
    return found.part if found else PART_OTHER
