"""Turning a ``DocumentView`` into blocks a template can lay out.

Many reports run a numbered heading into its paragraph (``1.加强组织领导。一是……``).
Shown as a heading, the whole paragraph would be bold; so such a paragraph is
split into its heading, shown strong, and the body text after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

import search

# The library's marked HTML: escaped text, entities, and <mark>/<mark id=…>/</mark>.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.S)


@dataclass
class Block:
    kind: str  # "heading" (a paragraph that is only a heading) or "para"
    level: int  # the section level for headings and run-in headings, else 0
    anchor: str
    head: Markup  # a run-in heading's HTML, or empty
    html: Markup


def split_marked(html: str, n: int) -> tuple[str, str]:
    """Split marked HTML after ``n`` characters of text, keeping <mark> balanced."""
    count, open_mark = 0, False
    for m in _TOKEN.finditer(html):
        if count >= n:
            head, rest = html[: m.start()], html[m.start() :]
            if open_mark:
                # The match continues after the split: close it here, reopen it there.
                head, rest = head + "</mark>", "<mark>" + rest
            return head, rest
        tok = m.group()
        if tok.startswith("<mark"):
            open_mark = True
        elif tok == "</mark>":
            open_mark = False
        elif not tok.startswith("<"):
            count += 1
    return html, ""


def doc_blocks(doc: search.DocumentView) -> list[Block]:
    heads = {s.start: s for s in doc.sections}
    blocks = []
    for p in doc.paragraphs:
        if not p.html.strip():
            continue
        section = heads.get(p.start) if p.heading_level else None
        if section is None:
            blocks.append(Block("para", 0, p.anchor, Markup(""), Markup(p.html)))
            continue
        head, rest = split_marked(p.html, len(section.heading.rstrip()))
        if rest.strip():
            blocks.append(Block("para", p.heading_level, p.anchor, Markup(head), Markup(rest)))
        else:
            blocks.append(Block("heading", p.heading_level, p.anchor, Markup(""), Markup(p.html)))
    return blocks


def doc_toc(doc: search.DocumentView) -> list[tuple[str, int, str]]:
    """(anchor, level, heading) for each heading of the report."""
    heads = {s.start: s for s in doc.sections}
    return [
        (p.anchor, heads[p.start].level, heads[p.start].heading)
        for p in doc.paragraphs
        if p.anchor and p.start in heads
    ]
