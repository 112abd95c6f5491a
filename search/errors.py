"""The one error hierarchy of the library: callers catch ``SearchError``."""

from __future__ import annotations


class SearchError(Exception):
    """Base class of every error this library raises on purpose."""


# Stable names of every kind of QueryError: the CLI's --json and the API report them as
# ``code``, and the web UI words each one in Chinese from ``details``.
QUERY_ERROR_CODES = (
    "unbalanced_quote",  # details: position (1-based)
    "unclosed_paren",  # position
    "unmatched_paren",  # position
    "unexpected_token",  # token, position
    "empty_or",
    "empty_and",
    "empty_not",
    "empty_parentheses",
    "empty_phrase",
    "empty_query",
    "unknown_field",  # field, known
    "missing_value",  # field
    "bad_year",  # value
    "unknown_section",  # value
    "bad_reuse",  # value
    "bad_value",  # field, value, known: a value a field (level:) does not have
    "query_too_long",  # length, limit
    "control_character",
    "not_text",
    "bad_sort",  # value
    "bad_page",  # value
    "bad_per_page",  # limit
    "unknown_operator",  # token, position: /0, /x (only /s and /p exist)
    "missing_distance",  # operator, example, position: NEAR, NEAR/x
    "distance_too_large",  # operator, value, limit
    "empty_proximity",  # operator, position: /s alone, 同句(a)
    "bad_proximity_term",  # operator, term: a filter or an AND group as a side
    "chained_proximity",  # operator, position: a /s b /p c
    # The 高级检索 form and search within results (search.advanced):
    "missing_term",  # field: "first" or "second", operator
    "bad_operator",  # value
    "bad_distance",  # value, limit
    "unquotable_term",  # field: a term with every kind of closing quote in it
    "no_such_clause",  # index, count
    "bad_query",  # anything else
)


class QueryError(SearchError):
    """A query that cannot be parsed; the message names the problem in one line.

    ``code`` is one of QUERY_ERROR_CODES and ``details`` holds the values the
    message names (a position, a field), so a UI can word it in its own language.
    """

    def __init__(self, message: str, code: str = "bad_query", **details: object) -> None:
        super().__init__(message)
        self.code = code if code in QUERY_ERROR_CODES else "bad_query"
        self.details = details


class IndexNotFoundError(SearchError):
    """No index at the given directory (or it is not a search index)."""


class IndexLockedError(SearchError):
    """Another process is writing the index."""


class IndexWriteError(SearchError):
    """Writing the index failed (disk full, no permission, a dead worker); the last commit holds."""


class UnreadableFileError(SearchError):
    """A file that cannot be turned into report text; ``reason`` is short and human."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DocumentNotFoundError(SearchError):
    """No report with the given id in the index."""


class ManifestError(SearchError):
    """A ``--meta`` manifest that cannot be used at all (unreadable, not UTF-8, no path column)."""


class FileGoneError(SearchError):
    """A report's original file is no longer where it was indexed, or has changed since."""


class QueryTimeoutError(SearchError):
    """A request ran past its time budget (``SearchIndex(timeout=…)``); nothing was changed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"query timed out: not answered within {seconds:g} s; "
            "narrow it with a longer phrase or a filter"
        )
        self.seconds = seconds


class ReuseNotReadyError(SearchError):
    """The reuse data (issue 12) of an index is missing or behind the index: run the reuse pass."""
