"""Adding, updating and pruning reports: safe under bad files, crashes and rivals.

Every batch is a Whoosh commit, so a run killed half-way leaves an index that
opens and holds every report of the last completed batch; running ``index``
again skips those (same path, same size and mtime) and does the rest.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from . import compat, manifest
from .document import PreparedReport, encode_meta, encode_part_map, part_map, prepare_file
from .errors import IndexLockedError, UnreadableFileError
from .readers import SUPPORTED_SUFFIXES
from .store import open_whoosh
from .table import load_records

BATCH_DOCS = 5000
BATCH_BYTES = 64 * 2**20  # of files on disk: a crash loses at most this much work
MAX_SEGMENTS = 16
LOCK_WAIT_SECONDS = 10.0
WRITER_MB = 256


@dataclass
class IndexSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (skipped, kept)
    pruned: list[str] = field(default_factory=list)
    total: int = 0  # reports in the index after the run
    manifest: manifest.ManifestReport | None = None  # what --meta did, with its problems


def walk(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to index under the given paths, and the paths that do not exist.

    Files are named by their canonical path (``realpath``): a report's identity
    must not depend on how its path was typed or on the working directory.
    """
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.is_file():
            found = [str(p)]
        else:
            missing.append((str(p), "cannot open: no such file or folder"))
            continue
        for f in found:
            real = os.path.realpath(f)
            if real not in seen:
                seen.add(real)
                files.append(real)
    return files, missing


def _prepare(path: str) -> PreparedReport | tuple[str, str]:
    try:
        return prepare_file(path)
    except UnreadableFileError as exc:
        return (path, exc.reason)
    except OSError as exc:
        return (path, f"cannot open: {exc.strerror or exc}")


@dataclass
class _Part:
    """What one worker did with its share of a batch: a new segment and per-file outcomes."""

    segment: object | None
    # (path, outcome, key, local docnum or reason): added/unchanged/duplicate/failed
    outcomes: list[tuple[str, str, str, object]]


def _index_part(
    index_dir: str, paths: list[str], known: dict[str, str], keys: dict[str, str]
) -> _Part:
    """Prepare ``paths`` and write the new or changed ones into a segment of their own.

    Runs in a worker process: segmentation and Whoosh's posting work are the
    bulk of indexing, and each worker does both for its share, writing a
    segment that the parent then commits with the others in one TOC.
    """
    ix = open_whoosh(index_dir)
    writer = None
    outcomes: list[tuple[str, str, str, object]] = []
    seen = dict(keys)
    for path in paths:
        item = _prepare(path)
        if isinstance(item, tuple):
            outcomes.append((path, "failed", "", item[1]))
            continue
        if known.get(path) == item.key:
            outcomes.append((path, "unchanged", item.key, None))
            continue
        kept = seen.get(item.key)
        if kept is not None and kept != path:
            outcomes.append((path, "duplicate", item.key, kept))
            continue
        if writer is None:
            writer = SegmentWriter(ix, _lk=False, codec=compat.codec(), limitmb=WRITER_MB)
            compat.use_grouped_pool(writer)
        outcomes.append((path, "added", item.key, writer.docnum - writer.docbase))
        _add(writer, item)
        seen[item.key] = path
    # Not writer._finish(): the temporary folder is shared by every writer
    # of the index, and the other worker may still be spilling runs into it.
    segment = writer._finalize_segment() if writer is not None else None
    return _Part(segment, outcomes)


def _run_part(args) -> _Part:
    return _index_part(*args)


def _add(writer, report: PreparedReport) -> None:
    # ``grams`` bypasses add_document: it is neither stored nor scored, so
    # posting its terms straight into the pool is all Whoosh would do with it.
    writer.pool.add_counts("grams", writer.docnum, report.grams)
    writer.add_document(
        id=report.id,
        path=report.path,
        key=report.key,
        words=report.words,
        compact=report.compact.encode("utf-8"),
        partmap=encode_part_map(part_map(report.text, report.sections)),
        meta=encode_meta(report.meta_record()),
        text=report.text,
        sections=[(s.heading, s.level, s.part, s.start, s.end) for s in report.sections],
    )


def index_paths(
    paths: Iterable[str | os.PathLike],
    index_dir: str | os.PathLike,
    *,
    prune: bool = False,
    workers: int | None = None,
    batch_docs: int = BATCH_DOCS,
    lock_wait: float = LOCK_WAIT_SECONDS,
    progress: Callable[[int], object] | None = None,
    files_found: Callable[[int], object] | None = None,
    meta: str | os.PathLike | None = None,
    reuse: bool = True,
) -> IndexSummary:
    """Add or update the reports under ``paths``; see the module docstring.

    ``meta`` is a manifest CSV (see manifest.py), read before any work so that an
    unusable one stops the run before it starts.  ``reuse=False`` skips the reuse
    pass (issue 12), e.g. to time the build alone.
    """
    paths = list(paths)
    sheet = manifest.read_manifest(meta) if meta is not None else None
    files, missing = walk(paths)
    if files_found:
        files_found(len(files))
    index_dir = Path(index_dir)
    ix = open_whoosh(index_dir, create=True)
    lock = FileLock(str(index_dir / "indexing.lock"))
    try:
        lock.acquire(timeout=lock_wait)
    except Timeout as exc:
        raise IndexLockedError(
            f"another process is writing the index at {index_dir}; "
            f"waited {lock_wait:.0f} s, try again when it has finished"
        ) from exc
    try:
        workers = workers if workers is not None else (os.cpu_count() or 1)
        _forget_typed_paths(ix, files)
        run = _Run(ix, index_dir, workers, batch_docs, progress)
        summary = run.run(paths, files, missing, prune)
        with ix.reader() as reader:
            records = load_records(reader)
        summary.manifest = manifest.after_run(index_dir, records, paths, files, sheet)
        # Reuse (issue 12): one separate call after the last commit, still under the
        # lock.  It compares only reports not yet in reuse.sqlite, so a run killed
        # before it is caught up by the next one.
        if reuse:
            from .reuse import update_reuse

            update_reuse(index_dir)
        return summary
    finally:
        lock.release()


def _forget_typed_paths(ix, files: list[str]) -> None:
    """Drop reports an earlier version stored under a path as typed, when this run has the file.

    They are read again under their canonical path; left in place, each would be
    skipped as a duplicate of itself. Committed apart: a crash before the run
    re-adds them loses nothing that running ``index`` again does not restore.
    """
    wanted = set(files)
    with ix.reader() as reader:
        if reader.doc_count_all() == 0:
            return
        typed = [
            p
            for term in reader.lexicon("path")
            if (p := term.decode("utf-8")) and (not os.path.isabs(p) or os.path.normpath(p) != p)
        ]
    stale = [p for p in typed if os.path.realpath(p) in wanted]
    if stale:
        writer = _writer(ix)
        for p in stale:
            writer.delete_by_term("path", p)
        writer.commit(merge=False)


def _writer(ix):
    try:
        return ix.writer(limitmb=WRITER_MB, timeout=LOCK_WAIT_SECONDS, codec=compat.codec())
    except LockError as exc:
        raise IndexLockedError("another process is writing the index") from exc


def _batches(files: list[str], batch_docs: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for f in files:
        batch.append(f)
        size += os.path.getsize(f)
        if len(batch) >= batch_docs or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _split(batch: list[str], n: int) -> list[list[str]]:
    """Share a batch among ``n`` workers by bytes, each share in path order."""
    shares: list[list[str]] = [[] for _ in range(n)]
    loads = [0] * n
    for f in sorted(batch, key=os.path.getsize, reverse=True):
        i = loads.index(min(loads))
        shares[i].append(f)
        loads[i] += os.path.getsize(f)
    return [sorted(s) for s in shares if s]


class _Run:
    def __init__(self, ix, index_dir: Path, workers: int, batch_docs: int, progress) -> None:
        self.ix, self.index_dir, self.workers = ix, index_dir, workers
        self.batch_docs, self.progress = batch_docs, progress
        self.summary = IndexSummary()

    def run(self, paths, files, missing, prune) -> IndexSummary:
        summary = self.summary
        summary.failed.extend(missing)
        with self.ix.reader() as reader:
            records = {r["path"]: r for r in load_records(reader)}
        self.known = {p: r["key"] for p, r in records.items()}
        self.by_key = {k: p for p, k in self.known.items()}
        todo = []
        for f in files:
            rec = records.get(f)
            st = os.stat(f)
            if rec is not None and (rec.get("size"), rec.get("mtime")) == (st.st_size, st.st_mtime):
                summary.unchanged.append(f)
            else:
                todo.append(f)
        if self.progress and summary.unchanged:
            self.progress(len(summary.unchanged))
        pool = None
        if self.workers > 1 and len(todo) >= 4 * self.workers:
            from .analysis import jieba_tokenizer

            jieba_tokenizer()  # loaded before the fork, so workers share its pages
            pool = multiprocessing.get_context("fork").Pool(self.workers)
        try:
            for batch in _batches(todo, self.batch_docs):
                self._batch(batch, pool)
        finally:
            if pool is not None:
                pool.terminate()
        gone = self._gone(paths) if prune else []
        if gone:
            writer = _writer(self.ix)
            for p in gone:
                writer.delete_by_term("path", p)
            writer.commit(merge=False)
            summary.pruned.extend(gone)
        self._merge_if_fragmented()
        summary.total = self.ix.doc_count()
        return summary

    def _batch(self, batch: list[str], pool) -> None:
        shares = _split(batch, self.workers if pool is not None else 1)
        args = [
            (
                str(self.index_dir),
                share,
                {p: self.known[p] for p in share if p in self.known},
                self.by_key,
            )
            for share in shares
        ]
        parts = pool.map(_run_part, args) if pool is not None else [_run_part(a) for a in args]
        outcomes = sorted((o, i) for i, part in enumerate(parts) for o in part.outcomes)
        writer = _writer(self.ix)
        try:
            added: dict[str, str] = {}  # key -> path
            dropped: list[str] = []
            for (path, what, key, extra), i in outcomes:
                if what == "failed":
                    self.summary.failed.append((path, extra))
                elif what == "unchanged":
                    self.summary.unchanged.append(path)
                elif what == "duplicate" or key in added:
                    kept = extra if what == "duplicate" else added[key]
                    if what == "added":  # two workers added one text: keep the first path
                        parts[i].segment.delete_document(extra)
                    if path in self.known:  # its old text is no longer at this path
                        writer.delete_by_term("path", path)
                        dropped.append(path)
                    self.summary.duplicates.append((path, kept))
                else:
                    added[key] = path
                    if path in self.known:
                        writer.delete_by_term("path", path)
                        self.summary.updated.append(path)
                    else:
                        self.summary.added.append(path)
            compat.commit_segments(writer, [p.segment for p in parts])
        except BaseException:
            writer.cancel()
            raise
        for path in dropped:
            self.by_key.pop(self.known.pop(path), None)
        for key, path in added.items():
            old = self.known.get(path)
            if old is not None:
                self.by_key.pop(old, None)
            self.known[path] = key
            self.by_key[key] = path
        if self.progress:
            self.progress(len(batch))

    def _gone(self, paths) -> list[str]:
        roots = [os.path.realpath(p).rstrip(os.sep) for p in paths]
        out = []
        for p in self.known:
            if os.path.exists(p):
                continue
            ap = os.path.abspath(p)
            if any(ap == r or ap.startswith(r + os.sep) for r in roots):
                out.append(p)
        return sorted(out)

    def _merge_if_fragmented(self) -> None:
        # Each batch adds a segment per worker; many segments slow every
        # term lookup, so let Whoosh merge the small ones once they pile up.
        if len(self.ix._segments()) > MAX_SEGMENTS:
            compat.commit_segments(_writer(self.ix), [], merge_small=True)
