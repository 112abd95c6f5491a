"""Indicator values of indexed reports as rows: long form (one value a row) and wide
form (one report a row, one column per indicator), with CSV that opens in Excel."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .formats import csv_stream
from .indicator_spec import default_spec
from .indicators import extract_indicators

LONG_FIELDS = (
    "id", "agency", "region", "level", "year", "title",
    "indicator", "value", "unit", "text", "label", "change", "bound",
    "sentence", "part", "start", "end",
)  # fmt: skip


@dataclass
class IndicatorRow:
    """One extracted value with the report it came from (the CLI's and API's row)."""

    id: str
    agency: str
    region: str
    level: str
    year: int | None
    title: str
    indicator: str
    value: float
    unit: str
    text: str
    label: str
    change: str
    bound: str
    sentence: str
    part: str
    start: int
    end: int

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in LONG_FIELDS}


@dataclass
class ReportIndicators:
    """One report and its values per indicator (a row of the wide table)."""

    id: str
    agency: str
    region: str
    level: str
    year: int | None
    title: str
    cells: dict[str, list[IndicatorRow]] = field(default_factory=dict)


def report_rows(records: Iterable[tuple[dict, Callable[[], str]]]) -> list[IndicatorRow]:
    """Rows of every (meta record, text getter): the values stored at index time, or
    extracted now from the stored text for a report indexed before they were stored."""
    rows: list[IndicatorRow] = []
    for record, text_of in records:
        values = record.get("indicators")
        if values is None:
            values = [v.to_json() for v in extract_indicators(text_of())]
        for v in values:
            rows.append(
                IndicatorRow(
                    id=record["id"],
                    agency=record.get("agency", ""),
                    region=record.get("region", ""),
                    level=record.get("level", ""),
                    year=record.get("year"),
                    title=record.get("title", ""),
                    **{k: v[k] for k in LONG_FIELDS[6:]},
                )
            )
    rows.sort(key=lambda r: (r.agency, r.year or 0, r.id, r.start))
    return rows


def indicator_names() -> list[str]:
    """The indicators of the data file, in its order: the wide table's columns."""
    return [ind.name for ind in default_spec().indicators]


def indicator_units() -> dict[str, str]:
    """Each indicator's canonical unit (件, %, 万元 ...), for column headings."""
    return {ind.name: ind.unit for ind in default_spec().indicators}


def wide_table(rows: list[IndicatorRow]) -> list[ReportIndicators]:
    """One entry per report (in the rows' order), each cell the values of one indicator."""
    out: dict[str, ReportIndicators] = {}
    for r in rows:
        rep = out.get(r.id)
        if rep is None:
            rep = out[r.id] = ReportIndicators(r.id, r.agency, r.region, r.level, r.year, r.title)
        rep.cells.setdefault(r.indicator, []).append(r)
    return list(out.values())


def _number(value: float) -> str:
    return f"{value:.12g}"


def long_csv(rows: Iterable[IndicatorRow]) -> Iterator[str]:
    """CSV (search/formats.py: UTF-8 BOM, formulas neutralised), one extracted value a row."""
    return csv_stream(
        LONG_FIELDS,
        ([_number(v) if k == "value" else v for k, v in r.to_json().items()] for r in rows),
    )


def wide_csv(rows: list[IndicatorRow], names: list[str] | None = None) -> Iterator[str]:
    """CSV with a UTF-8 BOM, one report a row; several values of one indicator are
    joined with "; " (a report may give a figure per sector)."""
    names = names or indicator_names()
    return csv_stream(
        ["id", "agency", "region", "level", "year", "title", *names],
        (
            [rep.id, rep.agency, rep.region, rep.level, rep.year, rep.title]
            + ["; ".join(_number(v.value) for v in rep.cells.get(n, [])) for n in names]
            for rep in wide_table(rows)
        ),
    )
