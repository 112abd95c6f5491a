"""The citation table: one row per matching sentence, as a researcher cites it.

Columns name the report the way a citation does (agency, region, year, date,
发文字号, title, part, section), then the sentence with its matches in 【】,
the query that found it and where the report came from; the internal report
id comes last, named 报告ID so nobody takes it for a 发文字号.  The CSV is
written a few dozen rows at a time from any iterable of rows (the export and
the concordance view share it), so an export of every sentence holding 的
never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from .docview import match_spans
from .model import PART_OTHER, MatchRow, Section
from .snippets import ELLIPSIS, TextMap, sections_at, sentence_extent

EXPORT_COLUMNS = (
    "机构",
    "地区",
    "年份",
    "日期",
    "发文字号",
    "标题",
    "报告部分",
    "章节",
    "匹配句",
    "检索式",
    "来源",
    "报告ID",
)
ROWS_PER_CHUNK = 50
_FORMULA_START = frozenset("=+-@\t\r\n")


def report_rows(
    record: dict, stored: dict, unit_list: list[str], part: str | None = None
) -> Iterator[MatchRow]:
    """The rows of one matching report: a row per sentence holding a match.

    ``record`` is the report's metadata record, ``stored`` its stored fields.
    Matches in one sentence share its row, each marked; a report matched by
    filters alone (no phrase or word to find) gets one row with no sentence.
    """
    text = stored["text"]
    sections = [Section(*s) for s in stored.get("sections") or []]
    spans = match_spans(TextMap.of(text), unit_list, sections, part)
    # What every row of the report shares, worked out once (a law can give thousands of rows).
    same = {
        "id": record["id"],
        "agency": record.get("agency", ""),
        "region": record.get("region", ""),
        "year": record.get("year"),
        "date": record.get("date", ""),
        "title": record.get("title", ""),
        "doc_number": record.get("doc_number", ""),
        "source": source_of(record),
        "url": record.get("url") or "",
        # relative to the folder indexed, never the server's absolute path
        "path": record.get("shown") or source_of({"path": record.get("path")}),
    }
    if not spans:
        yield MatchRow(**same, section="", part="", sentence="")
        return
    secs = sections_at(sections, [s for s, _ in spans])
    prev_end = 0
    k = 0
    while k < len(spans):
        s, e = spans[k]
        bs, be, cut_start, cut_end = sentence_extent(text, s, e)
        # Never start before the last row's text: two rows never share words.
        cut_start = cut_start or bs < prev_end
        bs, be = max(min(bs, s), prev_end), max(be, e)
        own = [spans[k]]
        k += 1
        while k < len(spans) and spans[k][0] < be:
            own.append(spans[k])
            be = max(be, spans[k][1])
            k += 1
        prev_end = be
        sec = secs[k - len(own)]
        # A shortened sentence says so (…), never reads as if it were whole.
        left, right = ELLIPSIS if cut_start else "", ELLIPSIS if cut_end else ""
        yield MatchRow(
            **same,
            section=sec.heading if sec else "",
            part=sec.part if sec else PART_OTHER,
            sentence=left + text[bs:be].strip() + right,
            marked=left + _marked(text, bs, be, own) + right,
            matches=len(own),
        )


def _marked(text: str, bs: int, be: int, spans: list[tuple[int, int]]) -> str:
    return marked(text[bs:be], spans, offset=bs).strip()


def marked(text: str, spans: Iterable[tuple[int, int]], offset: int = 0) -> str:
    """``text`` with each (start, end) span, offset by ``offset``, put in 【】 (the CLI's marks)."""
    out, pos = [], 0
    for s, e in sorted(spans):
        s, e = max(s - offset, pos), min(e - offset, len(text))
        if e <= s:
            continue
        out += [text[pos:s], "【", text[s:e], "】"]
        pos = e
    out.append(text[pos:])
    return "".join(out)


def source_of(record: dict) -> str:
    """Where a report can be found again: its URL when known, else its file's name."""
    url = record.get("url") or ""
    if url:
        return url
    path = str(record.get("path") or "")
    return PurePath(path.replace("\\", "/")).name if path else ""


def query_text(query: str, filters: dict | None = None) -> str:
    """The query and its filters as one query a user could type again (the 检索式 column)."""
    parts = [query.strip()] if query and query.strip() else []
    for name, value in (filters or {}).items():
        if value not in (None, ""):
            parts.append(f"{name}:{value}")
    return " ".join(parts)


def csv_row(row: MatchRow, query: str) -> list[str]:
    """One row's cells in ``EXPORT_COLUMNS`` order, safe to open in a spreadsheet."""
    return _cells(row, _report_cells(row, _cell(query)))


def _report_cells(row: MatchRow, query_cell: str) -> tuple[list[str], list[str]]:
    """The cells before and after the sentence's own three, the same for a whole report."""
    head = [row.agency, row.region, row.year or "", row.date, row.doc_number, row.title]
    return [_cell(v) for v in head], [query_cell, _cell(row.source), _cell(row.id)]


def _cells(row: MatchRow, report: tuple[list[str], list[str]]) -> list[str]:
    head, tail = report
    return [*head, _cell(row.part), _cell(row.section), _cell(row.marked or row.sentence), *tail]


def csv_chunks(rows: Iterable[MatchRow], query: str) -> Iterator[str]:
    """The CSV text (UTF-8 BOM, header, rows) in chunks of ``ROWS_PER_CHUNK`` rows.

    Closing this generator (a client that went away) closes ``rows`` too, so
    whatever produces them stops at once.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    query_cell = _cell(query)
    report_id, report = None, ([], [])
    try:
        # Excel reads UTF-8 only with the BOM.
        yield "\ufeff" + _take(buf)
        for n, row in enumerate(rows, 1):
            if row.id != report_id:
                report_id, report = row.id, _report_cells(row, query_cell)
            writer.writerow(_cells(row, report))
            # A few dozen rows a chunk: streamed, without a syscall per row.
            if not n % ROWS_PER_CHUNK:
                yield _take(buf)
        yield _take(buf)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """A citation table from rows already in ``EXPORT_COLUMNS`` order (the concordance's).

    The same BOM, header, chunking and formula neutralising as ``csv_chunks``.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    yield "\ufeff" + _take(buf)
    for n, row in enumerate(rows, 1):
        writer.writerow([_cell("" if v is None else v) for v in row])
        if not n % ROWS_PER_CHUNK:
            yield _take(buf)
    yield _take(buf)


def _take(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def _cell(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ would be evaluated.
    return "'" + text if text[:1] in _FORMULA_START else text
