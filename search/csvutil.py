"""CSV that opens in Excel: a UTF-8 BOM, and no cell Excel would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell's text; one starting with = + - @ (a formula to Excel) gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The whole table as one chunk of CSV text, BOM first (Excel reads UTF-8 only with it)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([csv_cell(v) for v in header])
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    yield "\ufeff" + buf.getvalue()


def share_text(share: float | None) -> str:
    """A share (0 to 1) with four decimals; empty when there was nothing to divide by."""
    return "" if share is None else f"{share:.4f}"
