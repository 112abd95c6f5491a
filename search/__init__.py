"""Exact phrase search over Chinese rule-of-law government reports (法治政府建设情况报告).

The public API; nothing else in the project imports jieba or Whoosh.
"""

from pathlib import Path

from .browse import BROWSE_FILTERS, BROWSE_SORTS, REQUIRED_PARTS, UNKNOWN, ReportList, ReportRow
from .clean import clean_report, clean_text
from .concordance import CONCORDANCE_SORTS, Concordance, ConcordanceLine
from .coverage import (
    Coverage,
    CoverageReport,
    CoverageRow,
    absence_csv,
    coverage_csv,
)
from .errors import (
    DocumentNotFoundError,
    FileGoneError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    ManifestError,
    QueryError,
    QueryTimeoutError,
    SearchError,
    UnreadableFileError,
)
from .export import EXPORT_COLUMNS, csv_chunks, csv_lines, csv_row, query_text, source_of
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
from .manifest import MANIFEST_FIELDS, ManifestReport
from .metadata import extract_metadata
from .model import (
    META_SOURCES,
    PARTS,
    AgencyRow,
    DocumentView,
    Hit,
    MatchRef,
    MatchRow,
    Metadata,
    OriginalFile,
    Paragraph,
    ReportMeta,
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
    "EXPORT_COLUMNS",
    "MANIFEST_FIELDS",
    "BROWSE_FILTERS",
    "BROWSE_SORTS",
    "CONCORDANCE_SORTS",
    "UNKNOWN",
    "Concordance",
    "ConcordanceLine",
    "ReportList",
    "ReportRow",
    "csv_lines",
    "query_text",
    "source_of",
    "MAX_QUERY_LENGTH",
    "META_SOURCES",
    "PARTS",
    "SAMPLES_DIR",
    "SUPPORTED_SUFFIXES",
    "AgencyRow",
    "DocumentNotFoundError",
    "DocumentView",
    "FileGoneError",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexWriteError",
    "IndexSummary",
    "IndicatorRow",
    "IndicatorSpecError",
    "IndicatorValue",
    "ManifestError",
    "ManifestReport",
    "MatchRef",
    "MatchRow",
    "Metadata",
    "OriginalFile",
    "Paragraph",
    "ReportIndicators",
    "QueryError",
    "QueryTimeoutError",
    "ReportMeta",
    "SearchError",
    "SearchIndex",
    "SearchResult",
    "Section",
    "Snippet",
    "Stats",
    "UnreadableFileError",
    "clean_report",
    "clean_text",
    "extract_indicators",
    "csv_chunks",
    "csv_row",
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
