"""Reused text across reports: template sentences, copies from other agencies and from
the agency's own earlier report (issue 12).  See README (reuse) for the method."""

from .mask import Masker, masker_for
from .report import ReuseReport, ReuseSource, ReuseSpan, kind_of, reuse_report
from .store import store_path
from .update import ReuseUpdate, update_reuse

__all__ = [
    "Masker",
    "ReuseReport",
    "ReuseSource",
    "ReuseSpan",
    "ReuseUpdate",
    "kind_of",
    "masker_for",
    "reuse_report",
    "store_path",
    "update_reuse",
]
