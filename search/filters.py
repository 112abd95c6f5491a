"""Field filters: reading their values and deciding which reports they keep.

Filters come from the query text or from options and URL parameters
(``--year 2021``, ``year=2021``); both are made by ``make_filter``, so both are
checked alike.  How a value is read and matched depends on the field's kind
(search/fields.py).

A text field keeps the reports whose value contains the filter's text, compared
folded and without whitespace (``agency:江海区``, ``title:报告``); a choice field
those whose value is the one named (``level:市级``); a year field a range;
``section:`` the reports that have that required part; ``reuse:`` what the
reuse summary says.  The record's key is the field's name, so a field added to
the registry filters with no code here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import partmap
from .analysis import compact
from .errors import QueryError
from .fields import REGISTRY, Filter, MetaField, field_name, unknown_field
from .fold import fold_query
from .model import PARTS
from .reuse.summary import reuse_docs

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


def make_filter(name: str, value: str) -> Filter:
    """A field filter, from the query (``year:2021``) or from an option (``--year 2021``)."""
    found = field_name(name) or name.lower()
    meta = REGISTRY.get(found)
    if meta is None or not meta.queried:
        raise unknown_field(found)
    value = fold_query(value).strip()
    if not value:
        raise QueryError(
            f"{found}: needs a value, e.g. {found}:{meta.example}", "missing_value", field=found
        )
    return _PARSERS[meta.kind](meta, value)


_YEAR = re.compile(r"^(\d{4})(?:\s*(?:-|–|—|~|\.\.|至|到)\s*(\d{4}))?$")


def _year(meta: MetaField, value: str) -> Filter:
    m = _YEAR.match(value)
    if not m:
        raise QueryError(
            f"{meta.name} must be a year such as 2021 or a range such as 2021-2022, not {value!r}",
            "bad_year",
            value=value,
        )
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return Filter(meta.name, value, min(lo, hi), max(lo, hi))


def _text(meta: MetaField, value: str) -> Filter:
    return Filter(meta.name, compact(value))


def _choice(meta: MetaField, value: str) -> Filter:
    """One of the values, or an alias of one; a value's start names it too (省 is 省级)."""
    aliases = dict(meta.value_aliases)
    typed = value.lower() if value.isascii() else value
    found = typed if typed in meta.values else aliases.get(typed)
    if found is None:
        starting = [v for v in meta.values if v.startswith(typed)]
        found = starting[0] if len(starting) == 1 else None
    if found is None:
        raise QueryError(
            f"{meta.name} must be one of {' / '.join(meta.values)}, not {value!r}",
            "bad_value",
            field=meta.name,
            value=value,
            known=" / ".join(meta.values),
        )
    return Filter(meta.name, found)


def _section(meta: MetaField, value: str) -> Filter:
    if value in PARTS:
        return Filter(meta.name, value)
    for alias, part in PART_ALIASES.items():
        if alias in value or value in part:
            return Filter(meta.name, part)
    raise QueryError(
        f"unknown section {value!r}: use one of {' / '.join(PARTS)}", "unknown_section", value=value
    )


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


def _reuse(meta: MetaField, value: str) -> Filter:
    """``reuse:>50%`` (share of the text reused; also ``<``, ``>0.5``) or a kind: ``reuse:self``."""
    if value.lower() in REUSE_KINDS:
        return Filter(meta.name, REUSE_KINDS[value.lower()])
    m = _SHARE.match(value)
    if m:
        n = float(m.group(2))
        pct = n if m.group(3) or n > 1 else n * 100
        if pct <= 100:
            return Filter(meta.name, m.group(1), lo=round(pct))
    raise QueryError(
        f"reuse must be a share such as >50% or <10%, or one of self / other / template, "
        f"not {value!r}",
        "bad_reuse",
        value=value,
    )


_PARSERS = {
    "text": _text,
    "year": _year,
    "choice": _choice,
    "section": _section,
    "reuse": _reuse,
}


def filter_docs(ctx, node: Filter) -> set[int]:
    """The live docnums of ``ctx``'s index that ``node`` keeps."""
    t = ctx.table
    kind = node.kind
    if kind == "year":
        return t.years(node.lo, node.hi)
    if kind == "choice":
        return set(t.values(node.field).get(node.value, ()))
    if kind == "section":
        return having_part(ctx, t.live, node.value)
    if kind == "reuse":
        return reuse_docs(ctx.index_dir, t.by_id, node.value, node.lo)
    return t.containing(node.field, node.value)


def having_part(ctx, docs: Iterable[int], part: str) -> set[int]:
    """The reports among ``docs`` that have the given required part."""
    want = PARTS.index(part)
    return {d for d in docs if want in partmap.parts(ctx.partmap(d))}
