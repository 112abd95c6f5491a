"""Where the index lives on disk, and opening it safely."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from .errors import IndexNotFoundError, SearchError
from .schema import make_schema

DEFAULT_INDEX_DIR = "index"
INDEX_NAME = "reports"


def resolve_index_dir(index_dir: str | os.PathLike | None = None) -> Path:
    """``--index DIR``, else ``SEARCH_INDEX``, else ``index/`` in the working directory."""
    return Path(index_dir or os.environ.get("SEARCH_INDEX") or DEFAULT_INDEX_DIR)


def index_exists(index_dir: str | os.PathLike) -> bool:
    path = Path(index_dir)
    return path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def open_whoosh(index_dir: str | os.PathLike, create: bool = False):
    path = Path(index_dir)
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SearchError(f"cannot create index directory {path}: {exc.strerror}") from exc
        if not index_exists(path):
            return whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
    if not path.is_dir():
        raise IndexNotFoundError(
            f"no index at {path}: run `python -m search index PATH --index {path}` first"
        )
    try:
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    except EmptyIndexError as exc:
        raise IndexNotFoundError(
            f"no index at {path}: run `python -m search index PATH --index {path}` first"
        ) from exc
    except Exception as exc:  # a damaged or foreign index: name it, don't dump a traceback
        raise IndexNotFoundError(f"cannot open the index at {path}: {exc}") from exc
