"""Where reports are kept: the storage boundary (``base``) and its two stores.

``open_store(path)`` opens (or with ``create``, makes) a Whoosh index folder;
``open_store(MEMORY)`` gives an empty in-memory store.  Whoosh is imported
only when a folder is opened, and its fixes are applied then.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import Column, Part, PartWriter, Snapshot, Store, Writer, doc_fields

DEFAULT_INDEX_DIR = "index"
MEMORY = ":memory:"


def resolve_index_dir(index_dir: str | os.PathLike | None = None) -> Path:
    """``--index DIR``, else ``SEARCH_INDEX``, else ``index/`` in the working directory."""
    return Path(index_dir or os.environ.get("SEARCH_INDEX") or DEFAULT_INDEX_DIR)


def open_store(location: str | os.PathLike, create: bool = False) -> Store:
    """The store at ``location``: an index folder, or ``MEMORY``."""
    if str(location) == MEMORY:
        from .memory import MemoryStore

        return MemoryStore()
    from .whoosh import WhooshStore

    return WhooshStore(location, create=create)


def index_exists(index_dir: str | os.PathLike) -> bool:
    from .whoosh import index_exists as exists

    return exists(index_dir)


def remove_unreferenced(index_dir: str | os.PathLike) -> int:
    """Delete files of ``index_dir`` that no commit references; the bytes freed."""
    from .whoosh import remove_unreferenced as remove

    return remove(index_dir)


__all__ = [
    "DEFAULT_INDEX_DIR",
    "MEMORY",
    "Column",
    "Part",
    "PartWriter",
    "Snapshot",
    "Store",
    "Writer",
    "doc_fields",
    "index_exists",
    "open_store",
    "remove_unreferenced",
    "resolve_index_dir",
]
