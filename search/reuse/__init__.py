"""Reused text across reports: template sentences, copies from other agencies and from
the agency's own earlier report (issue 12).  See README (reuse) for the method.

The pass that writes the reuse data (``update_reuse``) is imported on first use:
it needs datasketch, whose import alone takes half a second, and reading the
data does not.
"""

from ..errors import ReuseNotReadyError
from .lookup import reuse_of, reuse_report
from .mask import Masker, masker_for
from .pair import Passage, ReusePair, reuse_pair
from .report import TEMPLATE_AGENCIES, ReuseReport, ReuseSource, ReuseSpan, kind_of
from .store import store_path
from .templates import TemplateSentence, template_only, template_sentences
from .years import PlanItem, YearOverYear, year_over_year

__all__ = [
    "TEMPLATE_AGENCIES",
    "Masker",
    "Passage",
    "PlanItem",
    "ReusePair",
    "ReuseNotReadyError",
    "ReuseReport",
    "ReuseSource",
    "ReuseSpan",
    "ReuseUpdate",
    "TemplateSentence",
    "YearOverYear",
    "kind_of",
    "masker_for",
    "reuse_of",
    "reuse_pair",
    "reuse_report",
    "store_path",
    "template_only",
    "template_sentences",
    "update_reuse",
    "year_over_year",
]


def __getattr__(name: str):
    if name in ("ReuseUpdate", "update_reuse", "ensure_reuse"):
        from . import update

        return getattr(update, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
