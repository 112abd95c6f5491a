"""The one error hierarchy of the library: callers catch ``SearchError``."""

from __future__ import annotations


class SearchError(Exception):
    """Base class of every error this library raises on purpose."""


class QueryError(SearchError):
    """A query that cannot be parsed; the message names the problem in one line."""


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
