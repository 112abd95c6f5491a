"""What a cleaned report says about itself: agency, region, year, date, number, title.

clean_text keeps the short lines at the top (agency heading, title, 发文字号) and at the
end (signature, date) as paragraphs of their own; the rules here read those.
"""

from __future__ import annotations

import datetime
import re

from . import gazetteer
from .fold import fold
from .model import Metadata

_HEAD = 8  # paragraphs searched for the header block
_TAIL = 8  # paragraphs searched for the signature
_SHORT = 40  # longer paragraphs are body text
_DISTRIBUTION = ("抄送", "抄报", "主送", "附件")  # 版记 lines below or around a signature

_HAN = r"\u4e00-\u9fff"
_AGENCY_SUFFIX = r"(?:局|委|委员会|厅|办公室|政府|中心|院|所|部|署|站|队|司|馆|会|处|办)"
_AGENCY = re.compile(rf"[{_HAN}()、]{{1,40}}?{_AGENCY_SUFFIX}")  # 、: joint issuers
_NOT_AGENCY = re.compile(r"法治政府|法治建设|关于|报告|情况|\d|印发|抄送|主送")
_CN_DIGITS = "〇○零一二三四五六七八九"
# Common short forms of agency names and their full forms, longest first.
_ABBREVIATIONS = (
    ("卫健委", "卫生健康委员会"),
    ("卫健委", "卫生健康委"),
    ("卫健局", "卫生健康局"),
    ("发改委", "发展和改革委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("市监局", "市场监督管理局"),
)
_CN_VALUE = {c: max(0, _CN_DIGITS.index(c) - 2) for c in _CN_DIGITS}
_DATE = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日"
    rf"|([{_CN_DIGITS}]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日"
)
_DOC_NUMBER = re.compile(rf"[{_HAN}]{{1,12}}[〔\[(【]\d{{4}}[〕\])】]第?\d{{1,5}}号")
_TITLE_WORD = re.compile(r"(?:报告|总结|汇报)$")
_YEAR = re.compile(rf"(\d{{4}}|[{_CN_DIGITS}]{{4}})年")
_OPENING_YEAR = re.compile(r"(\d{4})年(?!\d{1,2}月)")
_DOT_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])[·•・](?=[{_HAN}])")
_HEADING_START = re.compile(
    r"[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[、.]"
)
# The enacting body in the header of a law: "…上海市第十五届人民代表大会常务委员会第二十一次会议".
_CONGRESS = re.compile(
    rf"([{_HAN}]{{0,12}}?)第[一二三四五六七八九十]+届(全国人民代表大会|人民代表大会)(常务委员会)?"
    r"第[一二三四五六七八九十\d]+次会议(?:审议)?(?:通过|批准)"
)
_DECREE = re.compile(rf"^([{_HAN}、]{{2,40}}?)(?:令第\d+号|公告)?(?:公布|发布|批准)$", re.M)


def _is_agency(p: str) -> bool:
    return len(p) <= 40 and _AGENCY.fullmatch(p) is not None and not _NOT_AGENCY.search(p)


def _cn_number(s: str) -> int:
    """二〇二二 -> 2022 (digit by digit); 二十五 -> 25, 十二 -> 12 (months and days)."""
    if "十" not in s:
        return int("".join(str(_CN_VALUE[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


def _parse_date(m: re.Match[str]) -> datetime.date | None:
    try:
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            y, mo, d = _cn_number(m.group(4)), _cn_number(m.group(5)), _cn_number(m.group(6))
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def _year_of(s: str) -> int | None:
    m = _YEAR.search(s)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1).isdigit() else _cn_number(m.group(1))
    return y if 1949 <= y <= 2100 else None


def _signature(paras: list[str]) -> tuple[str, datetime.date | None, datetime.date | None]:
    """(agency, signature date, 印发 date) read upwards from the end of the text.

    The signature is a date line with the agency on it or right above it; a printing
    office line above a …印发 date (新县卫生健康委员会办公室 / 2022年2月25日印发) is a footer.
    """
    agency, signed, printed = "", None, None
    tail = paras[-_TAIL:]
    footer = -1
    for i in range(len(tail) - 1, -1, -1):
        p = tail[i]
        if p.startswith(_DISTRIBUTION):
            continue
        if len(p) > _SHORT:
            break  # reached the body
        m = _DATE.search(p)
        if not m:
            continue
        before, after = p[: m.start()], p[m.end() :]
        if after in ("印发", "印"):
            printed = printed or _parse_date(m)
            footer = i - 1
        elif not after and signed is None and (not before or _is_agency(before)):
            signed = _parse_date(m)
            above = tail[i - 1] if i > 0 else ""
            agency = before or (above if _is_agency(above) else "")
            break
    if not agency:  # no dated signature: an agency line closing the text
        first = max(0, len(tail) - 3)
        closing = (p for i, p in enumerate(tail[first:], first) if i != footer and _is_agency(p))
        agency = next(closing, "")
    return agency, signed, printed


def _head(paras: list[str]) -> list[str]:
    head = []
    for p in paras[:_HEAD]:
        if len(p) > 80 or "。" in p or _HEADING_START.match(p):
            break
        head.append(p)
    return head


def _title(head: list[str]) -> str:
    candidates = [
        p
        for p in head
        if not (
            _is_agency(p)
            or _DOC_NUMBER.fullmatch(p)
            or p.startswith("签发人")
            or p.endswith("文件")
            or p.endswith(":")
            or _DATE.fullmatch(p)
        )
    ]
    best = next((p for p in candidates if _TITLE_WORD.search(p)), None)
    title = best or (candidates[0] if candidates else "")
    return _DOT_BETWEEN_HAN.sub("", title).strip()


def _law_issuer(head_text: str) -> str:
    """The enacting body named in the header lines of a law or regulation."""
    head_text = _DATE.sub("\n", head_text)  # "2020年5月14日上海市第十五届…": keep the place only
    m = _CONGRESS.search(head_text)
    if m:
        place = "" if m.group(2).startswith("全国") else m.group(1)
        return place + m.group(2) + (m.group(3) or "")
    for m in _DECREE.finditer(head_text):
        if _is_agency(name := m.group(1).removeprefix("中华人民共和国")):
            return name
    return ""


def _complete(agency: str, text: str) -> str:
    """区卫生健康局 -> 江门市江海区卫生健康局 when the text itself names it in full."""
    if not agency or agency[0] not in "省市区县" or gazetteer.leading_places(agency):
        return agency
    core, best = agency[1:], ""
    for m in re.finditer(re.escape(core), text):
        window = text[max(0, m.start() - 12) : m.start()]
        if not window.endswith(agency[0]):
            continue
        for k in range(len(window) - 1):  # the longest run of place names before the core
            if "".join(gazetteer.leading_places(window[k:])) == window[k:]:
                best = max(best, window[k:], key=len)
                break
    return best + core if best else agency


def _expand(agency: str, text: str) -> str:
    """解放区卫健委 -> 解放区卫生健康委员会, but only when the text itself writes that name."""
    for short, full in _ABBREVIATIONS:
        if short in agency:
            longer = agency.replace(short, full)
            if longer in text:
                return longer
    return agency


def _as_written(value: str, folded: str, shown: str) -> str:
    """``value`` (read on the folded text) in the report's own characters."""
    i = folded.find(value) if value else -1
    return shown[i : i + len(value)] if i >= 0 else value


def extract_metadata(text: str) -> Metadata:
    """Metadata of a cleaned report; fields the text does not give stay empty."""
    shown, text = text, fold(text)
    paras = [p for p in text.split("\n") if p]
    if not paras:
        return Metadata()
    head = _head(paras)
    title = _title(head)
    signer, signed, printed = _signature(paras)

    header = next((p[:-2] for p in head if p.endswith("文件") and _is_agency(p[:-2])), "")
    heading = next((p for p in head[:3] if _is_agency(p)), "")
    m = re.match(rf"([{_HAN}]{{2,30}}?)(?:关于|\d{{4}}年)", title)
    prefix = m.group(1) if m and _is_agency(m.group(1)) else ""
    agency = signer or header or heading or prefix or _law_issuer("\n".join(head))
    for other in (header, heading, prefix):  # a fuller form of the same name wins
        if other.endswith(agency) and len(other) > len(agency):
            agency = other
    agency = _expand(_complete(agency, text), text)

    # 发文字号 belongs to the header block; one cited in the body is another document's
    doc_number = next((m.group(0) for p in head if (m := _DOC_NUMBER.search(p))), "")
    date = signed or printed
    year = _year_of(title)
    if year is None:
        body = paras[len(head)] if len(head) < len(paras) else ""
        m = _OPENING_YEAR.match(body)
        year = int(m.group(1)) if m and 1949 <= int(m.group(1)) <= 2100 else None
    if year is None and date:
        # Reports on a year are due by 1 April of the next (法治政府建设与责任落实督察工作规定).
        year = date.year - 1 if date.month < 4 else date.year

    region = gazetteer.region_of(agency.removeprefix("中共"), text)
    level = region.level
    if not level and agency[:1] in ("区", "县"):
        level = gazetteer.LEVEL_COUNTY  # 区卫生健康局: a district's agency, wherever it is
    return Metadata(
        title=_as_written(title, text, shown),
        agency=_as_written(agency, text, shown),
        region=region.name,
        province=region.province,
        city=region.city,
        county=region.county,
        level=level,
        year=year,
        date=date.isoformat() if date else "",
        doc_number=doc_number,
    )
