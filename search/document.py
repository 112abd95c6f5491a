"""One report made ready for the index: cleaned, described, segmented."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field

from .analysis import compact, grams, segment
from .clean import clean_report
from .fold import fold
from .indicators import extract_indicators
from .metadata import extract_metadata
from .model import PART_OTHER, PARTS, Metadata, Section
from .sections import find_sections

_WHITESPACE = re.compile(r"\s+")


@dataclass
class PreparedReport:
    path: str
    key: str  # sha1 of the compact text: the same report under two paths has one key
    text: str  # cleaned text, shown and highlighted
    compact: str  # what exact phrases are matched against
    metadata: Metadata
    sections: list[Section]
    words: list[str] = field(default_factory=list)
    grams: dict[str, int] = field(default_factory=dict)
    size: int = 0
    mtime: float = 0.0
    indicators: list[dict] = field(default_factory=list)  # IndicatorValue.to_json() each

    @property
    def id(self) -> str:
        return self.key[:16]

    def meta_record(self) -> dict:
        record = asdict(self.metadata)
        record.update(
            id=self.id,
            path=self.path,
            key=self.key,
            size=self.size,
            mtime=self.mtime,
            chars=len(self.compact),
            indicators=self.indicators,
        )
        return record


def prepare_text(
    raw: str, path: str = "", size: int = 0, mtime: float = 0.0, analyze: bool = True
) -> PreparedReport:
    text, info = clean_report(raw)  # the report's own characters, shown and exported
    folded = fold(text)  # what rules and matching read: same offsets as text
    comp = compact(folded)
    report = PreparedReport(
        path=path,
        key=hashlib.sha1(comp.encode("utf-8")).hexdigest(),
        text=text,
        compact=comp,
        metadata=extract_metadata(text, info, folded),
        sections=find_sections(text, folded),
        size=size,
        mtime=mtime,
    )
    if analyze:
        report.words = segment(folded)
        report.grams = grams(comp)
        report.indicators = [v.to_json() for v in extract_indicators(text, report.sections)]
    return report


def prepare_file(path: str) -> PreparedReport:
    """Read, clean and analyse one file; raises UnreadableFileError for a bad one."""
    from .readers import read_document

    st = os.stat(path)
    return prepare_text(read_document(path), path, st.st_size, st.st_mtime)


def part_map(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    """Where each required part starts, as (byte offset in compact UTF-8, part index).

    Matching runs on the compact text's bytes, so the map is in those units;
    text outside any top-level section belongs to 其他.  The compact text is
    folded (，is 1 byte there, 3 in ``text``), so the bytes are counted on ``fold(text)``.
    """
    text = fold(text)

    # One sweep over the boundaries with a stack of open sections: looking up
    # the covering section per boundary was O(sections²), 100 s for a text of
    # 46,000 headings.  Sections come sorted by start, so the innermost open
    # one (the last started that has not ended) is on top of the stack.
    order = sorted(range(len(sections)), key=lambda i: sections[i].start)
    out: list[tuple[int, int]] = []
    open_: list[Section] = []
    nxt = 0
    pos = off = 0  # walk the text once, counting compact UTF-8 bytes
    for start in sorted({0} | {s.start for s in sections} | {s.end for s in sections}):
        if start >= len(text) and out:
            break
        off += len(_WHITESPACE.sub("", text[pos:start]).encode("utf-8"))
        pos = start
        while nxt < len(order) and sections[order[nxt]].start <= start:
            open_.append(sections[order[nxt]])
            nxt += 1
        # A section that ended lies below a later one only if that one still covers
        # ``start``; so popping ended sections off the top leaves the innermost.
        while open_ and open_[-1].end <= start:
            open_.pop()
        part = PARTS.index(open_[-1].part if open_ else PART_OTHER)
        if out and out[-1][0] == off:
            out[-1] = (off, part)
        elif not out or out[-1][1] != part:
            out.append((off, part))
    return out


def encode_meta(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_meta(data: bytes) -> dict:
    return json.loads(data)
