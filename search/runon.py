"""Paragraphs back from a report saved as one line (a web page's text, a document site's dump).

Such a line holds the title, the body with its headings inline (…成效。一、主要举措
（一）加强领导…) and sometimes the signature and date at the very end.  Line breaks
are put back before each heading that follows a sentence end or a space, after a
title that opens the line, and before a closing signature, so clean_text sees the
lines a printed report would have.  Nothing but line breaks is added, and every
step is one regular-expression scan of the line.
"""

from __future__ import annotations

import re

from .fold import fold
from .hanzi import simplified

_RUN_ON = 200  # a shorter line is a paragraph, not a whole report
_NUM = "一二三四五六七八九十"
# A heading marker where a paragraph must have started: after a sentence end or a space.
_BREAK = re.compile(
    rf"(?:(?<=[。!?;:])|(?<=[。!?;:][”’」』)])|(?<=\s))\s*"
    rf"(?=[{_NUM}]{{1,3}}、|\([{_NUM}]{{1,3}}\)|第[{_NUM}]{{1,3}}部分|\d{{1,2}}[、.](?!\d))"
)
# Top-level headings after sentence ends, with subheadings: a whole report run into one
# line, not one paragraph's inline list ((一)…(二)… alone).
_SUB = re.compile(rf"\([{_NUM}]{{1,3}}\)")
_TOP_AFTER_END = re.compile(rf"[。!?;:]\s*(?:[{_NUM}]{{1,3}}、|第[{_NUM}]{{1,3}}部分)")
# A short heading run into its first subheading (一、主要工作及成效（一）加强…, 一、…情况1.加强) or
# followed by a space and its body (二、存在的不足和原因 执法人员…).
_HEADING_THEN_BODY = re.compile(
    rf"(?<=\n)((?:[{_NUM}]{{1,3}}、|\([{_NUM}]{{1,3}}\))(?:[^\s,;:。]|(?<=\d)\s(?=年)){{2,30}}?)"
    rf"(?=\([{_NUM}]{{1,3}}\)|\d{{1,2}}[、.](?!\d)|[^\S\n](?!年))"
)
# A title opening the line, then the body's first words.
_TITLE_THEN_BODY = re.compile(
    # a document site's extraction spaces digits out: 海滨街 2020 年法治政府建设情况报告 2020 年,…
    r"^\s*(?:\d{1,2}、)?\s*((?:[^\s。,;:]|\s(?=\S)){4,70}?(?:报告|总结|汇报))\s*"
    r"(?=\d{4}\s?年|根据|按照|今年|一年来|近年来|为|我[局委厅区县市办院]|市委|区委|县委|省委"
    r"|[^\s。,;:]{2,20}:|[一二]、)"
)
_PAGE_MARK = re.compile(r"\s*\d{1,2}、\s*")
_CN = "一二三四五六七八九十"
_DATE = rf"(?:\d{{4}}|[〇○零{_CN[:-1]}]{{4}})年[\d{_CN}]{{1,3}}月[\d{_CN}]{{1,3}}日"
# A signature closing the line: …特此报告。厦门市生态环境局 2025年1月10日
_SIGNATURE_AT_END = re.compile(
    rf"(?<=[。!])\s*([\u4e00-\u9fff()]{{2,40}}?(?:局|委|委员会|厅|办公室|政府|中心|院|办事处|街道"
    rf"|镇|乡|部|署|会|处|所))?\s*({_DATE})\s*$"
)


def _is_run_on(key: str) -> bool:
    """Top-level headings after sentence ends, and enough headings in all to be a report."""
    tops = len(_TOP_AFTER_END.findall(key))
    # two top-level headings after sentence ends (…保障。 一、… 。 二、…) are a report's too
    return tops >= 2 or (tops >= 1 and tops + len(_SUB.findall(key)) >= 3)


def _split_line(line: str, run_on: bool | None = None) -> str:
    key = simplified(fold(line))
    cuts: list[int] = []
    m = _TITLE_THEN_BODY.match(key)
    if m and ("法治" in m.group(1) or "依法行政" in m.group(1)):
        cuts += [m.start(1), m.end(1)]
    if not (_is_run_on(key) if run_on is None else run_on):
        return _cut(line, cuts) if cuts else line
    cuts += [b.end() for b in _BREAK.finditer(key) if b.end() > (cuts[-1] if cuts else 0)]
    m = _SIGNATURE_AT_END.search(key)
    if m:
        if m.group(1):
            cuts.append(m.start(1))
        cuts.append(m.start(2))
    text = _cut(line, cuts)
    # 一、主要工作及成效（一）加强…: the heading is a paragraph of its own
    key = simplified(fold(text))
    extra = [m.end() for m in _HEADING_THEN_BODY.finditer(key)]
    if not extra:
        return text
    pieces, pos = [], 0
    for c in extra:
        pieces.append(text[pos:c])
        pos = c
    pieces.append(text[pos:])
    return "\n".join(pieces)


def _cut(line: str, cuts: list[int]) -> str:
    out, pos = [], 0
    for c in sorted(set(cuts)):
        if 0 < c < len(line) and c > pos:
            out.append(line[pos:c].rstrip())
            pos = c
    out.append(line[pos:])
    if _PAGE_MARK.fullmatch(out[0]):  # a document site's page number (1、) before the title
        out[0] = ""
    return "\n".join(out)


def split_run_on(text: str) -> str:
    """``text`` with line breaks put back into lines that hold a whole report."""
    if len(text) < _RUN_ON:
        return text
    lines = text.split("\n")
    long_lines = [line for line in lines if len(line) >= _RUN_ON]
    if not long_lines:
        return text
    # A document site's dump holds one line a page (1、… 2、…): the pages are read together,
    # so a page with one heading of a run-on report is split like the others.
    dump = len(long_lines) > 1 and _is_run_on(simplified(fold("\n".join(long_lines))))
    return "\n".join(
        _split_line(line, True if dump else None) if len(line) >= _RUN_ON else line
        for line in lines
    )
