"""Exact phrase search over Chinese rule-of-law government reports (法治政府建设情况报告).

The public API; nothing else in the project imports jieba or Whoosh.
"""

from pathlib import Path

from .clean import clean_text
from .coverage import (
    REQUIRED_PARTS,
    Coverage,
    CoverageReport,
    CoverageRow,
    absence_csv,
    coverage_csv,
)
from .errors import (
    DocumentNotFoundError,
    IndexLockedError,
    IndexNotFoundError,
    QueryError,
    SearchError,
    UnreadableFileError,
)
from .indexer import IndexSummary, index_paths
from .indicator_rows import (
    IndicatorRow,
    ReportIndicators,
    indicator_names,
    indicator_units,
    long_csv,
    wide_csv,
    wide_table,
)
from .indicator_spec import IndicatorSpecError, load_spec
from .indicators import IndicatorValue, extract_indicators
from .metadata import extract_metadata
from .model import (
    PARTS,
    AgencyRow,
    DocumentView,
    Hit,
    MatchRef,
    MatchRow,
    Metadata,
    Paragraph,
    SearchResult,
    Section,
    Snippet,
    Stats,
)
from .query import MAX_QUERY_LENGTH, parse_query
from .readers import SUPPORTED_SUFFIXES, read_document
from .searcher import SearchIndex, open_index
from .sections import find_sections
from .store import index_exists, resolve_index_dir
from .trends import (
    GROUPINGS,
    LEVELS,
    ProvinceMap,
    ProvinceShare,
    Trend,
    TrendPoint,
    province_csv,
    provinces,
    trend_csv,
)

SAMPLES_DIR = Path(__file__).parent / "samples"

__all__ = [
    "GROUPINGS",
    "LEVELS",
    "REQUIRED_PARTS",
    "Coverage",
    "CoverageReport",
    "CoverageRow",
    "ProvinceMap",
    "ProvinceShare",
    "Trend",
    "TrendPoint",
    "absence_csv",
    "coverage_csv",
    "province_csv",
    "provinces",
    "trend_csv",
    "MAX_QUERY_LENGTH",
    "PARTS",
    "SAMPLES_DIR",
    "SUPPORTED_SUFFIXES",
    "AgencyRow",
    "DocumentNotFoundError",
    "DocumentView",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexSummary",
    "IndicatorRow",
    "IndicatorSpecError",
    "IndicatorValue",
    "MatchRef",
    "MatchRow",
    "Metadata",
    "Paragraph",
    "ReportIndicators",
    "QueryError",
    "SearchError",
    "SearchIndex",
    "SearchResult",
    "Section",
    "Snippet",
    "Stats",
    "UnreadableFileError",
    "clean_text",
    "extract_indicators",
    "extract_metadata",
    "find_sections",
    "index_exists",
    "index_paths",
    "indicator_names",
    "indicator_units",
    "load_spec",
    "long_csv",
    "open_index",
    "parse_query",
    "read_document",
    "resolve_index_dir",
    "wide_csv",
    "wide_table",
]
