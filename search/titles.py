"""A report's title, and the issuer its title (or a law's header) names.

Titles come in many forms: 厦门市生态环境局关于2024年…的报告, X2022年度…报告, a title naming
its place (静海区2023年度…: the district's government), a title run into a page's words
(其他文件浙江省商务厅关于…), a cover letter's 附件: line.  All functions read folded text.
"""

from __future__ import annotations

import re

from . import gazetteer, naming
from .signature import DATE

_HAN = r"\u4e00-\u9fff"
DOC_NUMBER = re.compile(rf"[{_HAN}]{{1,12}}[〔\[(【]\d{{4}}[〕\])】]第?\d{{1,5}}号")
TITLE_WORD = re.compile(r"(?:报告|总结|汇报)$")
_TITLE_OF_YEAR = re.compile(r"\d{4}年度?[^。,:]{0,16}(?:法治|依法行政)[^。,:]{0,16}情况$")
REPORT_TITLE = re.compile(r"法治|依法行政|依法治")
# words a title's issuer may start with (国家税务总局宁波市税务局), not a page's
_NOT_PAGE_WORDS = re.compile(r"关于|年|《|\d|局|委|厅|部|署|院|办|会|中共")
_ATTACHMENT = re.compile(r"附件\d{0,2}[:.、]?\s*")
# 市司法局>专题专栏>法治政府建设工作情况报告: a site's breadcrumb ending in its section's name,
# never the title (the title is the line below it)
_BREADCRUMB = re.compile(r"[>»›＞]")
_DOT_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}])[·•・](?=[{_HAN}])")

# A title's issuer: X关于2024年…, X2022年度…; or a place after the year: 2020年静海区法治…
_TITLE_STOP = re.compile(
    r"(?:发布|公布|印发)?(?:关于|\d{4}年|年度|上半年|法治|依法行政|推进法治|贯彻落实|党政主要负责)"
)
_TITLE_NAME = re.compile(rf"《?([{_HAN}()]{{2,30}})")
_TITLE_PLACE_AFTER_YEAR = re.compile(
    rf"《?(?:关于)?\d{{4}}年度?([{_HAN}]{{2,12}}?)(?:法治|依法行政)"
    rf"|《?关于([{_HAN}]{{2,12}}?)\d{{4}}年"
)
# The enacting body in the header of a law: "…上海市第十五届人民代表大会常务委员会第二十一次会议".
_CONGRESS = re.compile(
    rf"([{_HAN}]{{0,12}}?)第[一二三四五六七八九十]+届(全国人民代表大会|人民代表大会)(常务委员会)?"
    r"第[一二三四五六七八九十\d]+次会议(?:审议)?(?:通过|批准)"
)
_DECREE = re.compile(rf"^([{_HAN}、]{{2,40}}?)(?:令第\d+号|公告)?(?:公布|发布|批准)$", re.M)


def report_title(head: list[str]) -> str:
    candidates = [
        p
        for p in head
        if not (
            naming.is_agency(p)
            or DOC_NUMBER.fullmatch(p)
            or p.startswith("签发人")
            or p.endswith("文件")
            or p.endswith(":")
            or DATE.fullmatch(p)
            or _BREADCRUMB.search(p)
        )
    ]
    best = next((p for p in candidates if TITLE_WORD.search(p) and REPORT_TITLE.search(p)), None)
    best = best or next((p for p in candidates if TITLE_WORD.search(p)), None)
    # 福建省2021年度法治政府建设情况 (d358): a title without 报告, above a site's line 福州市
    best = best or next((p for p in candidates if _TITLE_OF_YEAR.search(p)), None)
    title = best or (candidates[0] if candidates else "")
    return _DOT_BETWEEN_HAN.sub("", title).strip()


def law_issuer(head_text: str) -> str:
    """The enacting body named in the header lines of a law or regulation."""
    head_text = DATE.sub("\n", head_text)  # "2020年5月14日上海市第十五届…": keep the place only
    m = _CONGRESS.search(head_text)
    if m:
        place = "" if m.group(2).startswith("全国") else m.group(1)
        return place + m.group(2) + (m.group(3) or "")
    for m in _DECREE.finditer(head_text):
        if naming.is_agency(name := m.group(1).removeprefix("中华人民共和国")):
            return name
    return ""


def without_page_words(title: str) -> str:
    """其他文件浙江省商务厅关于… -> 浙江省商务厅关于…: a page's words run into the title."""
    m = _ATTACHMENT.match(title)  # a cover letter's 附件: line naming the report
    if m and REPORT_TITLE.search(title):
        return title[m.end() :]
    head = title[:20]
    cut = len(head) - len(naming.from_place(head))
    if cut <= 0 or not REPORT_TITLE.search(title) or _NOT_PAGE_WORDS.search(title[:cut]):
        return title
    return title[cut:]


def title_issuer(title: str) -> str:
    """The issuer a title names: 厦门市生态环境局关于…, or a place (静海区2023年度…)."""
    lead = _TITLE_NAME.match(title)
    # the name ends where the title's own words start; 依法治市 inside a committee's name
    # is not the end of it, so each stop is tried in turn
    for stop in _TITLE_STOP.finditer(title, lead.start(1) + 2 if lead else 0, 40):
        raw = title[lead.start(1) : stop.start()] if lead else ""
        name = naming.from_place(raw)
        if _NOT_PAGE_WORDS.search(raw[: len(raw) - len(name)]):
            name = raw  # 国家税务总局宁波市税务局: the words before the place are its name
        if naming.is_agency(name):  # 匹配度排序泽州县交通运输局: a page's words before it dropped
            return name
        if gov := naming.place_government(name):
            return gov
    m = _TITLE_PLACE_AFTER_YEAR.match(title)
    return naming.place_government(m.group(1) or m.group(2)) if m else ""


def after_chrome(title: str) -> str:
    """The title a page's chrome ran into, when the whole names no issuer.

    长沙市政府门户网站-长沙市2023年…报告_网站名长沙市2023年…报告 -> 长沙市2023年…报告;
    首页走进汉台…专题专栏汉中市汉台区七里街道办事处2021年度…报告 -> 汉中市汉台区七里街道办事处
    2021年度…报告: the last place that starts a title naming an issuer, with the places
    right before it (汉中市 before 汉台区…).
    """
    if not (TITLE_WORD.search(title) and REPORT_TITLE.search(title)) or title_issuer(title):
        return title
    for k in range(len(title) - 8, 0, -1):
        places = gazetteer.leading_places(title[k : k + 24])
        # 城区, 南县 inside a longer word (全城区) are part of that word
        if not places or (len(places[0]) == 2 and "\u4e00" <= title[k - 1] <= "\u9fff"):
            continue
        if not title_issuer(title[k:]):
            continue
        for j in range(max(0, k - 12), k):
            if "".join(gazetteer.leading_places(title[j:k])) == title[j:k]:
                return title[j:]
        return title[k:]
    return title
