"""A web page's chrome around a report: kept out of its text, its information table read.

Reports saved from government sites carry the site around them: breadcrumbs
(首页 > 政务公开 > …), 来源/发布时间 lines, 打印本页 / 关闭窗口 / 分享 widgets, the
visitor's date (今天是：2019年10月31日), and often an information table
(索引号 | … | 发布机构 | … | 成文日期 | …).  None of it is the report's text, and a
stale page date is not the report's date; the table, though, names the issuer,
the signing date and the 发文字号, which metadata reads (source ``info_table``).

Only whole lines that are chrome are dropped, and only near the top or the
bottom of the text (the first and last _EDGE lines), so the report's own
sentences are never touched.  One pass over the lines: linear in the text size.
"""

from __future__ import annotations

import re

from .fold import fold
from .hanzi import simplified

_WS = re.compile(r"\s+")
_EDGE = 40  # lines from either end where chrome is looked for
_MAX_CHROME = 120  # a longer line is text, whatever it starts with

# The information table's fields and the metadata each one gives.
INFO_KEYS = {
    "索引号": "index_number",
    "发布机构": "agency",
    "发文机关": "agency",
    "发文单位": "agency",
    "发文机构": "agency",
    "发布单位": "agency",
    "成文日期": "date",
    "成文时间": "date",
    "发文日期": "date",
    "生成日期": "date",
    "公文生成日期": "date",
    "文件编号": "doc_number",
    "文号": "doc_number",
    "备注/文号": "doc_number",
    "发文字号": "doc_number",
    "标题": "title",
    "名称": "title",
}
_OTHER_KEYS = (
    "主题分类|公文种类|体裁分类|组配分类|服务对象分类|主题词|关键词|发布日期|发布时间|公开方式"
    "|公开时限|公开范围|有效性|时效|信息来源|来源|所属机构|信息分类|公开形式|分类|效力状态"
    "|内容概述|摘要|发布机关|公开日期|统一登记号"
)


def _spaced(keys: list[str]) -> str:
    # Pages space a key out to the width of the longest: 索   引   号, 发 布 机 构.
    return "|".join(r"\s*".join(map(re.escape, k)) for k in sorted(keys, key=len, reverse=True))


_ALL_KEYS = _spaced([*INFO_KEYS, *_OTHER_KEYS.split("|")])
# [ 成文日期 ] 2026-02-03: a key in a bracketed cell, as many county sites print them.
_KEY = re.compile(rf"[\[【]?\s*({_ALL_KEYS})\s*[\]】]?\s*[:：]?\s*")
# A table row: at least two of its keys, each followed by a value; or a | row naming one.
_TABLE_ROW = re.compile(rf"(?:{_ALL_KEYS})\s*[:：|]|[\[【]\s*(?:{_ALL_KEYS})\s*[\]】]")
_KEY_LINE = re.compile(rf"(?:{_ALL_KEYS})\s*[:：]|[\[【]\s*(?:{_ALL_KEYS})\s*[\]】]")
_PIPE_ROW = re.compile(rf"^\|\s*(?:{_ALL_KEYS})\s*[:：|]")
# 发布机构 湖北省司法厅 发文日期 2024-03-27: a row of keys and values with no colon at all.
_BARE_ROW = re.compile(rf"^(?:{_ALL_KEYS})(?:\s+\S+)*?\s+(?:{_ALL_KEYS})(?:\s|$)")
_BARE_MAX = 80
# • 成文日期:2025-03-17: a table printed as a list.
_BULLET = re.compile(r"^[•·・●▪◦\-]\s*")

_CHROME_LINE = re.compile(
    r"(?:当前位置|您的位置|您所在的位置|你的位置|所在位置)\s*[:：]"
    r"|^\s*首页\s*(?:[>»/＞›|]|$)|首页\s*[>»＞›]|^\s*[>»›]\s*[^>»›]{1,12}\s*[>»›]|(?:[>»›]\s*[^>»›]{1,12}\s*){3,}$"
    r"|^\s*今天是\s*[:：]?\s*\d{4}年"
    r"|^\s*(?:文章|信息|稿件)?来源\s*[:：]"
    r"|^\s*(?:发布|更新|发表|上传)(?:时间|日期)\s*[:：]"
    r"|(?:发布|更新)时间\s*[:：]\s*\d{4}"
    r"|^\s*(?:日期|时间)\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}"
    r"|^\s*(?:作者|责任编辑|责编|转自|浏览次数|点击数|阅读数|访问量)\s*[:：]"
    r"|\d{4}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})\s*星期[一二三四五六日天]"
    r"|^\s*(?:网站地图|版权所有|技术支持|网站标识码)|^\s*(?:主办|承办)单位\s*[:：]|ICP备|公网安备"
)
# Widgets: short lines only (a sentence may well mention 无障碍 or 收藏).
_WIDGET = re.compile(
    r"打印本页|关闭窗口|打印文本|【打印】|\[打印\]|【关闭】|\[关闭\]|打印此页|关闭本页"
    r"|【字体|字体\s*[:：]|字号\s*[:：]|\[\s*大\s*中\s*小\s*\]|【\s*大\s*中\s*小\s*】"
    r"|^\s*分享到|^\s*扫一扫|^\s*收藏\s*$|加入收藏|设为首页|^\s*无障碍(?:浏览|阅读|模式)?(?:\s|\||$)"
    r"|简体\s*\|?\s*繁体|繁體"
    r"|^\s*附件下载|^\s*相关(?:链接|附件|文章|阅读|新闻)\s*[:：]?\s*$"
    r"|^\s*(?:上一篇|下一篇)\s*[:：]|^\s*(?:联系我们|返回顶部|返回首页)"
)
_WIDGET_MAX = 40
_TITLE = re.compile(r"^.{4,80}(?:报告|总结|汇报)$")
# A site name alone on a line: 中意资讯网, XX市人民政府门户网站.
_SITE_NAME = re.compile(r"^[\u4e00-\u9fff\s]{2,30}(?:网|网站|门户|政务网|频道)(?:\s+\S+)?$")
# A site section's header: 中山市人民政府东区街道办事处政府信息公开, 政府信息公开 规章库.
_SECTION_HEADER = re.compile(r"^[\u4e00-\u9fff]{0,30}政府信息公开(?:\s+[\u4e00-\u9fff]{2,8})*$")
# The name of the file a document site extracted: 海滨街2020年法治政府建设情况.docx
_FILE_NAME = re.compile(r"^\S{2,60}\.(?:docx?|pdf|wps|txt|rtf)$", re.I)
# A document site's watermark run into the text: 秘书之家—全网资源每日更新www.mishuzj.com
_WATERMARK = re.compile(
    r"^[\u4e00-\u9fff]{2,12}[—–\-]{1,2}[\u4e00-\u9fff]{2,20}www\.[A-Za-z0-9-]+(?:\.[A-Za-z]{2,4}){1,2}"
)


# A document site's banner over the text it extracted.
_SITE_BANNER = re.compile(r"由会员分享|可在线阅读|文档贡献者|原创力文档|上搜索。$")


def _is_chrome(line: str) -> bool:
    if len(line) <= 300 and _SITE_BANNER.search(line):
        return True
    if len(line) <= 60 and (_SECTION_HEADER.match(line) or _FILE_NAME.match(line)):
        return True
    if len(line) <= _WIDGET_MAX and (_WIDGET.search(line) or _SITE_NAME.match(line)):
        return True
    return len(line) <= _MAX_CHROME and _CHROME_LINE.search(line) is not None


def _table_fields(line: str) -> dict[str, str]:
    """The fields of one information-table line (``发布机构：X 成文日期：Y`` or ``| … |``)."""
    keys = list(_KEY.finditer(line))
    out: dict[str, str] = {}
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(line)
        value = line[m.end() : end].strip(" \t|:：\u3000")
        field = INFO_KEYS.get(_WS.sub("", m.group(1)))
        if field and value and field not in out:
            out[field] = value
    return out


def _is_table_line(line: str) -> bool:
    return len(line) <= 400 and (
        len(_TABLE_ROW.findall(line)) >= 2
        or _PIPE_ROW.match(line) is not None
        or (len(line) <= _BARE_MAX and _BARE_ROW.match(line) is not None)
    )


def _more_keys(folded: dict[int, str], i: int) -> bool:
    """Another table key within the next few lines."""
    near = [folded.get(j, "") for j in range(i + 2, i + 5)]
    return any(_KEY.fullmatch(x) or _KEY_LINE.match(x) for x in near)


def _without_watermark(raw: str) -> str:
    """The text without a document site's watermark, wherever the site repeated it."""
    m = _WATERMARK.match(raw.lstrip())
    return raw.replace(m.group(0), "") if m else raw


def _key_lines_follow(folded: dict[int, str], i: int) -> bool:
    """The next non-empty line is another ``key: value`` line (a table one key a line)."""
    nxt = next((folded[j] for j in range(i + 1, i + 4) if folded.get(j)), "")
    return bool(nxt) and _KEY_LINE.match(nxt) is not None


def split_chrome(raw: str) -> tuple[str, dict[str, str]]:
    """(the text without page chrome, the information table's fields).

    The table's fields are ``agency`` (发布机构), ``date`` (成文日期), ``doc_number``
    (文号), ``title`` and ``index_number``, as written; a table split over lines
    (a key on one line, its value on the next) is read too.
    """
    raw = _without_watermark(raw)
    lines = raw.split("\n")
    n = len(lines)
    info: dict[str, str] = {}
    keep = [True] * n
    edge = [i for i in range(n) if i < _EDGE or i >= n - _EDGE]
    # traditional pages (來源, 打印本頁) read as simplified ones: lines converted together
    edge_text = simplified(fold("\n".join(lines[i] for i in edge))).split("\n")
    folded = {i: _BULLET.sub("", line.strip()) for i, line in zip(edge, edge_text, strict=True)}
    table_seen = False
    for i in edge:
        line = folded[i]
        if not line or not keep[i]:
            continue
        if _is_table_line(line) or (table_seen and _KEY_LINE.match(line)):
            for k, v in _table_fields(line).items():
                info.setdefault(k, v)
            keep[i], table_seen = False, True
        elif _KEY_LINE.match(line) and _key_lines_follow(folded, i):
            # 索引号:… / 发布机构:… / 成文日期:… one key a line (often as a list)
            for k, v in _table_fields(line).items():
                info.setdefault(k, v)
            keep[i], table_seen = False, True
        elif (m := _KEY.fullmatch(line)) and (table_seen or _more_keys(folded, i)):
            # a key alone on its line, in a table of such lines (a lone 标题 is text):
            # the value, if any, is the next short line
            field = INFO_KEYS.get(_WS.sub("", m.group(1)))
            nxt = next((j for j in range(i + 1, min(n, i + 3)) if folded.get(j)), None)
            if field and nxt is not None and len(folded[nxt]) <= 40 and not _KEY.match(folded[nxt]):
                info.setdefault(field, folded[nxt])
                keep[nxt] = False
            keep[i] = False
            table_seen = True
        elif _is_chrome(line):
            keep[i] = False
    if all(keep) and not info:
        return raw, info
    # The page repeats the title above the text: keep one copy.
    seen = None
    for i in edge[: min(len(edge), _EDGE)]:
        if not keep[i] or not folded[i]:
            continue
        if seen is not None and folded[i] == folded[seen] and _TITLE.search(folded[i]):
            keep[i] = False
        else:
            seen = i
    body = "\n".join(line for line, k in zip(lines, keep, strict=True) if k)
    return body, {k: v for k, v in info.items() if v}
