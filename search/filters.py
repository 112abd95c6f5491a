"""Which reports a field filter keeps, by the field's kind (see search/fields.py).

A text field keeps the reports whose value contains the filter's text, compared
folded and without whitespace (``agency:江海区``, ``title:报告``); a choice field
those whose value is the one named (``level:市级``); a year field a range;
``section:`` the reports that have that required part; ``reuse:`` what the
reuse summary says.  The record's key is the field's name, so a field added to
the registry filters with no code here.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import partmap
from .fields import Filter
from .model import PARTS
from .reuse.summary import reuse_docs


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
