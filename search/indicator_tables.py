"""Indicator values printed in statistical tables rather than sentences.

行政执法统计年报 print the same tables year after year: a header of column names
(…合计(宗) | 罚没金额(万元)) and under it one row of numbers, one cell a column, written
on one line with ``|`` or one cell a line.  Cells are read in order after the header;
the row ends at the first cell that is not a number.  Which cells are which indicator
is data (``[[table]]`` in ``search/data/indicators.toml``); a blank cell is skipped, so
only the first and last cells of a row are taken, where blanks cannot shift them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .indicator_spec import Indicator, Spec

_CELL = re.compile(r"[^\s|｜]+")
_NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?")
_ROW_MAX = 600  # characters after a header in which its row must lie

# (indicator, value, the cell, the header)
TableValue = tuple[Indicator, float, re.Match[str], re.Match[str]]


def table_values(spec: Spec, text: str) -> Iterator[TableValue]:
    """(indicator, value, the cell, the header) for every taken cell of every table."""
    if not spec.tables:
        return
    by_name = {ind.name: ind for ind in spec.indicators}
    for table in spec.tables:
        for head in table.header.finditer(text):
            cells = []
            for m in _CELL.finditer(text, head.end(), min(len(text), head.end() + _ROW_MAX)):
                if not _NUMBER_CELL.fullmatch(m.group()):
                    break
                cells.append(m)
            if len(cells) < len(table.first) + len(table.last):
                continue
            taken = list(zip(table.first, cells, strict=False))
            if table.last:
                taken += list(zip(table.last, cells[-len(table.last) :], strict=True))
            unit = head.groupdict().get("unit")
            for name, cell in taken:
                if not name:
                    continue
                ind = by_name[name]
                factor = ind.factors.get(unit, 1.0) if unit and unit in ind.factors else 1.0
                yield ind, round(float(cell.group()) * factor, 8), cell, head
