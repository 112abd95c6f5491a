"""Exact phrase search over Chinese rule-of-law government reports (法治政府建设情况报告).

The public API; nothing else in the project imports jieba or Whoosh.
"""

from pathlib import Path

from .browse import BROWSE_FILTERS, BROWSE_SORTS, REQUIRED_PARTS, UNKNOWN, ReportList, ReportRow
from .clean import clean_text
from .concordance import CONCORDANCE_SORTS, Concordance, ConcordanceLine
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
from .reuse import (
    TEMPLATE_AGENCIES,
    Passage,
    PlanItem,
    ReuseNotReadyError,
    ReusePair,
    ReuseReport,
    ReuseSource,
    ReuseSpan,
    TemplateSentence,
    YearOverYear,
    reuse_of,
    reuse_pair,
    reuse_report,
    template_only,
    template_sentences,
    year_over_year,
)
from .searcher import SearchIndex, open_index
from .sections import find_sections
from .store import index_exists, resolve_index_dir

SAMPLES_DIR = Path(__file__).parent / "samples"

__all__ = [
    "EXPORT_COLUMNS",
    "MANIFEST_FIELDS",
    "BROWSE_FILTERS",
    "BROWSE_SORTS",
    "CONCORDANCE_SORTS",
    "REQUIRED_PARTS",
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
    "TEMPLATE_AGENCIES",
    "AgencyRow",
    "DocumentNotFoundError",
    "DocumentView",
    "FileGoneError",
    "Hit",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexWriteError",
    "IndexSummary",
    "ManifestError",
    "ManifestReport",
    "MatchRef",
    "MatchRow",
    "Metadata",
    "OriginalFile",
    "Paragraph",
    "Passage",
    "PlanItem",
    "QueryError",
    "QueryTimeoutError",
    "ReportMeta",
    "ReuseNotReadyError",
    "ReusePair",
    "ReuseReport",
    "ReuseSource",
    "ReuseSpan",
    "SearchError",
    "SearchIndex",
    "SearchResult",
    "Section",
    "Snippet",
    "Stats",
    "TemplateSentence",
    "UnreadableFileError",
    "YearOverYear",
    "clean_text",
    "csv_chunks",
    "csv_row",
    "extract_metadata",
    "find_sections",
    "index_exists",
    "index_paths",
    "open_index",
    "parse_query",
    "read_document",
    "resolve_index_dir",
    "reuse_of",
    "reuse_pair",
    "reuse_report",
    "template_only",
    "template_sentences",
    "year_over_year",
]
