"""Reading the reuse of reports: what the CLI, the API and the report page show."""

from __future__ import annotations

import os
from typing import Protocol

from ..model import Section
from .report import TEMPLATE_AGENCIES, ReuseReport, assemble
from .source import load_report
from .store import connect


class ReportText(Protocol):
    """What the reuse of a report is computed over: a ``DocumentView`` has it."""

    id: str
    text: str
    sections: list[Section]


def reuse_of(
    report: ReportText, index_dir: str | os.PathLike, k: int = TEMPLATE_AGENCIES
) -> ReuseReport:
    """The reuse of a report already read from the index at ``index_dir``.

    ``k``: agencies in one year that make a sentence a template.  Raises
    ``ReuseNotReadyError`` when the reuse pass has not reached the report yet.
    """
    con = connect(index_dir)
    try:
        return assemble(con, report, k=k)
    finally:
        con.close()


def reuse_report(
    doc_id: str, index_dir: str | os.PathLike, k: int = TEMPLATE_AGENCIES
) -> ReuseReport:
    """The reuse of report ``doc_id`` of the index at ``index_dir``.

    ``DocumentNotFoundError`` when no live report has that id, ``ReuseNotReadyError``
    when the reuse pass has not reached it yet.
    """
    return reuse_of(load_report(index_dir, doc_id), index_dir, k)
