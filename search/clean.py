"""Turn text extracted from PDF / Word / Markdown into readable paragraphs.

Extraction breaks lines at the page width (often mid-word), scatters blank lines and
page-break lines starting with a space, and leaves markdown and Word bookmarks behind.
We rebuild paragraphs from line-end evidence: a sentence end or a heading closes a
paragraph; a line as wide as a printed line (公文 pages hold 28 characters a line) was
wrapped and continues; a clearly shorter one ended its paragraph. Only spaces,
markup and control characters are dropped, so no Han character is lost or reordered.
"""

from __future__ import annotations

import re

from .chrome import split_chrome
from .fold import expand, fold
from .runon import split_run_on

# Han plus the CJK punctuation that never takes a space next to it (the text is not
# folded here, so full-width ，：（） count as CJK).
_CJK = (
    "\u2010-\u2027\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u00b7"
)
_DIGIT = "0-9\uff10-\uff19%\uff05"
# Scanning for the space first, then looking behind, is three times faster than
# starting each try with a look-behind.
_SPACES_IN_CJK = re.compile(
    rf"[^\S\n](?:(?<=[{_CJK}][^\S\n])[^\S\n]*(?=[{_CJK}{_DIGIT}])"
    rf"|(?<=[{_DIGIT}][^\S\n])[^\S\n]*(?=[{_CJK}]))"
)
# pdftotext ends pages with \f and Word breaks lines with \v: both are line ends, as are
# the Unicode line separators; other C0 controls and zero-width marks carry nothing.
_CONTROLS: dict[int, str | None] = {c: None for c in range(32) if c not in (9, 10)}
_CONTROLS.update(dict.fromkeys((0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029), "\n"))
# U+2029 PARAGRAPH SEPARATOR is a reader's statement that a paragraph ends there (the
# Word reader writes it after each Word paragraph): a hard start, never joined.
_CONTROLS[0x2029] = "\n\x01"
_CONTROLS.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)))
_NEEDS_TRANSLATE = re.compile("[\x00-\x08\x0b-\x1f\x85\u2028\u2029\u200b-\u200d\u2060\ufeff]")
_BOOKMARK = re.compile(r"\[bookmark:[ -\\^-~]*\]")  # ASCII names only: never eats Han
_RULE_LINE = re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$")
# Law header lines ("2011年11月17日 某某会议通过") are paragraphs of their own, and a
# line starting 第X条 and a space starts an article: mark both before spaces go.
_HARD_START = re.compile(
    r"\n[ \t\u3000]*(?=(\d{4}年\d{1,2}月\d{1,2}日)[ \t\u3000]+\S"
    r"|第[一二三四五六七八九十百零〇]+条[ \t\u3000]+\S)"
)


def _mark_hard_start(m: re.Match[str]) -> str:
    return "\n\x02" if m.group(1) else "\n\x01"  # \x02: a date line, whole paragraph


# 龍湖區(qū)教育局, 報(bào)告: a converter to traditional characters leaves a character's pinyin
# in brackets after it.  Debris, not the report's words: a name or a title (報告) is read
# and searched as the report wrote it.  Only lowercase pinyin with a tone mark, right after a
# Han character, so (a) and (GB/T) stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"([\u4e00-\u9fff])[(（][a-zü]{{0,5}}[{_TONED}][a-zü{_TONED}]{{0,5}}[)）]")


def _without_pinyin(raw: str) -> str:
    return _PINYIN.sub(r"\1", raw) if "(" in raw or "（" in raw else raw


_MD_HEADING = re.compile(r"#{1,6}\s+")
_PAGE_NUMBER = re.compile(r"[-—–]+\s*\d{1,4}\s*[-—–]+")
_NUM = "一二三四五六七八九十百零〇"
_HEADING = re.compile(
    rf"(?:[{_NUM}]+,?[、.]|\([{_NUM}]+\)|\d{{1,2}}(?:[、.](?!\d))|\(\d{{1,2}}\)"
    rf"|第[{_NUM}\d]+[章节编]|第[{_NUM}]+部分)"
)
_ENUM_START = re.compile(rf"[{_NUM}]是")  # 一是 / 二是: the body after a heading
_DATE_LINE = re.compile(
    r"(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月"
    r"[一二三四五六七八九十]{1,3}日)(?:印发|发布)?"
)
_DOC_NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【]\d{4}[〕\])】]\d{1,5}号")
_AGENCY_LINE = re.compile(
    r"[\u4e00-\u9fff()]{2,30}?(?:局|委|委员会|厅|办|办公室|政府|中心|院|所|部|署|站|队|司|会)"
)
_NOT_AGENCY = re.compile(r"法治政府|法治建设|关于|报告|情况|\d")  # title fragments
_TITLE_END = re.compile(r"(?:报告|总结|汇报|報告|總結|匯報)$")  # traditional pages too
_ATTACHMENT = re.compile(r"^附件\d{0,2}[:.、]?")
# a sentence, not a title
_NOT_TITLE = re.compile(r"[,;:。]|^(?:现将|根据|按照|特此|经|对照|現將|根據)")

_SENTENCE_END = frozenset("。!?;:！？；：")
_CLOSERS = "”’」』)）》]】"
_JOINERS = frozenset(",，、(（“‘《【〔—-/")
_HEAD_ZONE_LINES = 8
_TITLE_ZONE = 16  # lines where a title may stand, after a cover letter or page chrome
_DEFAULT_LINE_WIDTH = 28.0  # GB/T 9704: 28 characters a line on an A4 公文 page


def _width(s: str) -> float:
    """Printed width in Han-character units: ASCII letters and digits are half wide."""
    ascii_count = len(s) - (len(s.encode("utf-8")) - len(s)) // 2
    ascii_punct = sum(s.count(c) for c in ",;:!?()")  # full-width ones, folded
    return len(s) - ascii_count + 0.5 * ascii_count + 0.5 * ascii_punct


class _Line:
    """A line as written (``text``) and its folded form (``key``) the rules read."""

    __slots__ = ("text", "key", "hard_start", "standalone", "heading", "ends_sentence", "_width")

    def __init__(self, text: str, key: str, hard_start: bool, standalone: bool) -> None:
        self.text = text
        self.key = key
        self.hard_start = hard_start
        self.standalone = standalone
        self.heading = _HEADING.match(key) is not None
        if self.heading and key[0] == "第" and (len(key) > 30 or "。" in key):
            self.heading = False  # 第二章规定的… wrapped mid-sentence, not a chapter title
        tail = key.rstrip(_CLOSERS) or key
        self.ends_sentence = tail[-1] in _SENTENCE_END
        self._width = -1.0

    @property
    def width(self) -> float:
        if self._width < 0:
            self._width = _width(self.key)
        return self._width


def _prepare(raw: str) -> list[_Line]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS_TRANSLATE.search(text):  # translate() is slow on CJK text: only when needed
        text = text.translate(_CONTROLS)
    text = split_run_on(text)
    text = _RULE_LINE.sub("", text)
    text = _BOOKMARK.sub("", text).replace("**", "")
    text = _HARD_START.sub(_mark_hard_start, "\n" + text)[1:]
    text = expand(_SPACES_IN_CJK.sub("", text))
    lines: list[_Line] = []
    prev_text = ""
    for raw_line in text.split("\n"):
        s = raw_line.strip()
        if not s:
            continue
        hard = standalone = False
        if s[0] in "\x01\x02":
            hard, standalone = True, s[0] == "\x02"
            s = s[1:].lstrip()
        if s[:1] == "#":  # s may be empty: a paragraph mark on a blank line
            m = _MD_HEADING.match(s)
            if m:
                s = s[m.end() :]
                hard = standalone = True
        if not s:
            continue
        key = fold(s)
        if _PAGE_NUMBER.fullmatch(key):
            continue
        if key[0] == "|" and key[-1] == "|":
            standalone = True  # markdown table row
        elif len(key) <= 24 and (
            _DATE_LINE.fullmatch(key) or _DOC_NUMBER_LINE.fullmatch(key) or key.startswith("签发人")
        ):
            standalone = True
        if prev_text == key:
            hard = True  # a title repeated on the next line is not its continuation
        prev_text = key
        lines.append(_Line(s, key, hard or standalone, standalone))
    return lines


def _line_width_limit(lines: list[_Line]) -> float:
    """The width below which an unpunctuated line is taken to end its paragraph.

    Estimated from the document's wrapped lines (their common width is the page's line
    width), so narrow layouts work too; Word exports with one line per paragraph have
    too few such lines and get the 公文 standard.
    """
    widths = sorted(
        w for ln in lines if not ln.ends_sentence and not ln.heading and 12 <= (w := ln.width) <= 60
    )
    full = widths[(len(widths) * 3) // 4] if len(widths) >= 10 else _DEFAULT_LINE_WIDTH
    return max(8.0, min(full, 40.0) - 4.5)


def _agency_like(s: str) -> bool:
    return _AGENCY_LINE.fullmatch(s) is not None and _NOT_AGENCY.search(s) is None


def _title_continues(lines: list[_Line], i: int, short: float) -> bool:
    """Whether line i (a short line at the top) is the first part of a wrapped title."""
    first = lines[i].key
    if _agency_like(first) or _TITLE_END.search(first) or ":" in first:
        return False
    for nxt in lines[i + 1 : i + 3]:
        if nxt.standalone or nxt.heading or nxt.ends_sentence or nxt.width >= short:
            return False
        if _agency_like(nxt.key):
            return False
        if _TITLE_END.search(nxt.key):
            return True
    return False


def _is_title(parts: list[str]) -> bool:
    """Whether the paragraph so far (ending with 报告/总结) is a report's title."""
    key = _ATTACHMENT.sub("", fold("".join(parts)), count=1)  # 附件：X关于…的报告
    return len(key) <= 80 and _NOT_TITLE.search(key) is None


def _glue(left: str, right: str) -> str:
    a, b = left[-1], right[0]
    latin = a.isascii() and b.isascii() and a.isalnum() and b.isalnum()
    # Two Latin words wrapped at a line end; a number wrapped mid-way stays one number.
    return " " if latin and not (a.isdigit() and b.isdigit()) else ""


def clean_report(raw: str) -> tuple[str, dict[str, str]]:
    """(cleaned text, the web page's information table): see search.chrome."""
    body, info = split_chrome(_without_pinyin(raw))
    return clean_text(body, chrome=False), info


def clean_text(raw: str, chrome: bool = True) -> str:
    """Readable text with one paragraph a line, in the report's own characters.

    Only list markers are rewritten (① -> (1), see search.fold); every rule reads
    the folded form of a line, so （一） and (一) are the same heading.
    """
    raw = _without_pinyin(raw)
    if chrome:
        raw = split_chrome(raw)[0]
    lines = _prepare(raw)
    if not lines:
        return ""
    short = _line_width_limit(lines)
    long_line = short + 7.5  # wider than any printed line: not wrapped by the page
    paragraphs: list[str] = []
    parts: list[str] = [lines[0].text]
    is_heading = lines[0].heading
    has_sentence = lines[0].ends_sentence or "。" in lines[0].text
    in_head = not (lines[0].ends_sentence or lines[0].heading)
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        last = prev.text[-1]
        if i >= _HEAD_ZONE_LINES or prev.ends_sentence or prev.heading:
            in_head = False
        if line.hard_start or line.heading or prev.standalone or prev.ends_sentence:
            join = False
        elif i < _TITLE_ZONE and _TITLE_END.search(prev.key) and _is_title(parts):
            join = False  # a title is a paragraph of its own, however wide
        elif i + 1 < len(lines) and lines[i + 1].standalone and line.width < short:
            join = False  # a signature line right above its date
        elif last in _JOINERS:
            join = True
        elif (
            is_heading
            and not has_sentence
            and (_ENUM_START.match(line.key) or prev.width > long_line)
        ):
            join = False
        elif prev.width < short:
            join = in_head and _title_continues(lines, i - 1, short)
        else:
            join = True
        if join:
            parts.append(_glue(parts[-1], line.text) + line.text)
            has_sentence = has_sentence or "。" in line.text or line.ends_sentence
        else:
            paragraphs.append("".join(parts))
            parts = [line.text]
            is_heading = line.heading
            has_sentence = line.ends_sentence or "。" in line.text
    paragraphs.append("".join(parts))
    return "\n".join(paragraphs)
