"""The last resort for a report's writer: every full name in its header and opening.

The rules in search.metadata read the forms reports are known to use (a title, a header
line, the opening's subject, an information table).  A new form (a title run into a page's
words, a 文号 or a salutation) still writes the writer's full name somewhere near the top:
a division name from the gazetteer followed by a body's kind (江门市江海区卫生健康局,
湘潭县自然资源局).  This collects every such name in the first paragraphs, outside cited
documents (《…》), leadership clauses (在…领导下) and possessives (X的…), and returns one
only when a single body is named: two different bodies (a superior and the writer, two
districts) give nothing, since a wrong agency is worse than an empty one.  Reads folded text.
"""

from __future__ import annotations

import re

from . import gazetteer, naming

_ZONE_CHARS = 600  # characters read: the header block and the opening paragraph
_HAN = r"\u4e00-\u9fff"
# the body's kind after its place: 自然资源局, 人民政府, 卫生健康委员会, 街道办事处
_KIND = re.compile(
    rf"([{_HAN}]{{0,10}}?)(人民政府|管理委员会|管委会|委员会|局|厅|街道办事处|办事处)"
)
# a kind's words never hold these: 的 (X的领导), 、 (two bodies), a verb or a year
_NOT_MIDDLE = re.compile(
    r"的|、|在|与|及|是|坚持|法治|关于|\d|和(?!社会保障|旅游|信息化|改革|城乡|规划|科技)"
)
# a name in a clause about whom the writer follows: 在…领导下, 按照…, 根据…
_FOLLOWED = re.compile(r"(?:在|按照|根据|依据|贯彻|落实|印发|转发)[^,。:;\n]*$")


def _names(zone: str) -> dict[str, int]:
    found: dict[str, int] = {}
    i = 0
    while i < len(zone):
        places = gazetteer.leading_places(zone[i : i + 30])
        if not places:
            i += 1
            continue
        inside_word = len(places[0]) == 2 and i > 0 and "\u4e00" <= zone[i - 1] <= "\u9fff"
        part_of_longer = i > 0 and bool(gazetteer.leading_places(zone[i - 1 : i + 30]))
        if inside_word or part_of_longer:
            i += 1
            continue
        end = i + len("".join(places))
        m = _KIND.match(zone, end)
        cited = zone.rfind("《", 0, i) > zone.rfind("》", 0, i)
        if m and not cited and not _NOT_MIDDLE.search(m.group(1)):
            name = zone[i : m.end()]
            followed = _FOLLOWED.search(zone, max(0, i - 40), i)
            if naming.is_agency(name) and zone[m.end() : m.end() + 1] != "的" and not followed:
                found[name] = found.get(name, 0) + 1
        i = end
    return found


def only_name(paragraphs: list[str]) -> str:
    """The one full agency name the first paragraphs write, or "" (none, or two bodies)."""
    zone = "\n".join(paragraphs)[:_ZONE_CHARS]
    names = sorted(_names(zone), key=len, reverse=True)
    if not names:
        return ""
    fullest = names[0]
    # 江门市江海区卫生健康局 and 江海区卫生健康局 are one body; anything else competes
    return fullest if all(fullest.endswith(n) for n in names) else ""
