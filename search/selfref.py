"""What a report says of its own writer: 我局, 我县, 全区…系统, 印发《本局名…》.

A report that never names its issuer in a title, header or signature still speaks as it:
the first person (我局, 我委, 我镇) says what kind of body wrote it, 我县 / 我区 what level,
and the documents it issued itself (制定并印发《天津市文化和旅游局关于…》) carry its full
name.  These rules only confirm or complete; where the text does not say, they say nothing
(a wrong agency is worse than an empty one).  All functions read folded text.
"""

from __future__ import annotations

import re

from . import gazetteer, naming

_SPAN = 1000  # characters read for the writer's 我县 / 我区
_SELF_SCAN = 3000  # characters read for its 我局 and its own documents

# 我区坚持… / 全区卫生健康系统: a district or one of its bodies; 我县, 全县…: a county.  An
# autonomous region (宁夏, 广西 …) also says 我区/全区, and a 市 body may mention 全县 or 全区
# of one of its counties, so a text that names 自治区 or speaks of 全市/我市/全省 is not read so.
_COUNTY_SELF = re.compile(r"我区|全区[^,。:]{1,10}系统|我县|全县")
_WIDER = re.compile(r"自治区|全市|我市|全省|我省|全州|我州")


def scope_level(text: str) -> str:
    """县区级 when a text that names no agency speaks as a county or district."""
    if _WIDER.search(text, 0, naming._PLACE_SCAN) or not _COUNTY_SELF.search(text, 0, _SPAN):
        return ""
    return gazetteer.LEVEL_COUNTY


# 我局 / 我委 / 我镇: the kind of body the report's writer is.  我区, 我市 are not read:
# a district's 司法局 writes 我区 of its district.
_SELF = re.compile(r"我(局|委|厅|部|镇|乡|街道|署)")
_SELF_ENDS = {
    "局": ("局",),
    "委": ("委", "委员会"),
    "厅": ("厅",),
    "部": ("部",),
    "署": ("署",),
    "镇": ("镇", "镇人民政府", "镇政府"),
    "乡": ("乡", "乡人民政府", "乡政府"),
    "街道": ("街道", "街道办事处", "街道办", "街道工委"),
}


def self_kind(text: str) -> str:
    """局 when the text calls its writer 我局 (and no other 我X), else ""."""
    kinds = {m.group(1) for m in _SELF.finditer(text, 0, _SELF_SCAN)}
    return kinds.pop() if len(kinds) == 1 else ""


def self_level(text: str) -> str:
    """乡镇级 when the text calls its writer 我镇, 我乡 or 我街道 (and no other 我X)."""
    return naming.LEVEL_TOWN if self_kind(text) in ("镇", "乡", "街道") else ""


def contradicts_self(agency: str, text: str) -> bool:
    """The text calls its writer 我局 throughout, and ``agency`` is no 局 (a 政府 portal's
    发布机构, a superior body in the opening): that name is not the writer's."""
    kind = self_kind(text)
    return bool(kind) and not agency.endswith(_SELF_ENDS[kind])


# 审议并通过了《龙岩市永定区卫生健康局参与…方案》, 印发《江门市交通运输局制定…规程》: a document
# the writer issued itself.  A superior's document is one it follows (按照《…》, 贯彻《…》).
_OWN_DOCUMENT = re.compile(
    r"(?:制定|印发|出台|修订|审议并?通过了?)(?:并印发|并出台|印发)?《([\u4e00-\u9fff()]{4,30}?)"
    r"(?:关于|制定|参与|实施|贯彻|\d{4}年|重大|行政|规范性|法治)"
)


# 我局对原《东莞市财政局重大行政决策风险评估管理办法》作了六个方面的修改: its own rules, amended
_AMENDED = re.compile(
    r"对原?《([\u4e00-\u9fff()]{4,30}?)(?:关于|重大|行政|规范性|法治|\d{4}年)[^》]{0,40}》"
    r"[^。]{0,16}?(?:修改|修订)"
)


def own_document_issuer(text: str) -> str:
    """The writer's full name from the documents it says it issued, when the text calls it
    我局 (我委 …) and those documents name one body of that kind, with its place."""
    kind = self_kind(text)
    if not kind:
        return ""
    names = set()
    found = [*_OWN_DOCUMENT.finditer(text, 0, _SELF_SCAN), *_AMENDED.finditer(text, 0, _SELF_SCAN)]
    for m in found:
        name = m.group(1)
        if naming.is_agency(name) and name.endswith(_SELF_ENDS[kind]) and naming.place_in(name):
            names.add(name)
    return names.pop() if len(names) == 1 else ""


# 县委、县政府 / 自治区人民政府 / 区政府: a government named by its division's kind alone
_GOVERNMENT_SHORT = re.compile(r"(自治区|省|市|县|区|州)(?:党?委(?:、|和|及)\1?)?(?:人民)?政府")
_SELF_PLACE = re.compile(r"我(省|市|县|区|州)")
# 区政府坚持… alone: the earlier collections' labels (d074, d159) read it as unstated
_GOVERNMENT_ALONE = re.compile(r"[区县](?:人民)?政府")
# 印发《金平县党政主要负责人…》, 党委和政府印发《内蒙古自治区贯彻〈…〉实施方案》: its own documents
_ISSUED = re.compile(
    r"(?:制定|印发|出台|审议并?通过了?)(?:并印发|并出台|印发)?《([\u4e00-\u9fff]{2,24})"
)


def own_government(subject: str, text: str, scope: str = "") -> str:
    """The government a report speaks as (县委、县政府, 全市各级… as ``scope`` 市, or 我区
    with 自治区人民政府 acting)
    when the documents it issued name one place of that kind: 金平县人民政府.

    Only where no body says 我局 (我委 …): a bureau's report also cites its government's
    documents, and names its own place the same way.
    """
    if self_kind(text) or _GOVERNMENT_ALONE.fullmatch(subject):
        return ""
    if m := _GOVERNMENT_SHORT.fullmatch(subject):
        kind = m.group(1)
    elif scope:  # 全市各级行政机关… (d354): the city's government reports on them
        kind = scope
    else:
        kinds = {m.group(1) for m in _SELF_PLACE.finditer(text, 0, _SPAN)}
        kind = kinds.pop() if len(kinds) == 1 else ""
        acting = kind and any(
            m.group(1).endswith(kind) for m in _GOVERNMENT_SHORT.finditer(text, 0, _SELF_SCAN)
        )
        if not acting:
            return ""
    places = set()
    for m in _ISSUED.finditer(text, 0, _SELF_SCAN):
        leading = gazetteer.leading_places(m.group(1))
        if leading and leading[-1].endswith(kind):
            places.add("".join(leading))
    if len(places) != 1:
        return ""
    return naming.place_government(places.pop())
