"""Where and when a report is signed: its closing signature, a cover letter's, dates.

A signature is a date line with the agency on it or right above it, read upwards from
the end of the text; a cover letter to 市委、市政府 before the report ends with one too,
and its date is the submission date.  All functions read folded text (search.fold).
"""

from __future__ import annotations

import datetime
import re

from .naming import is_agency

_TAIL = 8  # paragraphs searched for the signature
_SHORT = 40  # longer paragraphs are body text
_DISTRIBUTION = ("抄送", "抄报", "主送", "附件")  # 版记 lines below or around a signature
_HAN = r"\u4e00-\u9fff"
CN_DIGITS = "〇○零一二三四五六七八九"
_CN_VALUE = {c: max(0, CN_DIGITS.index(c) - 2) for c in CN_DIGITS}
DATE = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日"
    rf"|([{CN_DIGITS}]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日"
)
_ISO_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})")
# A cover letter's salutation: 市委、市政府: / 区人大常委会:
_SALUTATION = re.compile(rf"[{_HAN}、]{{2,30}}(?:委|政府|常委会|人大|政协|厅|局|部|办公室):")


def cn_number(s: str) -> int:
    """二〇二二 -> 2022 (digit by digit); 二十五 -> 25, 十二 -> 12 (months and days)."""
    if "十" not in s:
        return int("".join(str(_CN_VALUE[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


def parse_date(m: re.Match[str]) -> datetime.date | None:
    try:
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            y, mo, d = cn_number(m.group(4)), cn_number(m.group(5)), cn_number(m.group(6))
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def info_date(value: str) -> datetime.date | None:
    m = DATE.search(value)
    if m:
        return parse_date(m)
    m = _ISO_DATE.search(value)
    try:
        return datetime.date(*map(int, m.groups())) if m else None
    except ValueError:
        return None


def signature(
    paras: list[str], tail: int = _TAIL, body: int = 0
) -> tuple[str, datetime.date | None, datetime.date | None]:
    """(agency, signature date, 印发 date) read upwards from the end of ``paras``.

    The signature is a date line with the agency on it or right above it; a printing
    office line above a …印发 date (新县卫生健康委员会办公室 / 2022年2月25日印发) is a footer.
    Paragraphs before ``body`` (the header of a short text) are never a signature.
    """
    agency, signed, printed = "", None, None
    tail_paras = paras[max(body, len(paras) - tail) :]
    footer = -1
    for i in range(len(tail_paras) - 1, -1, -1):
        p = tail_paras[i]
        if p.startswith(_DISTRIBUTION):
            continue
        if len(p) > _SHORT:
            break  # reached the body
        m = DATE.search(p)
        if not m:
            continue
        before, after = p[: m.start()].strip(), p[m.end() :]
        if after in ("印发", "印"):
            printed = printed or parse_date(m)
            footer = i - 1
        elif not after and signed is None and (not before or is_agency(before)):
            signed = parse_date(m)
            above = tail_paras[i - 1] if i > 0 else ""
            agency = before or (above if is_agency(above) else "")
            break
    if not agency:  # no dated signature: an agency line closing the text
        first = max(0, len(tail_paras) - 3)
        closing = (
            p for i, p in enumerate(tail_paras[first:], first) if i != footer and is_agency(p)
        )
        agency = next(closing, "")
    return agency, signed, printed


def cover_letter(paras: list[str]) -> tuple[int, str, datetime.date | None]:
    """(paragraphs it takes, its signer, its date) of a letter sent with the report.

    It opens with a salutation (市委、市政府:) and ends with a dated signature before
    the report's own title; (0, "", None) when there is none.
    """
    top = next((i for i, p in enumerate(paras[:6]) if _SALUTATION.fullmatch(p)), None)
    if top is None:
        return 0, "", None
    for end in range(top + 1, min(len(paras), top + 12)):
        if DATE.fullmatch(paras[end]) or (
            (m := DATE.search(paras[end]))
            and not paras[end][m.end() :]
            and is_agency(paras[end][: m.start()].strip())
        ):
            nxt = paras[end + 1] if end + 1 < len(paras) else ""
            if nxt and len(nxt) <= 80 and "。" not in nxt:  # the report's own head follows
                agency, signed, _ = signature(paras[: end + 1], tail=3)
                return end + 1, agency, signed
            return 0, "", None
    return 0, "", None
