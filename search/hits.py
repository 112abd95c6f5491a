"""One hit of a results page: a report's metadata, score, count and snippets."""

from __future__ import annotations

import bisect
import os
from dataclasses import fields

from .budget import check
from .docview import match_spans
from .fields import split_record
from .model import PART_OTHER, DocumentView, Hit, Section
from .snippets import (
    MAX_SNIPPETS,
    SPANS_PER_SNIPPET,
    TextMap,
    make_snippets,
    opening,
    section_at,
)


def make_hit(ctx, snap, d: int, unit_list: list[str], t, with_snippets: bool) -> Hit:
    """Report ``d`` as a hit: its metadata, score and count from the tally ``t``,
    and its snippets from the stored text."""
    check()  # a page of every hit, or compare's one per agency, can be long
    r = ctx.table.records[d]
    hit = Hit(
        **described(r),
        score=round(t.scores.get(d, 0.0), 4),
        matches=t.counts.get(d, 0),
    )
    if with_snippets:
        stored = snap.stored(d)
        tm = TextMap.of_compact(stored["text"], ctx.compact(d).decode("utf-8"))
        # Counted hits (the ranked page) need only the first matches.
        first = 0 if d not in t.counts or ctx.part else MAX_SNIPPETS * SPANS_PER_SNIPPET
        if ctx.part or ctx.near_terms:  # matches placed by their sections
            sections = sections_of(stored)
            spans = match_spans(tm, unit_list, sections, ctx.part, ctx.near_terms, first)
        else:
            spans = match_spans(tm, unit_list, [], None, (), first)
            sections = sections_of(stored, spans)
        hit.snippets = make_snippets(tm, spans, sections) if spans else opening(tm, sections)
        # A proximity operator's count is its pairs, not the occurrences marked.
        if unit_list and not first and not ctx.near_terms:
            hit.matches = len(spans) if ctx.part else max(hit.matches, len(spans))
    return hit


def described(record: dict) -> dict:
    """The metadata every hit and report view carries, from a table record.

    ``path`` is the one shown (relative to the folder indexed), never the
    server's absolute path, which stays the report's identity inside the index.
    """
    known, extra = split_record(record, _HIT_ATTRS)
    return {
        "id": record["id"],
        "path": record.get("shown") or os.path.basename(record["path"]),
        **known,
        "meta_source": dict(record.get("meta_source") or {}),
        "extra": extra,
    }


# Hit and DocumentView share these attributes; other registry fields go in their ``extra``.
_HIT_ATTRS = frozenset(f.name for f in fields(Hit)) & frozenset(
    f.name for f in fields(DocumentView)
)


def sections_of(stored: dict, spans: list[tuple[int, int]] | None = None) -> list[Section]:
    """The report's sections; with ``spans``, only as far as its snippets look.

    Snippets look up the sections of the first matches (``make_snippets``),
    each search stopping at the first section begun after it, and whether
    there is a section at all: a law of hundreds of articles made an object
    of every article for a match in its first.
    """
    raw = stored.get("sections") or []
    if spans:
        last = spans[min(len(spans), MAX_SNIPPETS * SPANS_PER_SNIPPET) - 1][1]
        raw = raw[: max(1, bisect.bisect_right(raw, last, key=_start_of))]
    return [Section(*s) for s in raw]


def _start_of(s) -> int:
    return s[3]  # a stored section: (heading, level, part, start, end)


def part_of(sections: list[Section], offset: int) -> str:
    sec = section_at(sections, offset)
    return sec.part if sec else PART_OTHER
