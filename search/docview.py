"""A whole report for display: every match marked, and a list of matches to jump to.

Built in one pass over the lines and the sorted matches together, outside the
index lock (the caller fetches the stored text and sections under it and lets
go): a 2.4 MB report with 64,000 matching lines once took 9.5 minutes here,
comparing every line with every match while every other request waited.
"""

from __future__ import annotations

from .budget import check
from .model import PART_OTHER, DocumentView, MatchRef, Paragraph, Section
from .snippets import TextMap, label_in, mark, quote_sentence, sections_at

# The page lists (and the view carries) at most this many matches to jump to;
# every match is still marked in the text, and ``match_count`` says how many.
MAX_LISTED = 1000


def build_view(
    described: dict, stored: dict, unit_list: list[str], part: str | None, query: str
) -> DocumentView:
    """The view of one report; ``described`` is its metadata, ``stored`` its stored fields."""
    sections = [Section(*s) for s in stored.get("sections") or []]
    text = stored["text"]
    spans = match_spans(TextMap.of(text), unit_list, sections, part)
    return DocumentView(
        **described,
        text=text,
        sections=sections,
        paragraphs=_paragraphs(text, sections, spans),
        matches=_match_list(text, sections, spans[:MAX_LISTED]),
        query=query,
        match_count=len(spans),
    )


def match_spans(
    tm: TextMap, unit_list: list[str], sections: list[Section], part: str | None
) -> list[tuple[int, int]]:
    """Every match of the units, merged and in text order, only in ``part`` when given."""
    spans = tm.find_all(unit_list) if unit_list else []
    if spans and part is not None:
        secs = sections_at(sections, [s for s, _ in spans])
        spans = [sp for sp, sec in zip(spans, secs, strict=True) if _part(sec) == part]
    return spans


def _paragraphs(
    text: str, sections: list[Section], spans: list[tuple[int, int]]
) -> list[Paragraph]:
    heads = {s.start: s for s in sections}
    out = []
    j, n = 0, len(spans)  # spans are merged, so their ends ascend with their starts
    pos = 0
    for k, line in enumerate(text.split("\n")):
        if not k % 1024:
            check()
        end = pos + len(line)
        while j < n and spans[j][1] <= pos:
            j += 1
        inner, ids = [], []
        i = j
        while i < n and spans[i][0] < end:
            s, e = spans[i]
            inner.append((max(s, pos), min(e, end)))
            # A match that runs on from the line before keeps its id there.
            ids.append(f"m{i + 1}" if s >= pos else "")
            i += 1
        sec = heads.get(pos)
        out.append(
            Paragraph(
                html=mark(line, inner, offset=pos, ids=ids),
                heading_level=sec.level if sec else 0,
                start=pos,
                anchor=f"s{k}" if sec else "",
            )
        )
        pos = end + 1
    return out


def _match_list(text: str, sections: list[Section], spans: list[tuple[int, int]]) -> list[MatchRef]:
    out = []
    secs = sections_at(sections, [s for s, _ in spans])
    for i, ((s, e), sec) in enumerate(zip(spans, secs, strict=True)):
        if not i % 256:
            check()
        out.append(
            MatchRef(
                anchor=f"m{i + 1}",
                section=sec.heading if sec else "",
                part=_part(sec),
                html=quote_sentence(text, [(s, e)]).html,
                label=label_in(text, sections, sec, s),
            )
        )
    return out


def _part(sec: Section | None) -> str:
    return sec.part if sec else PART_OTHER
