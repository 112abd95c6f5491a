"""The headings of a cleaned report and the required part each section belongs to.

Only a paragraph's start can be a heading (clean_text puts every heading at one).
Top-level sections are classified by keyword; the work sections of a report come
before its shortcomings and plans, so unnamed top-level sections before the first of
those count as 主要举措和成效.
"""

from __future__ import annotations

import re

from .fold import fold
from .hanzi import simplified
from .model import PART_DUTY, PART_MEASURES, PART_OTHER, PART_PLAN, PART_SHORTCOMINGS, Section

_NUM = "一二三四五六七八九十百零〇"
# One pattern, one group per level: 一、 / 第一章 (1), （一） / 第一节 (2), 1. / （1） (3).
# 一,、 (d275): a converted page doubles its punctuation; the comma before 、 is debris.
_MARKER = re.compile(
    rf"([{_NUM}]+,?[、.]|第[{_NUM}\d]+[章编]|第[{_NUM}]+部分)"
    rf"|(\([{_NUM}]+\)|第[{_NUM}\d]+节)"
    r"|(\d{1,2}[、.](?!\d)|\(\d{1,2}\))"
)
# 第X章 is a chapter title only when short: 第二章规定的… is a sentence.
_CHAPTER_MAX = 30
_CHAPTER = re.compile(rf"第[{_NUM}\d]+[章编]")
_HEADING_END = re.compile(r"[。!?:]")  # not ";": it separates clauses of one heading
_HEADING_CAP = 120
_CLASSIFY_SPAN = 40
# A text that says it is a report on the rule of law: its unnamed top-level sections
# are the year's work even when no 不足/下一步 heading follows (an excerpt, a page).
_REPORT = re.compile(
    r"(?:法治|依法行政|依法治)[^。\n]{0,30}(?:报告|总结|汇报)|(?:报告|总结|汇报|情况|工作)如下"
    r"|法治政府建设|法治建设"
)
_REPORT_SPAN = 1500
_PLAN_WORDS = re.compile(r"下一步|下步|下一年度|下年度|明年|今后|计划|安排|思路|打算|要点")
# The plans of next year in a paragraph with no heading of its own.
_NEXT_STEP = re.compile(r"下一步[,:，：]|下一步工作中|下步[,:，：]|下一步,?我")

# Keyword groups, tried leftmost-first: a heading naming several parts
# ("主要举措和成效、存在的不足和原因；下一年度…") belongs to the one it names first.
_PART_RE = re.compile(
    r"(?P<duty>第一责任人|主要负责人履行|主要负责同志履行|履行.{0,6}第一责任"
    r"|主要负责(?:人|同志).{0,4}职责|一把手|述法)"
    r"|(?P<plan>下一步|下步|下一年度|下年度|明年|来年|今后|工作计划|工作安排|工作思路|工作打算"
    r"|打算|思路|改进措施|整改措施|努力方向|工作设想|工作要点|工作重点"
    r"|\d{4}年度?(?:工作)?(?:计划|安排|重点|思路|要点))"
    r"|(?P<short>不足|存在的?问题|问题和|问题及|主要问题|短板|差距|困难|薄弱)"
    r"|(?P<measures>举措|成效|工作情况|开展情况|主要做法|做法|建设情况|推进情况|落实情况"
    r"|主要工作|工作开展|取得的成绩|成绩|总体情况|基本情况|完成情况|总体完成|主要成绩"
    r"|工作亮点|主要亮点)"
)
# A subsection overrides the part it inherits only when it names a part outright:
# "（二）制订法治建设工作计划" under 主要举措 is still a measure, not a plan.
_EXPLICIT_RE = re.compile(
    r"(?P<duty>第一责任人|主要负责人履行)"
    r"|(?P<plan>下一年度|下一步|下年度|明年|今后)"
    r"|(?P<short>存在的?(?:问题|不足|短板|困难)|不足之处|问题和不足|短板)"
    r"|(?P<measures>主要举措|举措和成效)"
)
# A section an unnamed heading opens with its chief's duties: the 第一责任人 part.
_DUTY_LEAD = re.compile(
    r"(?!一是)[^。\n]{0,12}(?:主要负责(?:人|同志)|一把手)[^。\n]{0,16}履行[^。\n]{0,16}第一责任人"
)
_DUTY_SPAN = 60
_GROUP_PART = {
    "duty": PART_DUTY,
    "plan": PART_PLAN,
    "short": PART_SHORTCOMINGS,
    "measures": PART_MEASURES,
}


def _part(pattern: re.Pattern[str], heading: str) -> str:
    m = pattern.search(heading)
    return _GROUP_PART[m.lastgroup] if m and m.lastgroup else PART_OTHER


def classify_part(heading: str) -> str:
    """The required part (one of PARTS) a top-level heading names, else 其他.

    Only the heading's first _CLASSIFY_SPAN characters are read: a heading run
    into its body (一、学习贯彻…精神深入学习…压实第一责任人…) names its part early.
    """
    return _part(_PART_RE, heading[:_CLASSIFY_SPAN])


# 主要工作举措及成效 / 存在的问题和不足 / 下一步工作打算 on a line of its own, unnumbered: a
# top heading all the same (only a part's own name, so no sentence is read as one)
_PART_LINE = re.compile(
    r"(?:主要)?(?:工作)?(?:举措|措施|做法)(?:及|和|与)?(?:成效|成绩)"
    r"|存在的?(?:问题|不足)(?:(?:和|及|与)(?:不足|问题))?(?:(?:和|及)原因)?"
    r"|下一步(?:工作)?(?:计划|打算|安排|思路)|下一年度(?:工作)?(?:计划|安排)"
)


def _heading_level(paragraph: str) -> int:
    m = _MARKER.match(paragraph)
    if not m:
        return 1 if _PART_LINE.fullmatch(paragraph.strip().rstrip(":")) else 0
    if paragraph[0] == "第" and (len(paragraph) > _CHAPTER_MAX or "。" in paragraph):
        return 0
    return m.lastindex or 0


def _heading_text(paragraph: str) -> str:
    """The heading as written: up to the first sentence end, capped for run-on text."""
    m = _HEADING_END.search(paragraph, 0, _HEADING_CAP)
    if m:
        return paragraph[: m.end()]
    if len(paragraph) <= _HEADING_CAP:
        return paragraph
    cut = paragraph.rfind(",", 0, _HEADING_CAP)
    return paragraph[: cut if cut > _HEADING_CAP // 2 else _HEADING_CAP]


def _plan_paragraph(found: list[tuple[int, int, str]], at: int, text: str, folded: str) -> None:
    """Start the plan part at the last 下一步 paragraph unless a plan heading covers it.

    It becomes a section of level 0: outside every heading, shown as body text.
    """
    if any(level == 1 and pos > at for pos, level, _ in found):
        return  # a top heading follows: the paragraph is inside the report's parts
    tops = [(pos, folded[pos : pos + len(h)]) for pos, level, h in found if level == 1 and pos < at]
    if tops:
        pos, top = tops[-1]
        if classify_part(top) == PART_PLAN:
            return  # already under a plan heading (下一步工作计划)
        # Under a merged heading (存在问题及下一步工作思路, classified by the part it names
        # first) the plans start at the 下一步 paragraph, once the problems have been told;
        # right below the heading, the paragraph opens the section it names.
        if _PLAN_WORDS.search(top) and folded.find("\n", pos) + 1 == at:
            return
    end = folded.find("\n", at)
    paragraph = folded[at : end if end >= 0 else len(folded)]
    heading = text[at : at + len(_heading_text(paragraph))]
    found.append((at, 0, heading))
    found.sort(key=lambda f: f[0])


def find_sections(text: str, folded: str | None = None) -> list[Section]:
    """Every heading paragraph of ``text`` as a Section, sorted by start and nested.

    ``folded`` is ``fold(text)`` when the caller has it already.
    """
    found: list[tuple[int, int, str]] = []  # (start, level, heading)
    start = 0
    plan_at = -1  # a 下一步 paragraph with no heading of its own
    folded = simplified(fold(text) if folded is None else folded)
    # Rules read the folded text ((一) and （一） alike); headings are shown as written.
    for paragraph in folded.split("\n"):
        level = _heading_level(paragraph)
        if level:
            found.append((start, level, text[start : start + len(_heading_text(paragraph))]))
        elif found and _NEXT_STEP.match(paragraph):
            plan_at = start
        start += len(paragraph) + 1
    if not found:
        return []
    if plan_at >= 0:
        _plan_paragraph(found, plan_at, text, folded)

    ends = [len(text)] * len(found)
    parents: list[int | None] = [None] * len(found)
    stack: list[int] = []
    for i, (pos, level, _) in enumerate(found):
        while stack and found[stack[-1]][1] >= level:
            ends[stack.pop()] = pos
        parents[i] = stack[-1] if stack else None
        stack.append(i)

    read = [folded[pos : pos + len(h)] for pos, _, h in found]  # what the rules read
    parts = [
        classify_part(read[i]) if parents[i] is None else _part(_EXPLICIT_RE, read[i])
        for i in range(len(found))
    ]
    for i, (pos, _, _) in enumerate(found):
        # 一、扛牢主体责任 (a heading naming 责任) opening with 局党政主要负责人严格履行…
        # 第一责任人职责: the duty part, though its heading names no part
        if parents[i] is None and parts[i] == PART_OTHER and "责任" in read[i]:
            body = folded.find("\n", pos) + 1
            if body and _DUTY_LEAD.match(folded, body, body + _DUTY_SPAN):
                parts[i] = PART_DUTY
    # Unnamed top-level sections before the first shortcomings/plan heading describe
    # the year's work: that is what a report puts first.
    boundary = next((i for i, p in enumerate(parts) if p in (PART_SHORTCOMINGS, PART_PLAN)), None)
    if boundary is None and _REPORT.search(folded, 0, _REPORT_SPAN):
        # only numbered (一、) top sections: a law's 第X章 keep 其他
        law = any(_CHAPTER.match(h) for _, lv, h in found if lv == 1)
        boundary = None if law else len(found)
    if boundary is not None:
        for i in range(boundary):
            if parents[i] is None and parts[i] == PART_OTHER:
                parts[i] = PART_MEASURES
    for i in range(len(found)):
        parent = parents[i]
        if parent is not None and parts[i] == PART_OTHER:
            parts[i] = parts[parent]  # parents come first, so theirs is already final

    return [
        Section(heading=h, level=level, part=parts[i], start=pos, end=ends[i])
        for i, (pos, level, h) in enumerate(found)
    ]
