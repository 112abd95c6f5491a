"""``python -m search meta``: every report's metadata and where each field came from.

On a terminal, a table to find the gaps; with ``--csv``, a UTF-8 (BOM) file with the
same columns plus ``path`` that can be edited and fed back as an ``index --meta``
manifest (see manifest.py: cells equal to the extracted value are not overrides, so
an unedited round trip changes nothing).
"""

from __future__ import annotations

import csv
import io
import unicodedata

from .manifest import FORMULA_GUARD, MANIFEST_FIELDS
from .model import ReportMeta

COLUMNS = ("path", *MANIFEST_FIELDS)
CSV_COLUMNS = (*COLUMNS, *(f"{name}_source" for name in MANIFEST_FIELDS), "id")
_TABLE_COLUMNS = ("path", "agency", "region", "level", "year", "date", "doc_number", "title")
_TITLE_WIDTH = 40  # columns of a terminal; the CSV has the whole title


def values(report: ReportMeta) -> dict[str, str]:
    m = report.metadata
    out = {"path": report.path, "id": report.id}
    for name in MANIFEST_FIELDS:
        value = getattr(m, name)
        out[name] = "" if value is None else str(value)
        out[f"{name}_source"] = m.meta_source.get(name, "") if out[name] else ""
    return out


def to_csv(reports: list[ReportMeta]) -> str:
    """The CSV text, BOM first (Excel reads UTF-8 only with it)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in reports:
        row = values(r)
        writer.writerow(_guard(row[c]) for c in CSV_COLUMNS)
    return "\ufeff" + buf.getvalue()


def _guard(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; the manifest
    # reader drops the quote again.
    return "'" + text if text.startswith(FORMULA_GUARD) else text


def to_table(reports: list[ReportMeta]) -> str:
    """Aligned columns, one report a line, its fields' sources last."""
    columns = list(_TABLE_COLUMNS)
    if any(r.metadata.url for r in reports):
        columns.append("url")
    rows = []
    for r in reports:
        v = values(r)
        cells = [_clip(v[c] or "-", _TITLE_WIDTH if c == "title" else 0) for c in columns]
        sources = " ".join(f"{n}={v[n + '_source']}" for n in MANIFEST_FIELDS if v[n + "_source"])
        rows.append([*cells, sources or "-"])
    header = [*columns, "sources"]
    widths = [max([_width(h)] + [_width(row[i]) for row in rows]) for i, h in enumerate(header)]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    if not width or _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _width(s: str) -> int:
    # Han characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
