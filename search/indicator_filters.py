"""What a number in a report's sentence is not: a rule's wording, one of a list of
subjects or years, a part of a total named just before, or an earlier year's figure.

Helpers of ``search.indicators``; each takes the folded sentence and a number's match.
"""

from __future__ import annotations

import re

from .gazetteer import leading_places

_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_CLAUSE_START = re.compile(r"[^,:]*$")
# What a rule says, not what was done: ranges (罚款一千元至二千元), rates per unit
# (每少培训一人罚款五百元), norms (不得超过六人) and conditions (罚款1万元以上的).
_RANGE_AFTER = re.compile(r"\s*(?:至|到|-|~|—|－)\s*[\d零〇一二两三四五六七八九十百千]")
# 增至/扩充至/提高到 name the figure reached, not a range's end.
_RANGE_BEFORE = re.compile(
    r"(?:(?<![达做增升降减充扩高])至|(?<![达做提增升降减充扩高])到|-|~|—|－)\s*$"
)
_CONDITION_AFTER = re.compile(r"\s*的")
_NORM = re.compile(r"每(?!年|季度|月)|不得|应当|至少|不少于|不超过|不高于|不低于|可以|处以|并处")
# A list of several subjects' or years' figures (败诉率分别为16.4%、11.36%、9.72%): none is
# the report's one value.
_LIST_WORD = re.compile(r"分别|依次")
# …or the categories of a breakdown (从案件的类型来看,行政处罚1件、不履行法定职责2件).
_BREAKDOWN = re.compile(r"从[^,;。]{0,12}?(?:来看|看)\s*,")
# A count given as a share of a total (行政处罚案件12件,占总量的35%) is one category of a
# breakdown, not the report's own count of that kind.
SHARE_AFTER = re.compile(r"\s*,?\s*占(?:到)?(?:总量|总数|全部|比)")
# A clause that opens by naming a place (岚山区行政机关负责人出庭应诉率为70%) after the
# sentence gave the same indicator: a part's figure, not the whole's.
# The name is a proper name: 区级部门和镇街 (a kind of body), 对全区 and 走进社区 name no place.
PLACE_OPENING = re.compile(
    r"\s*(?![我本该其])(?:(?![级部门和及与各等全对在从向为于把将由])[\u4e00-\u9fff]){1,6}?"
    r"(?:自治州|自治县|新区|(?<![社园景辖片小校城])区|县|市|州|盟|旗|镇|乡|街道)"
)

# Parts of a total named just before: 其中 opening a sentence or a later clause, and an
# aside in parentheses opening with 含/包括 ((其中行政复议案件98件,…) names other subjects).
PARTS_OPENING = re.compile(r"\s*(?:其中|(?:省|市|县|区|州)本级)")
PARTS_WORD = re.compile(r"其中")
_PARTS_ASIDE = re.compile(r"\s*(?:含|包括|包含)")
# An average (案件平均罚款金额8.8万元, 人均培训40学时, 日均办件300件) is no count or sum.
_AVERAGE = re.compile(r"平均|人均|户均|场均|件均|日均|月均|年均")
# A named campaign (开展资质挂靠专项整治,行政处罚29起 / “蓝盾护航”专项行动 / 突出问题系统治理):
# its figures are a part of the body's year, each campaign's its own.
_CAMPAIGN = re.compile(
    r"专项(?:整治|行动|治理|检查|执法|清理|攻坚|监督)|集中(?:整治|治理|行动|攻坚)|系统治理"
    r"|治理(?:工作|行动)|百日(?:行动|攻坚)|(?:整治|攻坚|护航|亮剑|清源|铁拳|利剑)行动"
    # a drive named by what it fights (打击食品安全违法行为 / 整治家居消费市场乱象 /
    # 开展产品质量执法)
    r"|打击[^,;。\d]{0,16}?(?:违法|犯罪)|整治[^,;。\d]{0,12}?(?:乱象|问题)"
    r"|开展[^,;。\d]{2,8}?(?<!行政)(?<!综合)执法(?!人员|证)"
)
# A breakdown by procedure (适用简易程序处罚案件4件,适用一般程序处罚8件 / 简易程序共罚款300元):
# each procedure's figure is a part of the year's.
_PROCEDURE = re.compile(r"\s*(?:适用|按|其中)?\s*(?:简易|一般|普通)程序")
# A part by field after the report's total (查办民生领域违法案件56.5万件).
_FIELD = re.compile(r"领域|系统内|行业")
# A full date (2023-02-22, 2023年2月22日) dates the page or an event: its year is not one
# whose figures the sentence compares.
_FULL_DATE = re.compile(r"(?:20|19)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)")


def own_places(text: str, head: int = 300) -> frozenset[str]:
    """The division names the report's opening (title, header) holds: its own places."""
    found: set[str] = set()
    for i in range(min(head, len(text))):
        found.update(leading_places(text[i : i + 12]))
    return frozenset(found)


def other_place(sentence: str, start: int, own: frozenset[str]) -> bool:
    """Whether the clause holding ``start`` opens with a division's name (from the table
    of divisions: 岚山区…, not 共审查区直各部门) that is not one of the report's own."""
    clause = _CLAUSE_START.search(sentence, 0, start)
    names = leading_places(clause.group().lstrip(" (")) if clause else []
    return bool(names) and names[0] not in own


def procedure_part(sentence: str, q: re.Match[str]) -> bool:
    """A number of a clause opening with a procedure, in a text naming 简易程序."""
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and _PROCEDURE.match(clause.group()))


def field_part(sentence: str, q: re.Match[str]) -> bool:
    """A number whose clause names a field (领域, 行业): one field's part of a total."""
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and _FIELD.search(clause.group()))


def paragraph_year(text: str, start: int) -> int:
    """The year a paragraph's opening sentence names (数据显示,2019年,…), its figures'
    year when their own sentence names none; 0 when it names none (or 2019年以来)."""
    para = text.rfind("\n", 0, start) + 1
    first = re.search(r"[。!?;]", text[para : para + 200])
    opening = text[para : para + (first.end() if first else 200)]
    bare = _FULL_DATE.sub(lambda m: " " * len(m.group()), opening)
    years = [
        int(m.group(1)) for m in _YEAR.finditer(bare) if not bare.startswith("以来", m.end() + 1)
    ]
    return max(years, default=0)


# A year of a span (2021—2025年, 2021-2025) or a plan's title is no year of the report.
_SPAN_YEAR = re.compile(r"\d{4}\s*(?:—|－|-|–|~|至|到)\s*\d{4}")


def own_year(text: str, head: int = 400) -> int:
    """The report's year: the first its opening names, spans and full dates left out."""
    bare = _FULL_DATE.sub(lambda m: " " * len(m.group()), text[:head])
    bare = _SPAN_YEAR.sub(lambda m: " " * len(m.group()), bare)
    m = _YEAR.search(bare)
    return int(m.group(1)) if m else 0


def latest_year(sentence: str) -> int:
    """The latest year the sentence names, full dates left out (0: none)."""
    bare = _FULL_DATE.sub(lambda m: " " * len(m.group()), sentence)
    return max((int(y) for y in _YEAR.findall(bare)), default=0)


def is_average(sentence: str, q: re.Match[str]) -> bool:
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and _AVERAGE.search(clause.group()))


def campaign_of(sentence: str, start: int) -> str:
    """The campaign the sentence names before ``start`` (with the words before it), or ""."""
    found = None
    for found in _CAMPAIGN.finditer(sentence, 0, start):  # noqa: B007 - the last one
        pass
    if found is None:
        return ""
    return sentence[max(0, found.start() - 12) : found.end()]


def in_part_clause(sentence: str, q: re.Match[str]) -> bool:
    """A number in a clause opening with 含/包括 (…,含行政复议12件): a part of the total
    named before it in the sentence."""
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and clause.start() > 0 and _PARTS_ASIDE.match(clause.group()))


def in_respective(sentence: str, quantity: re.Pattern[str], q: re.Match[str]) -> bool:
    """A number of a clause that gives several subjects' figures after 分别/依次
    (行政复议、行政诉讼案件分别为12件和5件): none is one subject's own."""
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    if not clause:
        return False
    word = _LIST_WORD.search(clause.group())
    if not word:
        return False
    lo = clause.start() + word.start()
    stop = min(
        (i for i in (sentence.find(c, q.end()) for c in ",;。") if i >= 0), default=len(sentence)
    )
    return len(quantity.findall(sentence, lo, stop)) >= 2


def rule_not_figure(sentence: str, q: re.Match[str]) -> bool:
    if _RANGE_AFTER.match(sentence, q.end()) or _CONDITION_AFTER.match(sentence, q.end()):
        return True
    if _RANGE_BEFORE.search(sentence, max(0, q.start() - 3), q.start()):
        return True
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and _NORM.search(clause.group()))


def in_part_aside(sentence: str, start: int) -> bool:
    """A number inside a parenthesis that names an included part: (含对个人处罚7万元)."""
    opened = sentence.rfind("(", 0, start)
    if opened <= sentence.rfind(")", 0, start):
        return False
    return bool(_PARTS_ASIDE.match(sentence, opened + 1))


def in_list(sentence: str, q: re.Match[str]) -> bool:
    listed = sentence[q.end() : q.end() + 1] == "、" or sentence[max(0, q.start() - 1)] == "、"
    if not listed:
        return False
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    if clause and _LIST_WORD.search(clause.group()):
        return True
    return bool(_BREAKDOWN.search(sentence, 0, q.start()))


def opens_with_place(sentence: str, q: re.Match[str]) -> bool:
    clause = _CLAUSE_START.search(sentence, 0, q.start())
    return bool(clause and PLACE_OPENING.match(clause.group()))


def earlier_year(sentence: str, start: int, latest: int) -> bool:
    # A parenthesis belongs to the clause it opens in: in 从2015年的107件(其中…,行政诉讼案件48件)
    # 48 is 2015's, though a comma stands between.
    opened = sentence.rfind("(", 0, start)
    if opened > sentence.rfind(")", 0, start):
        start = opened
    clause = _CLAUSE_START.search(sentence, 0, start)
    years = [int(y) for y in _YEAR.findall(clause.group())] if clause else []
    return bool(years) and max(years) < latest
