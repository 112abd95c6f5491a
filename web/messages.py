"""The UI's Chinese wording of each query error, by its stable ``code``.

The library's messages are English (the CLI and the JSON API keep them); a
page shows the sentence here, filled in with the error's ``details``.
"""

from __future__ import annotations

import search

PARTS_HELP = (
    "主要举措和成效（举措）、存在的不足和原因（不足）、"
    "第一责任人职责（第一责任人）、下一年度工作安排（下一年度）、其他"
)


def fields_help() -> str:
    """``agency（机构）、region（地区）、…``: the query's fields, from the registry."""
    return "、".join(
        f"{name}（{label}）" if label else name
        for name, label in search.query_field_names().items()
    )


QUERY_MESSAGES = {
    "unbalanced_quote": "引号不成对：第 {position} 个字符开始的短语没有结束引号",
    "unclosed_paren": "括号不成对：第 {position} 个字符的左括号没有对应的右括号",
    "unmatched_paren": "括号不成对：第 {position} 个字符的右括号前面没有左括号",
    "unexpected_token": "第 {position} 个字符处的“{token}”无法理解",
    "empty_or": "OR 两边都需要检索词",
    "empty_and": "AND 两边都需要检索词",
    "empty_not": "NOT（或 -）后面需要检索词",
    "empty_parentheses": "括号里没有检索词",
    "empty_phrase": "引号里没有内容：请在引号之间写要检索的短语",
    "empty_query": "请输入检索词：用引号括起精确短语，或直接输入词语",
    "unknown_field": "没有“{field}:”这个字段（第 {position} 个字符）。可用的字段：{fields}",
    "missing_value": "“{field}:”后面需要写上要筛选的内容",
    "bad_year": "年份应写作 2021 或 2021-2022，而不是“{value}”",
    "unknown_section": "没有“{value}”这个报告部分。可用的部分：" + PARTS_HELP,
    "bad_value": "{field} 只能是 {known}，而不是“{value}”",
    "bad_reuse": "复用应写作 >50%、<10% 这样的比例，或 self（本机构往年）、other（其他机构）、"
    "template（套话），而不是“{value}”",
    "query_too_long": "检索式过长：{length} 个字符，最多 {limit} 个",
    "control_character": "检索式含有控制字符（如 NUL），请删除后重试",
    "not_text": "检索式必须是文字",
    "bad_sort": "排序方式只能是 relevance（相关度）或 date（日期）",
    "bad_page": "页码必须是从 1 开始的整数",
    "bad_per_page": "每页条数必须在 1 到 {limit} 之间",
    "unknown_operator": (
        "第 {position} 个字符处的“{token}”不是检索运算符：同句用 /s，同段用 /p，间隔 N 字用 NEAR/N"
    ),
    "missing_distance": "{operator} 需要写明间隔的字数，例如 {example}",
    "distance_too_large": "{operator} 的间隔 {value} 字太大，最多 {limit} 字",
    "empty_proximity": "{operator} 两边都需要检索词，例如 复议 /s 纠错 或 同句(复议 纠错)",
    "bad_proximity_term": "{operator} 两边只能是短语、词语或用 OR 连接的一组词，不能是“{term}”",
    "chained_proximity": (
        "一个子句只能用一个位置运算符：请把第 {position} 个字符处的 {operator} 放到另一个子句中"
    ),
    "missing_term": "“{relation}”需要填写{which}",
    "bad_operator": "没有“{value}”这种关系，请从列表中选择",
    "bad_distance": "间隔字数应是 0 到 {limit} 之间的整数，而不是“{value}”",
    "unquotable_term": '{which}同时含有 " 」 』 三种结束引号，无法写成一个短语',
    "no_such_clause": "检索式只有 {count} 个条件",
    "bad_query": "检索式无法理解，请检查引号、括号和 OR / NOT 的用法",
}

_FORM_FIELDS = {"first": "第一个词", "second": "第二个词", "field": "筛选内容"}


def chinese_message(exc: search.SearchError) -> str:
    """The page's message for an error the user's input caused."""
    code = getattr(exc, "code", None)
    if not isinstance(exc, search.QueryError) or code not in QUERY_MESSAGES:
        return str(exc)  # ParamError speaks Chinese already
    details = dict(getattr(exc, "details", {}))
    if code in ("missing_term", "unquotable_term"):  # the form's own words for its fields
        details["which"] = _FORM_FIELDS.get(str(details.get("field")), "检索词")
        details["relation"] = search.ADVANCED_OPERATORS.get(str(details.get("operator")), "")
    template = QUERY_MESSAGES[code]
    if code == "unknown_field":
        details["fields"] = fields_help()
        if not details.get("position"):
            template = template.replace("（第 {position} 个字符）", "")
    try:
        return template.format(**details)
    except (KeyError, IndexError, ValueError):
        return QUERY_MESSAGES["bad_query"]
