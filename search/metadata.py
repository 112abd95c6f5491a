"""What a cleaned report says about itself: agency, region, year, date, number, title.

clean_text keeps the short lines at the top (agency heading, title, 发文字号, a cover
letter's salutation) and at the end (signature, date) as paragraphs of their own; the
rules here read those, the web page's information table (search.chrome) and the
opening sentence, preferring the most explicit, and record where each field came from
(``Metadata.meta_source``).  Rules read the folded text; title and agency are returned
in the report's own characters.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from . import gazetteer, namecollect, naming, selfref
from .fold import fold
from .hanzi import simplified
from .model import Metadata
from .signature import CN_DIGITS, cn_number, cover_letter, info_date, signature
from .titles import DOC_NUMBER as _DOC_NUMBER
from .titles import REPORT_TITLE as _REPORT_TITLE
from .titles import TITLE_WORD as _TITLE_WORD
from .titles import after_chrome, law_issuer, report_title, title_issuer, without_page_words

_HEAD = 8  # paragraphs searched for the header block
_TITLE_SCAN = 14  # paragraphs searched for a title after a cover letter or page chrome
_PLACE_SCAN = 5000  # characters read for the county a town's report names

_HAN = r"\u4e00-\u9fff"
_YEAR = re.compile(rf"(\d{{4}}|[{CN_DIGITS}]{{4}})年")
_OPENING_YEAR = re.compile(r"(\d{4})年(?!\d{1,2}月)")
# 现将我局2022年法治政府建设情况报告如下: the year the report covers, in its own words.
_REPORT_YEAR = re.compile(
    r"现将[^。]{0,30}?(\d{4})年度?[^。]{0,24}?(?:法治|依法行政)[^。]{0,30}?(?:报告|汇报|总结)"
)
# 现将2025年工作情况总结如下: the same, where the sentence does not repeat 法治
_REPORT_YEAR_PLAIN = re.compile(
    r"现[将对][^。]{0,12}?(\d{4})年度?[^。]{0,12}?(?:报告|汇报|总结)如下"
)
# 根据…要求,现将庆隆镇2020年度法治政府建设情况报告如下: a sentence, however short, not a title
_LEAD_IN = re.compile(r"^(?:根据|按照|现将)|如下[:。]?$")
# 区财政局认真梳理总结2025年度法治政府建设情况,现报告如下 / 认真梳理2022年法治建设工作
# (d316): the year it sums up
_SUMMED_YEAR = re.compile(
    r"(?:总结|梳理)(\d{4})年度?[^。]{0,12}?(?:法治|依法行政)[^。]{0,16}?(?:情况|工作)"
)
# 一、2023年总体情况 / 2023年,我局坚持…: the year in the first heading or paragraphs
_EARLY_YEAR = re.compile(r"(?:[一二]、)?(\d{4})年度?(?:以来)?(?:,|总体|工作|法治|推进)")
# 湘潭县自然资源局…报告(潭县自然资字〔2025〕79号)县委、县人民政府: (d304) title, its own
# number and the salutation run into one line
_TITLE_THEN_NUMBER = re.compile(
    rf"^([^。:]{{6,60}}?(?:报告|总结))\(([{_HAN}]{{1,12}}〔\d{{4}}〕第?\d{{1,5}}号)\)"
)
_HEADER_DATE = re.compile(r"\((\d{4})年(\d{1,2})月(\d{1,2})日\)")
# (2025年4月29日在杭州市第十四届人民代表大会常务委员会第十七次会议上): the day a report was
# delivered, above it; never the year it covers (2023年,杭州市…)
_DELIVERED = re.compile(r"\(\d{4}年\d{1,2}月\d{1,2}日[^()]{0,60}\)")
_HEADING_START = re.compile(
    r"[一二三四五六七八九十]+,?[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[、.]"
)
_is_agency = naming.is_agency
_ALIAS = re.compile(r"\(简称[^()]{1,20}\)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处)$")
_TOWN_NAME = re.compile(r"街道$")
# 云南省委、省政府 / 陈仓区委、区政府 / 宁夏回族自治区党委和政府: a place's party committee
# and government together
_PARTY_AND_GOVERNMENT = re.compile(
    rf"(?:中共)?([{_HAN}]{{1,12}}?[省市区县州盟旗])党?委(?:、|和|及)[省市区县州盟旗]?政府"
)


def _year_of(s: str) -> int | None:
    m = _YEAR.search(s)
    if not m:
        return None
    y = int(m.group(1)) if m.group(1).isdigit() else cn_number(m.group(1))
    return y if 1949 <= y <= 2100 else None


def _head(paras: list[str]) -> list[str]:
    head = []
    for p in paras[:_HEAD]:
        if len(p) > 80 or "。" in p or _HEADING_START.match(p) or _LEAD_IN.search(p):
            break
        head.append(p)
    return head


def _same(a: str, b: str) -> bool:
    """Two forms of one name: 江门市江海区卫生健康局 and 江海区卫生健康局, 东区街道(办事处),
    仁和镇 and 仁和镇人民政府 (a town or place and its government)."""
    a, b = _GOVERNMENT.sub("", a), _GOVERNMENT.sub("", b)
    if a.endswith(b) or b.endswith(a):
        return True
    # 焉耆回族自治县 and 焉耆县: one county, as the gazetteer knows it
    if naming.is_place(a) and naming.is_place(b):
        codes = {d.code for d in gazetteer.lookup(gazetteer.leading_places(a)[-1])}
        return bool(codes & {d.code for d in gazetteer.lookup(gazetteer.leading_places(b)[-1])})
    return False


def _as_written(value: str, folded: str, shown: str) -> str:
    """``value`` (read on the folded text) in the report's own characters."""
    i = folded.find(value) if value else -1
    return shown[i : i + len(value)] if i >= 0 else value


def extract_metadata(
    text: str, info: dict[str, str] | None = None, folded: str | None = None
) -> Metadata:
    """Metadata of a cleaned report; fields the text does not give stay empty.

    ``info`` is the web page's information table (search.chrome.split_chrome);
    ``folded`` is ``fold(text)`` when the caller has it already.
    """
    shown, text = text, simplified(fold(text) if folded is None else folded)
    info = {k: simplified(fold(v)).strip() for k, v in (info or {}).items()}
    paras = [p for p in text.split("\n") if p]
    if not paras and not info:
        return Metadata()
    source: dict[str, str] = {}
    skip, cover_agency, cover_date = cover_letter(paras)
    head = _head(paras[skip:])
    title = report_title(head)
    if not _TITLE_WORD.search(title):  # chrome or a cover letter above: look further
        title = next(
            (
                p
                for p in paras[: skip + _TITLE_SCAN]
                if len(p) <= 80
                and "。" not in p
                and _TITLE_WORD.search(p)
                and _REPORT_TITLE.search(p)
                and not p.startswith(("现将", "根据"))
            ),
            title,
        )
    numbered = next((m for p in head if (m := _TITLE_THEN_NUMBER.match(p))), None)
    if numbered and not _TITLE_WORD.search(title):
        title = numbered.group(1)
    title = after_chrome(without_page_words(title))
    if not title and info.get("title"):
        title, source["title"] = info["title"], "info_table"
    elif title:
        source["title"] = "title"
    signer, signed, printed = signature(paras, body=skip + len(head))

    # a cover letter's own header (X文件, 发文字号) stands above its salutation
    letter_head = _head(paras[:skip]) if skip else []
    header = next(
        (p[:-2] for p in letter_head + head if p.endswith("文件") and _is_agency(p[:-2])), ""
    )
    heading = next((p for p in head[:3] if _is_agency(p)), "")
    info_agency = info.get("agency", "")
    info_agency = info_agency if _is_agency(info_agency) else ""
    body_start = skip + len(head)
    opening = paras[body_start] if body_start < len(paras) else ""
    # the first body paragraphs, headings aside: 根据…现将…报告如下 / 一、… / 2023年,X局…
    early_body = [p for p in paras[body_start : body_start + 4] if not _HEADING_START.match(p)][:3]
    opened = next(filter(None, map(naming.opening_subject, early_body)), "")
    candidates = [
        (signer, "signature"),
        (cover_agency, "signature"),
        (header, "header"),
        (heading, "header"),
        (title_issuer(title), "title"),
        (info_agency, "info_table"),
        (opened, "opening"),
        (naming.report_subject(paras[body_start : body_start + 3]), "opening"),
        (law_issuer("\n".join(head)), "header"),
        (selfref.own_document_issuer(text), "opening"),
    ]
    if joint := _PARTY_AND_GOVERNMENT.fullmatch(candidates[6][0]):  # 长春市委、市政府坚持…
        candidates[6] = (naming.place_government(joint.group(1)), "opening")
    for i in (5, 6, 7, 9):  # weak sources: a name the text's own 我局 / 我镇 denies is left out
        if candidates[i][0] and selfref.contradicts_self(candidates[i][0], text):
            candidates[i] = ("", candidates[i][1])
    titled, subject = candidates[4][0], candidates[6][0]
    if (
        info_agency
        and subject
        and not naming.is_short_form(subject)
        and not _same(info_agency, subject)
        and not _same(naming.place_in(info_agency) or info_agency, subject)
    ):  # 发布机构 县司法局 over 县交通运输局's report: the site that published it, not its author
        candidates[5] = ("", "info_table")
    if heading and titled and not _same(heading, titled):
        candidates[3] = ("", "header")  # the title names another issuer: a site's name above it
    elif (
        heading
        and subject
        and not (signer or cover_agency or header or naming.is_short_form(subject))
        and not _same(heading, subject)
    ):  # the line above the title and the opening name two bodies: unsure, so neither
        candidates = [(a, s) for a, s in candidates if a not in (heading, subject)]
    agency, agency_source = next(((a, s) for a, s in candidates if a), ("", ""))
    for other, other_source in candidates[:6]:  # a fuller form of the same name wins
        # 东区街道 in the title, 中山市人民政府东区街道办事处 in the table: one office
        fuller = other.endswith(agency) or (
            _TOWN_NAME.search(agency) is not None and other.endswith(agency + "办事处")
        )
        if fuller and len(other) > len(agency):
            agency, agency_source = other, other_source
    joint = _PARTY_AND_GOVERNMENT.fullmatch(agency)
    if (
        joint
    ):  # 陈仓区委、区政府: a 法治政府 report is the government's; 巴州党委、政府: which 巴州?
        agency = naming.place_government(joint.group(1))
    agency = naming.expand(naming.complete(agency, text), text)
    # 县委、县政府 / 我区, and 印发《金平县…》: the government its own documents name
    own = (
        selfref.own_government(agency or opened, text, naming.opening_scope(opening))
        if not agency or naming.is_short_form(agency)
        else ""
    )
    if own:
        agency, agency_source = own, "opening"
    if not agency:  # a form no rule reads: the one full name the header and opening write
        collected = namecollect.only_name(paras[: body_start + 1])
        if collected and not selfref.contradicts_self(collected, text):
            agency, agency_source = collected, "opening"
    agency = _ALIAS.sub("", agency)  # 天津经济技术开发区管理委员会(简称经开区管委会)
    named_level = naming.level_of(agency)
    if naming.is_short_form(agency) or naming.is_bare(agency):
        # 省卫生健康委 and the text never says which province; 教育局 with no place at all:
        # not a guess
        agency = ""
    if agency:
        source["agency"] = agency_source

    # 发文字号 belongs to the header block; one cited in the body is another document's
    doc_number = next(
        (
            m.group(0)
            for p in letter_head + head
            if (m := _DOC_NUMBER.match(p)) and _own_number(p, m)
        ),
        "",
    )
    if not doc_number and numbered:
        doc_number = numbered.group(2)
    if doc_number:
        source["doc_number"] = "header"
    elif info.get("doc_number") and _DOC_NUMBER.fullmatch(info["doc_number"]):
        doc_number, source["doc_number"] = info["doc_number"], "info_table"

    date, date_source = signed or cover_date or printed, "signature"
    if date is None:  # 湖南省农业农村厅 / (2024年1月31日) under the title: the date it is signed
        dated = next((m for p in head if (m := _HEADER_DATE.fullmatch(p))), None)
        if dated:
            date, date_source = _date_of(dated), "header"
    if date is None and info.get("date"):
        date, date_source = info_date(info["date"]), "info_table"
    if date:
        source["date"] = date_source

    year, year_source = _year_of(_DELIVERED.sub("", title)), source.get("title", "title")
    if year is None:
        early = paras[body_start : body_start + 4]
        m = next((m for p in early[:3] if (m := _REPORT_YEAR.search(p))), None)
        m = m or next((m for p in early[:3] if (m := _REPORT_YEAR_PLAIN.search(p))), None)
        m = m or next((m for p in early[:3] if (m := _SUMMED_YEAR.search(p))), None)
        m = m or _OPENING_YEAR.match(opening)
        m = m or next((m for p in early if (m := _EARLY_YEAR.match(p))), None)
        year = int(m.group(1)) if m and 1949 <= int(m.group(1)) <= 2100 else None
        year_source = "opening"
    if year is None and date:
        # Reports on a year are due by 1 April of the next (法治政府建设与责任落实督察工作规定).
        year = date.year - 1 if date.month < 4 else date.year
        year_source = source["date"]
    if year is not None:
        source["year"] = year_source

    branch = naming.branch_places(agency)  # 广州市公安局增城区分局 is 增城区's
    region = (
        gazetteer.resolve(branch, text)
        if branch
        else gazetteer.region_of(naming.place_in(agency), text)
    )
    if not region.name and (zone := naming.zone_city(agency)):
        region = dataclasses.replace(gazetteer.resolve([zone], text), level="")
    places = gazetteer.leading_places(naming.place_in(agency))
    if named_level == naming.LEVEL_TOWN and len(places) == 1 and len(places[0]) <= 2:
        region = gazetteer.Region()  # 东区街道 is a street's name, not 攀枝花's 东区
    if named_level == naming.LEVEL_TOWN and region.name and not region.province:
        region = gazetteer.Region()  # 河东区汤头街道: which 河东区 the text does not say
    if named_level == naming.LEVEL_TOWN and not region.name:
        # towns are not in the table: the one county the text names holds it
        county = gazetteer.only_named("县", text[:_PLACE_SCAN], at_least=1)
        placed = gazetteer.resolve([county], text) if county else region
        # 朝阳区 (北京 or 长春?) unsettled by the text: a bare county name would be a guess
        region = placed if placed.province else region
    if named_level in (naming.LEVEL_TOWN, naming.LEVEL_NATIONAL):
        level = named_level  # 东湖街道 lies in a district, but is a town-level body
    else:
        level = region.level or named_level
    level_source = agency_source
    if not level and not agency:
        level = next(filter(None, map(naming.opening_level, early_body)), "")
        level = level or next(filter(None, map(naming.town_subject_level, early_body)), "")
        level = level or selfref.self_level(text) or selfref.scope_level(text)
        level_source = "opening"
    if region.name:
        source["region"] = agency_source
    for name in ("province", "city", "county"):
        if getattr(region, name):
            source[name] = agency_source
    if level:
        source["level"] = level_source
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
        doc_number=_as_written(doc_number, text, shown),
        meta_source=source,
    )


def _date_of(m: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _own_number(paragraph: str, m: re.Match[str]) -> bool:
    """A 发文字号 line of the header, not a sentence citing another document's number."""
    rest = paragraph[m.end() :].strip()
    return not rest or rest.startswith("签发人")
