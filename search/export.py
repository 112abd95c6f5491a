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

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import fields
from pathlib import PurePath
from typing import TYPE_CHECKING

from .budget import budget
from .docview import match_spans
from .errors import QueryError
from .fields import citation_cells, citation_columns, split_record, stored_fields, value_of
from .formats import csv_cell, csv_stream, jsonl_stream
from .matching import rank, units
from .model import PART_OTHER, MatchRow, Section
from .proximity import Near, near_nodes
from .results import SORTS, by_date, matching_docs
from .snippets import ELLIPSIS, TextMap, sections_at, sentence_extent

if TYPE_CHECKING:
    from .searcher import SearchIndex, _State

# The columns after the ones naming the report (fields with a ``column`` in search/fields.py).
ROW_COLUMNS = ("报告部分", "章节", "匹配句", "检索式", "来源", "报告ID")
# The table's columns with the built-in fields; ``export_columns()`` has any field added since.
EXPORT_COLUMNS = (*citation_columns(), *ROW_COLUMNS)
_ROW_ATTRS = frozenset(f.name for f in fields(MatchRow))


def export_columns() -> list[str]:
    return [*citation_columns(), *ROW_COLUMNS]


def export_rows(index: SearchIndex, query: str, sort: str, filters: dict) -> Iterator[MatchRow]:
    """Every matching sentence of every matching report, in the results page's order.

    The order is decided now (a bad query raises here); the rows are made
    as they are read, one report at a time, holding ``index``'s lock only to
    fetch that report's stored text from the generation the order was taken
    from.  Closing the iterator (a client gone) stops the work.
    """
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    rest, part = index._plan(query, filters)
    unit_list = units(rest) if rest is not None else []
    near = near_nodes(rest)
    with budget(index.timeout):
        with index._hold():
            st = index._state()
            st.pins += 1
        try:
            # Ordering every matching report can take a second or more (32
            # one-character terms); the columns it reads are read-only memory
            # maps, so only the reader's postings need the lock, taken per read.
            mapped = getattr(st.compact, "mapped", False) and getattr(st.partmap, "mapped", False)
            with nullcontext() if mapped else index._hold():
                ctx, _ = index._context(part, st, guard=index._lock)
                ctx.near_terms = near
                docs = matching_docs(ctx, rest, part)
                if sort == "relevance":
                    order = rank(ctx, docs, unit_list, len(docs))[0]
                else:
                    order = by_date(docs, st.table.records)
        except BaseException:
            _unpin(index, st)
            raise
    reports = _pinned_reports(index, st, order)
    next(reports)  # started: from here on, closing it (or dropping it) unpins
    return _rows(reports, unit_list, part, near)


def _pinned_reports(index: SearchIndex, st: _State, order: list[int]):
    try:
        yield None
        for d in order:
            with index._hold():
                rec, stored = st.table.records[d], st.snap.stored(d)
            yield rec, stored
    finally:
        _unpin(index, st)


def _unpin(index: SearchIndex, st: _State) -> None:
    with index._lock:
        st.pins -= 1
        if not st.pins and st is not index._state_now:
            st.snap.close()


def _rows(reports, unit_list: list[str], part: str | None, near=()) -> Iterator[MatchRow]:
    try:
        for rec, stored in reports:
            yield from report_rows(rec, stored, unit_list, part, near)
    finally:
        reports.close()


def report_rows(
    record: dict,
    stored: dict,
    unit_list: list[str],
    part: str | None = None,
    near: tuple[Near, ...] = (),
) -> Iterator[MatchRow]:
    """The rows of one matching report: a row per sentence holding a match.

    ``record`` is the report's metadata record, ``stored`` its stored fields.
    Matches in one sentence share its row, each marked; a report matched by
    filters alone (no phrase or word to find) gets one row with no sentence.
    """
    text = stored["text"]
    sections = [Section(*s) for s in stored.get("sections") or []]
    spans = match_spans(TextMap.of(text), unit_list, sections, part, near)
    # What every row of the report shares, worked out once (a law can give thousands of rows).
    known, extra = split_record(record, _ROW_ATTRS)
    same = {
        "id": record["id"],
        **known,
        "extra": extra,
        "source": source_of(record),
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
    """One row's cells in ``export_columns()`` order, safe to open in a spreadsheet."""
    return _cells(row, _report_cells(row, query))


def _report_cells(row: MatchRow, query: str) -> tuple[list[str], list[str]]:
    """The cells before and after the sentence's own three, the same for a whole report."""
    head = [csv_cell(v) for v in citation_cells(row)]
    return head, [csv_cell(query), csv_cell(row.source), csv_cell(row.id)]


def _cells(row: MatchRow, report: tuple[list[str], list[str]]) -> list[str]:
    head, tail = report
    own = (row.part, row.section, row.marked or row.sentence)
    return [*head, *map(csv_cell, own), *tail]


def csv_chunks(rows: Iterable[MatchRow], query: str) -> Iterator[str]:
    """The citation table's CSV (search/formats.py: BOM, header, chunks of rows).

    Closing this generator (a client that went away) closes ``rows`` too, so
    whatever produces them stops at once.
    """
    return csv_stream(export_columns(), _table(rows, query), cells=True)


def _table(rows: Iterable[MatchRow], query: str) -> Iterator[list[object]]:
    report_id, report = None, ([], [])
    try:
        for row in rows:
            # A law can give thousands of rows: the report's cells are made once.
            if row.id != report_id:
                report_id, report = row.id, _report_cells(row, query)
            yield _cells(row, report)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """A citation table from rows already in ``export_columns()`` order (the concordance's)."""
    return csv_stream(export_columns(), rows)


def jsonl_chunks(rows: Iterable[MatchRow], query: str) -> Iterator[str]:
    """The citation table as JSON lines: one ``row_json`` object a line."""
    return jsonl_stream(_json_rows(rows, query))


def row_json(row: MatchRow, query: str) -> dict:
    """A row as ``search --format jsonl`` and /export.jsonl write it: the CSV's content
    with English names (every stored field of the registry), the sentence as written and marked.
    """
    return {
        "id": row.id,
        **{name: value_of(row, name) for name in stored_fields()},
        "path": row.path,
        "source": row.source,
        "part": row.part,
        "section": row.section,
        "sentence": row.sentence,
        "marked": row.marked or row.sentence,
        "matches": row.matches,
        "query": query,
    }


def _json_rows(rows: Iterable[MatchRow], query: str) -> Iterator[dict]:
    try:
        for row in rows:
            yield row_json(row, query)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
