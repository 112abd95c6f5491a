"""The Whoosh index on disk: opening it safely, and removing what no commit references."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, EmptyIndexError

from ...errors import IndexNotFoundError, SearchError
from .schema import make_schema

INDEX_NAME = "reports"


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


_TOC = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc(\..+)?$")  # .toc.<time>: a TOC half written
_SEGMENT_FILE = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")
_TEMP_DIR = f"{INDEX_NAME}.tmp"  # Whoosh's spill folder for posting runs


def remove_unreferenced(index_dir: str | os.PathLike) -> int:
    """Delete files of ``index_dir`` that no commit references; the bytes freed.

    A writer killed, or stopped by a full disk, leaves its segments and spill
    files behind (186 MB after one kill), and they kept the disk full for the
    next run.  Whoosh deletes them only when the next commit succeeds; this is
    run by every writer first, under the index lock, and after a failed write.
    """
    path = Path(index_dir)
    if not path.is_dir():
        return 0
    storage = FileStorage(str(path))
    try:
        toc = TOC.read(storage, INDEX_NAME)
    except Exception:  # noqa: BLE001 - not an index we can read (or none yet): touch nothing
        return 0
    keep = {seg.segment_id() for seg in toc.segments}
    freed = 0
    for entry in os.scandir(path):
        name = entry.name
        toc_match = _TOC.match(name)
        seg_match = _SEGMENT_FILE.match(name)
        stale = (
            toc_match is not None
            and (int(toc_match.group(1)) != toc.generation or toc_match.group(2))
        ) or (seg_match is not None and seg_match.group(1) not in keep)
        try:
            if stale:
                freed += entry.stat().st_size
                os.unlink(entry.path)
            elif name == _TEMP_DIR and entry.is_dir():
                freed += sum(f.stat().st_size for f in os.scandir(entry.path) if f.is_file())
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue  # already gone, or not ours to delete: the next writer tries again
    return freed
