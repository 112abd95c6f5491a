"""The query's fields: ``agency:江海区 year:2021 region:广东 section:不足 title:报告``.

Field filters come from the query text or from options and URL parameters
(``--year 2021``, ``year=2021``); both are made here, so both are checked alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import compact
from .errors import QueryError
from .fold import fold_query
from .model import PARTS

FIELDS = ("agency", "year", "region", "section", "title", "reuse")
FIELD_ALIASES = {
    "机构": "agency",
    "年份": "year",
    "年度": "year",
    "地区": "region",
    "部分": "section",
    "标题": "title",
    "复用": "reuse",
}
# Words a researcher would type for each required part.
PART_ALIASES = {
    "举措": PARTS[0],
    "成效": PARTS[0],
    "措施": PARTS[0],
    "不足": PARTS[1],
    "问题": PARTS[1],
    "原因": PARTS[1],
    "短板": PARTS[1],
    "第一责任人": PARTS[2],
    "责任人": PARTS[2],
    "负责人": PARTS[2],
    "下一年度": PARTS[3],
    "下一步": PARTS[3],
    "安排": PARTS[3],
    "计划": PARTS[3],
    "其他": PARTS[4],
}
_YEAR = re.compile(r"^(\d{4})(?:\s*(?:-|–|—|~|\.\.|至|到)\s*(\d{4}))?$")


@dataclass(frozen=True)
class Filter:
    field: str
    value: str  # agency/region/title: compact text; section: a part name
    lo: int = 0  # year range
    hi: int = 0

    def __str__(self) -> str:
        if self.field == "reuse" and self.value in "<>":
            return f"reuse:{self.value}{self.lo}%"
        if self.field == "year":
            return f"year:{self.lo}" if self.lo == self.hi else f"year:{self.lo}-{self.hi}"
        return f"{self.field}:{self.value}"


def make_filter(field: str, value: str) -> Filter:
    """A field filter, from the query (``year:2021``) or from an option (``--year 2021``)."""
    field = FIELD_ALIASES.get(field, field).lower()
    value = fold_query(value).strip()
    if field not in FIELDS:
        raise unknown_field(field)
    if not value:
        raise QueryError(
            f"{field}: needs a value, e.g. {field}:{_EXAMPLES[field]}", "missing_value", field=field
        )
    if field == "year":
        m = _YEAR.match(value)
        if not m:
            raise QueryError(
                f"year must be a year such as 2021 or a range such as 2021-2022, not {value!r}",
                "bad_year",
                value=value,
            )
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if lo > hi:
            lo, hi = hi, lo
        return Filter("year", value, lo, hi)
    if field == "section":
        part = _part(value)
        return Filter("section", part)
    if field == "reuse":
        return _reuse(value)
    return Filter(field, compact(value))


def unknown_field(name: str, position: int = 0) -> QueryError:
    where = f" at character {position}" if position else ""
    return QueryError(
        f"unknown field {name}:{where}, use one of {known_fields()}",
        "unknown_field",
        field=name,
        position=position,
        known=known_fields(),
    )


def known_fields() -> str:
    """``agency (机构), year (年份/年度), …``: the fields with their Chinese names."""
    names: dict[str, list[str]] = {f: [] for f in FIELDS}
    for alias, field in FIELD_ALIASES.items():
        names[field].append(alias)
    return ", ".join(f"{f} ({'/'.join(names[f])})" for f in FIELDS)


_EXAMPLES = {
    "agency": "江海区卫生健康局",
    "year": "2021",
    "region": "广东",
    "section": "不足",
    "title": "报告",
    "reuse": ">50%",
}
# reuse: the kinds of reused text (see search/reuse), with the words a researcher would type.
REUSE_KINDS = {
    "self": "self",
    "本机构": "self",
    "往年": "self",
    "other": "other",
    "他机构": "other",
    "其他机构": "other",
    "template": "template",
    "套话": "template",
    "模板": "template",
}
_SHARE = re.compile(r"^([<>])\s*(\d+(?:\.\d+)?)\s*(%?)$")


def _reuse(value: str) -> Filter:
    """``reuse:>50%`` (share of the text reused; also ``<``, ``>0.5``) or a kind: ``reuse:self``."""
    if value.lower() in REUSE_KINDS:
        return Filter("reuse", REUSE_KINDS[value.lower()])
    m = _SHARE.match(value)
    if m:
        n = float(m.group(2))
        pct = n if m.group(3) or n > 1 else n * 100
        if pct <= 100:
            return Filter("reuse", m.group(1), lo=round(pct))
    raise QueryError(
        f"reuse must be a share such as >50% or <10%, or one of self / other / template, "
        f"not {value!r}",
        "bad_reuse",
        value=value,
    )


def _part(value: str) -> str:
    if value in PARTS:
        return value
    for alias, part in PART_ALIASES.items():
        if alias in value or value in part:
            return part
    raise QueryError(
        f"unknown section {value!r}: use one of {' / '.join(PARTS)}", "unknown_section", value=value
    )


def field_name(word: str) -> str:
    name = FIELD_ALIASES.get(word, word.lower())
    return name if name in FIELDS else ""
