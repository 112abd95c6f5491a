"""Output formats, in one place: CSV, JSON lines and text, written as streams.

Every table the tool writes goes through these writers: the citation table
(``search --format csv``, /export.csv, /concordance.csv), the indicator tables,
trends, the map and coverage.  Each writer takes rows from any iterable and
yields text a few dozen rows at a time, so a table of every sentence holding 的
never sits in memory whole; closing the writer (a client that went away)
closes its rows too, so whatever produces them stops at once.

CSV is what Excel opens: UTF-8 with a BOM, and no cell that a spreadsheet
would run as a formula (one starting with = + - @ or a control character gets a
leading ').  JSON lines are one object a line, UTF-8, never ASCII-escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator

FORMATS = ("text", "csv", "jsonl")
ROWS_PER_CHUNK = 50
BOM = "\ufeff"
_FORMULA_START = frozenset("=+-@\t\r\n")


def csv_cell(value: object) -> str:
    """A cell's text ("" for None); one a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text[:1] in _FORMULA_START else text


def csv_stream(
    header: Iterable[object], rows: Iterable[Iterable[object]], *, cells: bool = False
) -> Iterator[str]:
    """The CSV text (BOM, header, rows) in chunks of ``ROWS_PER_CHUNK`` rows.

    Excel reads UTF-8 only with the BOM.  With ``cells``, every row is made of
    ``csv_cell`` texts already (the citation table makes a report's cells once for
    all its rows: 8% of an export's time when every cell was redone).  Closing
    this generator closes ``rows``.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_cell(v) for v in header])
    try:
        yield BOM + _take(buf)
        for n, row in enumerate(rows, 1):
            writer.writerow(row if cells else [csv_cell(v) for v in row])
            # A few dozen rows a chunk: streamed, without a syscall per row.
            if not n % ROWS_PER_CHUNK:
                yield _take(buf)
        yield _take(buf)
    finally:
        _close(rows)


def jsonl_stream(objects: Iterable[dict]) -> Iterator[str]:
    """One JSON object a line, ``ROWS_PER_CHUNK`` lines a chunk; closing it closes ``objects``."""
    lines: list[str] = []
    try:
        for obj in objects:
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
            if len(lines) == ROWS_PER_CHUNK:
                yield "".join(lines)
                lines.clear()
        if lines:
            yield "".join(lines)
    finally:
        _close(objects)


def text_stream(lines: Iterable[str]) -> Iterator[str]:
    """Lines of plain text (the CLI's reading form), each ended with a newline."""
    try:
        for line in lines:
            yield line + "\n"
    finally:
        _close(lines)


def share_text(share: float | None) -> str:
    """A share (0 to 1) with four decimals; empty when there was nothing to divide by."""
    return "" if share is None else f"{share:.4f}"


def _take(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def _close(source: object) -> None:
    close = getattr(source, "close", None)
    if close is not None:
        close()


_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def result_lines(result, color: bool = False) -> Iterator[str]:
    """A page of results as the CLI prints it: each hit, its snippets, the top facets.

    Matches are in 【】, or red on a terminal (``color``).
    """

    def show(html_text: str) -> str:
        marked = _MARK.sub(
            lambda m: f"\x1b[1;31m{m.group(1)}\x1b[0m" if color else f"【{m.group(1)}】", html_text
        )
        return html.unescape(marked)

    shown = len(result.hits)
    yield (
        f"{result.total} report{'s' if result.total != 1 else ''} match {result.query}"
        + (f" (showing {shown})" if shown < result.total else "")
    )
    for i, h in enumerate(result.hits, 1):
        meta = " · ".join(str(x) for x in (h.agency or "（未识别机构）", h.year or "", h.date) if x)
        yield ""
        yield (
            f"{i:>2}. {meta}  [{h.matches} match{'es' if h.matches != 1 else ''}, "
            f"score {h.score:g}]"
        )
        yield f"    {h.title}"
        yield f"    {h.path}  id={h.id}"
        for s in h.snippets:
            where = f"[{s.label}] " if s.label else ""
            yield f"    - {where}{show(s.html)}"
    if result.total:
        for name in ("agency", "year", "section"):
            counts = result.facets.get(name) or {}
            if counts:
                yield ""
                yield f"{name}: " + ", ".join(f"{k} {v}" for k, v in list(counts.items())[:10])
