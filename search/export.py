"""The citation table: one row per quoted sentence, as researchers cite it.

Shared by the results export (/export.csv) and the concordance's export
(/concordance.csv): the same columns in the same order, whatever the row order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import PurePath

CITATION_COLUMNS = (
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
# A spreadsheet evaluates a cell that starts like a formula (=HYPERLINK(…), +1, -1, @SUM).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# CSV lines a chunk of a streamed download: fewer writes, still streamed.
_CHUNK = 50


def source_of(url: str, path: str) -> str:
    """Where a reader can find the report again: its URL, else its file's name."""
    if url:
        return url
    return PurePath(path.replace("\\", "/")).name if path else ""


def query_text(query: str, filters: dict[str, object]) -> str:
    """The query and its filters as one query a reader can paste back into the search box."""
    parts = [query.strip()] if query and query.strip() else []
    for name, value in filters.items():
        if value not in (None, ""):
            parts.append(f"{name}:{value}")
    return " ".join(parts)


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


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header (after a UTF-8 BOM, which Excel needs) and the rows, in chunks of lines."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CITATION_COLUMNS)
    yield "\ufeff" + _take(buf)
    for n, row in enumerate(rows, 1):
        writer.writerow([cell(v) for v in row])
        if n % _CHUNK == 0:
            yield _take(buf)
    yield _take(buf)


def _take(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text
