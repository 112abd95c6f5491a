"""Agency names as reports write them: recognised, completed from the text, or given up.

A report names its issuer in full (江门市江海区卫生健康局), by a short form that only its
readers can place (区卫生健康局, 省卫生健康委, 我局), or by its place alone (静海区2023年度
法治政府建设情况报告: the district's government).  A short form is completed only when
the text itself writes the full name; otherwise it is given up, because a wrong agency
is worse than none.  All functions read folded text (search.fold).
"""

from __future__ import annotations

import re

from . import gazetteer

LEVEL_NATIONAL = "国家级"
LEVEL_TOWN = "乡镇级"

_HAN = r"\u4e00-\u9fff"
_AGENCY_SUFFIX = (
    r"(?:局|委|委员会|厅|办公室|政府|中心|院|所|部|署|站|队|司|馆|会|处|办|街道|街道办事处|街|镇|乡"
    r"|海关)"
)
# 、: joint issuers; a trailing (县司法局): the office a committee's work sits in
AGENCY = re.compile(rf"[{_HAN}()、]{{1,40}}?{_AGENCY_SUFFIX}(?:\([{_HAN}]{{2,20}}\))?")
# 山海关区政府坚决…: a sentence's adverb is never part of a name
# an information table's keys (发布单位 湖南省交通运输厅 来源 厅法制处 on one line) and a
# search box's words (匹配度 排序) read with a name are never part of it
_NOT_AGENCY = re.compile(
    r"法治政府|法治建设|关于|报告|情况|\d|印发|抄送|主送|^[全各我本该今第]|城乡$|坚决|切实|认真"
    r"|发布单位|发布机构|发文机关|发文单位|索引号|成文日期|发布日期|公开日期|公开方式|信息来源|来源"
    r"|文号|主题分类|匹配度|排序|检索|搜索|首页|当前位置|您的位置"
)
# Common short forms of agency names and their full forms, longest first.
_ABBREVIATIONS = (
    ("卫健委", "卫生健康委员会"),
    ("卫健委", "卫生健康委"),
    ("卫健局", "卫生健康局"),
    ("发改委", "发展和改革委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("市监局", "市场监督管理局"),
)
_SHORT_START = "省市区县州盟"
_ADDRESS = re.compile(r"地址[::]")
_PLACE_SCAN = 20_000  # characters read for the places a text names (linear, bounded)
_TOWN = re.compile(r"(?:街道办事处|街道|镇人民政府|乡人民政府|镇政府|乡政府|镇|乡|街)$")
_NATIONAL = re.compile(
    r"^(?:国务院|国家|中华人民共和国|最高人民|中央)|^[^省市区县州盟旗]{1,8}(?:部|总局|总署)$"
)
# The opening sentence's subject ends where its predicate starts.
_PREDICATE = re.compile(
    r"在|坚持|深入|认真|全面|始终|持续|积极|紧紧|紧扣|紧密|围绕|按照|以|切实|严格|着力|立足|聚焦"
    r"|牢固|不断|进一步|高度|扎实|贯彻|主动|大力|锚定|先后|把|将|结合|树牢|践行|秉持|对照|坚定"
    r"|法治政府建设|法治建设|依法行政|共|全力|统筹|勇|锐意|强化|加强|推进|落实|紧跟|自觉"
    r"|坚决|坚守|奋力|聚力|倾力"
)
_OPENING = re.compile(
    r"^(?:(?:\d{4}年度?(?:以来|来|上半年|全年)?|今年以来|一年来|近年来|\d{4}年\d{1,2}月以来)[,:]?)?"
    # 在党中央坚强领导下,在省委高度重视和省人大…支持监督下,全省…: one or more such clauses
    r"(?:在[^,。]{2,60}?(?:下|中|上|指导|领导|支持|帮助)(?:,|(?![^,。]{0,60}?下,))){0,3}"
    # 在市委、市政府的坚强领导下,省农业农村厅的正确指导下,六安市农业农村局…: a second
    # 领导下 / 指导下 clause whose 在 the first one carries
    r"(?:(?<=下,)[^,。]{2,40}?(?:领导|指导|支持|监督|帮助|关心)下,){0,2}"
)


# 民政部党组, 中都街道领导班子: the body's leadership speaks for it.
_LEADERSHIP = re.compile(r"(?:党组|党委|党工委|领导班子|班子)$")


def is_agency(p: str) -> bool:
    if len(p) > 40 or AGENCY.fullmatch(p) is None:
        return False
    m = _NOT_AGENCY.search(p)
    # 全南县自然资源局: a place starting with 全 (or 本, 第 …) is a name, not 全县's scope
    if m and m.start() == 0 and p[0] in "全各我本该今第" and gazetteer.leading_places(p):
        m = _NOT_AGENCY.search(p, 1)
    return m is None


def is_short_form(agency: str) -> bool:
    """区卫生健康局, 省卫生健康委: a name whose place only the report's readers know."""
    short = agency[:1] in _SHORT_START or agency.startswith("自治区")  # 自治区教育厅
    return bool(agency) and short and not gazetteer.leading_places(agency)


# 教育局, 司法局: a kind of body with no place before it; which county's, only its readers know
# (某某县司法局, a masked place, still names a county: a division word keeps a name)
_BARE = re.compile(rf"(?:(?![省市区县州盟旗镇乡村])[{_HAN}]){{1,8}}(?:局|委员会|委|厅|办公室)")


def is_bare(agency: str) -> bool:
    """教育局: a body's kind alone, with no place, short form or national name."""
    return (
        _BARE.fullmatch(agency) is not None
        and not place_in(agency)
        and not level_of(agency)
        and not is_short_form(agency)
    )


def is_place(name: str) -> bool:
    """A division name and nothing else (静海区, 天津市, 汉源县)."""
    places = gazetteer.leading_places(name)
    return bool(places) and "".join(places) == name


def place_in(agency: str) -> str:
    """The name from its first division on: 国家税务总局宁波市税务局 -> 宁波市税务局, else ""."""
    name = agency.removeprefix("中共")
    rest = from_place(name[:16]) + name[16:]
    return rest if gazetteer.leading_places(rest) else ""


def from_place(name: str) -> str:
    """``name`` from its first division name on (a page's words may precede it)."""
    if name[:1] in _SHORT_START or name.startswith("中共") or gazetteer.leading_places(name):
        return name
    for k in range(1, min(len(name) - 1, 10)):
        places = gazetteer.leading_places(name[k:])
        # 肃南县林草局 is not 南县's: a two-character county (南县, 沙县, 城区) found inside
        # a longer word is part of that word
        if places and not (len(places[0]) == 2 and "\u4e00" <= name[k - 1] <= "\u9fff"):
            return name[k:]
    return name


# 广州市公安局增城区分局: the city's bureau's branch in one of its districts
_BRANCH = re.compile(rf"(.+?局)([{_HAN}]{{1,6}}[区县市])分局")


def branch_places(agency: str) -> list[str]:
    """[广州市, 增城区] for 广州市公安局增城区分局: a district branch lies in that district."""
    m = _BRANCH.fullmatch(agency)
    if not m or not gazetteer.lookup(m.group(2)):
        return []
    outer = gazetteer.leading_places(place_in(m.group(1)))
    return outer + [m.group(2)] if outer else []


# 武汉经开区统计局, 天津经济技术开发区管理委员会: a city's short name before its development zone
_ZONE = re.compile(
    rf"([{_HAN}]{{2,4}}?)(?:经济技术开发区|经开区|高新技术产业开发区|高新区|经济开发区|开发区|新区)"
)


def zone_city(agency: str) -> str:
    """武汉市 for 武汉经开区统计局: the one city whose short name leads a zone's name."""
    m = _ZONE.match(agency)
    if not m or gazetteer.leading_places(agency):
        return ""
    city = m.group(1) + "市"
    divisions = gazetteer.lookup(city)
    return city if len(divisions) == 1 and divisions[0].rank != gazetteer.LEVEL_COUNTY else ""


def place_government(name: str) -> str:
    """静海区 -> 静海区人民政府: a report titled by its place is its government's."""
    return name + "人民政府" if is_place(name) else ""


def complete(agency: str, text: str) -> str:
    """区卫生健康局 -> 江门市江海区卫生健康局 when the text itself names it in full.

    A 省/市 short form is also completed when the text names one province (city)
    only, at least twice (天津市和平区建设路… 天津市领导干部…: 市人社局 is Tianjin's), and
    a 县/区 body's likewise by the one county it names (县司法局 of 蒙城县).
    """
    if not is_short_form(agency):
        return agency
    if agency[0] in "省市":
        place = gazetteer.only_named(agency[0], text[:_PLACE_SCAN])
        if not place and (at := _ADDRESS.search(text, 0, _PLACE_SCAN)):
            # its own contact line (请与市人社局法规处联系(地址:天津市和平区…)): named once
            place = gazetteer.only_named(agency[0], text[at.end() : at.end() + 12], at_least=1)
        if place:
            return place + agency[1:]
    core, best = agency[1:], ""
    for m in re.finditer(re.escape(core), text):
        window = text[max(0, m.start() - 12) : m.start()]
        if not window.endswith(agency[0]):
            continue
        for k in range(len(window) - 1):  # the longest run of place names before the core
            if "".join(gazetteer.leading_places(window[k:])) == window[k:]:
                best = max(best, window[k:], key=len)
                break
        if len(best) >= 8:
            break
    if best:
        return best + core
    # 县司法局 in a text naming 蒙城县 (twice) and no other county.  区政府 / 县政府 are left
    # as they are: the labels of earlier collections (d074, d159) read them as unstated.
    if agency[0] in "县区" and not core.endswith("政府"):
        place = gazetteer.only_named("县", text[:_PLACE_SCAN])
        if place.endswith(agency[0]):
            return place + core
    return agency


def expand(agency: str, text: str) -> str:
    """解放区卫健委 -> 解放区卫生健康委员会, but only when the text itself writes that name."""
    for short, full in _ABBREVIATIONS:
        if short in agency:
            longer = agency.replace(short, full)
            if longer in text:
                return longer
    return agency


def level_of(agency: str) -> str:
    """The level a name shows without the gazetteer: 国家级, 乡镇级, or by its short form."""
    if not agency:
        return ""
    if _TOWN.search(agency):
        return LEVEL_TOWN
    if _NATIONAL.search(agency) and not place_in(agency):
        return LEVEL_NATIONAL
    if agency[0] == "省" or agency.startswith("自治区"):
        return gazetteer.LEVEL_PROVINCE
    if agency[0] == "市" and not gazetteer.leading_places(agency):
        return gazetteer.LEVEL_CITY
    if agency[0] in "区县" and not gazetteer.leading_places(agency):
        return gazetteer.LEVEL_COUNTY
    return ""


_REPORT_SUBJECT = re.compile(r"现将([^,。:]{2,30}?)(?:\d{4}年|关于|法治|本年度|全年|年度)")


def report_subject(paragraphs: list[str]) -> str:
    """现将县人民政府2022年法治政府建设工作情况报告如下 -> 县人民政府."""
    for p in paragraphs:
        m = _REPORT_SUBJECT.search(p)
        if m and is_agency(m.group(1)):
            return m.group(1)
    return ""


# 全省各级政府… / 全县… as the opening's subject: the report covers that level's whole area.
_SCOPE = re.compile(r"全(省|市|县)(?!委)")
_SCOPE_LEVEL = {
    "省": gazetteer.LEVEL_PROVINCE,
    "市": gazetteer.LEVEL_CITY,
    "县": gazetteer.LEVEL_COUNTY,
}
# xx市人民政府, ***区司法局, 某县: a published copy with the place masked out.
_MASKED = re.compile(r"(?:[xX×*]{1,4}|某)(?=[省市县区])")


# 全市各级行政机关… / 全省各级政府…: the whole government of a division speaks
_WHOLE = re.compile(r"全(省|市|县|区)各(?:级|区|县|部门|地)")


def opening_scope(paragraph: str) -> str:
    """市 when the opening's subject is 全市各级… (a whole division's government), else ""."""
    m = _OPENING.match(paragraph)
    whole = _WHOLE.match(paragraph, m.end()) if m else None
    return whole.group(1) if whole else ""


def opening_level(paragraph: str) -> str:
    """The level an opening states when it names no agency: 全省各级政府… -> 省级.

    ``xx市人民政府`` (a masked place) is a city's government, though which city is unknown.
    """
    m = _OPENING.match(paragraph)
    if not m:
        return ""
    rest = paragraph[m.end() : m.end() + 40]
    if scope := _SCOPE.match(rest):
        return _SCOPE_LEVEL[scope.group(1)]
    masked = _MASKED.match(rest)
    if not masked:
        return ""
    for p in _PREDICATE.finditer(rest, masked.end() + 2):
        subject = _LEADERSHIP.sub("", rest[masked.end() : p.start()].rstrip(",、"))
        return level_of(subject) if is_agency(subject) else ""
    return ""


# 为深入贯彻…,全面推进依法行政,桃源县民政局在…: purpose and 按照/根据 clauses before the
# subject; the noun after 按照 is what the writer follows (中办、国办), never the writer.
_LEAD_CLAUSE = re.compile(r"(?:为|按照|根据|依据)[^。,]{2,80},")
_CLAUSE = re.compile(r"[^。,]{2,40},")
_LEAD_CLAUSES = 3


# 2024年是…攻坚之年,也是西兴街道高质量发展的重要之年。西兴街道始终坚持…: the year
# framed first, the writer in the next sentence
_FRAMED_YEAR = re.compile(r"\d{4}年是[^。]{4,120}之年。")


def _subject_starts(paragraph: str) -> list[str]:
    """The places the opening sentence's subject may start: the start, or after the
    为…/按照… clauses before it (and after a first sentence framing the year)."""
    if framed := _FRAMED_YEAR.match(paragraph):
        paragraph = paragraph[framed.end() :]
    m = _LEAD_CLAUSE.match(paragraph)
    if not m:
        return [paragraph]
    starts, pos = [], m.end()
    for _ in range(_LEAD_CLAUSES):
        starts.append(paragraph[pos:])
        m = _CLAUSE.match(paragraph, pos)
        if not m:
            break
        pos = m.end()
    return starts


def opening_subject(paragraph: str) -> str:
    """The agency the opening sentence is about, after any 为…/按照… clauses before it."""
    return next(filter(None, map(_subject, _subject_starts(paragraph))), "")


# 为进一步加强法治政府建设,2021年来,街道按照《奉节县…方案》的要求: a town or street that
# speaks of itself by its kind alone is a town-level body, whatever county it names
_TOWN_SELF = re.compile(r"(?:本|我)?(?:街道|镇|乡)(?:办事处|党工委|人民政府|政府)?")


def town_subject_level(paragraph: str) -> str:
    """乡镇级 when the opening's subject is 街道 / 本镇 / 我乡 with no name."""
    for start in _subject_starts(paragraph):
        m = _OPENING.match(start)
        rest = start[m.end() : m.end() + 40] if m else ""
        town = _TOWN_SELF.match(rest)
        if town and _PREDICATE.match(rest, town.end()):
            return LEVEL_TOWN
    return ""


def _subject(paragraph: str) -> str:
    """The agency the opening sentence is about: 2021年以来,宣城市公安局按照… -> 宣城市公安局.

    A place as the subject (2023年,静海区坚持…) is its government; 全市卫生健康系统,
    我局 and the like name no one.
    """
    m = _OPENING.match(paragraph)
    if not m:
        return ""
    rest = paragraph[m.end() : m.end() + 40]
    for p in _PREDICATE.finditer(rest, 2):
        if rest.startswith("全面依法治", p.start()):
            continue  # 县委全面依法治县委员会办公室: inside the name
        subject = _LEADERSHIP.sub("", rest[: p.start()].rstrip(",、"))
        if is_agency(subject):
            return subject
        return place_government(subject)
    return ""
