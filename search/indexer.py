"""Adding, updating and pruning reports: safe under bad files, crashes and rivals.

Work is committed in batches of about ``BATCH_SECONDS`` of work each, so a run
killed at any moment (even by SIGKILL) leaves an index that opens and holds
every report of the last completed batch; running ``index`` again skips those
(same path, same size and mtime) and does the rest.  A full disk, a folder
without write permission or a dead worker stop the run with one line naming
the problem; the last commit stands and the files no commit references are
removed (by that run, and by every writer before it writes).

What moved out of this module: finding files (symlinks, FIFOs, non-UTF-8
names) is ``walk``; the per-file bounds are ``limits``; the worker processes
are ``workers``; removing unreferenced files is ``store.remove_unreferenced``;
how reports are written and merged is the store's (``search.store``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from . import limits, manifest
from .analysis import use_fast_cut
from .document import PreparedReport, prepare_file
from .errors import IndexLockedError, IndexWriteError, SearchError, UnreadableFileError
from .readers.common import describe
from .store import Part, open_store, remove_unreferenced
from .store.base import Store
from .table import load_records
from .walk import Walk, path_text, walk_paths
from .workers import WorkerDiedError, WorkerPool

BATCH_DOCS = 5000
BATCH_SECONDS = 30.0  # of work between commits: what a crash can lose
FIRST_BATCH_BYTES = 16 * 2**20  # of files on disk, until the run has measured its speed
MIN_BATCH_BYTES = 8 * 2**20
BATCH_BYTES = 64 * 2**20  # at most, whatever the speed
LOCK_WAIT_SECONDS = 10.0


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
    # (path, reason): links not followed, FIFOs and other files that are not files
    skipped: list[tuple[str, str]] = field(default_factory=list)


def walk(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to index under the given paths, and the paths that could not be opened."""
    found = walk_paths(paths)
    return found.files, found.failed


def _prepare(path: str, stored: str) -> PreparedReport | tuple[str, str]:
    try:
        with limits.time_budget(stored, limits.MAX_SECONDS):
            report = prepare_file(path)
    except UnreadableFileError as exc:
        return (stored, exc.reason)
    except OSError as exc:
        return (stored, f"cannot open: {exc.strerror or exc}")
    except MemoryError:
        return (stored, "too large: out of memory while reading it")
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a run
        return (stored, f"cannot index: unexpected {type(exc).__name__}: {describe(exc)}")
    report.path = stored
    return report


@dataclass
class _Part:
    """What one worker did with its share of a batch: a new part and per-file outcomes."""

    segment: Part | None
    # (path, outcome, key, local docnum or reason): added/unchanged/duplicate/failed
    outcomes: list[tuple[str, str, str, object]]


def _index_part(
    index_dir: str, items: list[tuple[str, str]], known: dict[str, str], keys: dict[str, str]
) -> _Part:
    """Prepare the files of ``items`` (file system path, stored path) into a part.

    Runs in a worker process: segmentation and the store's posting work are
    the bulk of indexing, and each worker does both for its share, writing a
    part (a Whoosh segment) that the parent then commits with the others at once.
    """
    use_fast_cut()  # already done before the fork when there are workers
    writer = open_store(index_dir).part_writer()
    outcomes: list[tuple[str, str, str, object]] = []
    seen = dict(keys)
    for path, stored in items:
        item = _prepare(path, stored)
        if isinstance(item, tuple):
            outcomes.append((stored, "failed", "", item[1]))
            continue
        if known.get(stored) == item.key:
            outcomes.append((stored, "unchanged", item.key, None))
            continue
        kept = seen.get(item.key)
        if kept is not None and kept != stored:
            outcomes.append((stored, "duplicate", item.key, kept))
            continue
        outcomes.append((stored, "added", item.key, writer.add(item)))
        seen[item.key] = stored
    return _Part(writer.finish(), outcomes)


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
    found = walk_paths(paths)
    if paths and len(found.missing) == len(paths):
        # A mistyped path must not leave an empty index behind (issue 14).
        raise SearchError(
            "no such file or folder: "
            + ", ".join(path_text(p) for p in found.missing)
            + "; nothing was indexed"
        )
    if files_found:
        files_found(len(found.files))
    index_dir = Path(index_dir)
    try:
        ix = open_store(index_dir, create=True)
        lock = FileLock(str(index_dir / "indexing.lock"))
        lock.acquire(timeout=lock_wait)
    except Timeout as exc:
        raise IndexLockedError(
            f"another process is writing the index at {index_dir}; "
            f"waited {lock_wait:.0f} s, try again when it has finished"
        ) from exc
    except OSError as exc:
        raise IndexWriteError(
            f"{_what(exc)} while creating the index at {index_dir}: nothing was indexed"
        ) from exc
    run = None
    try:
        remove_unreferenced(index_dir)
        workers = workers if workers is not None else (os.cpu_count() or 1)
        _forget_typed_paths(ix, found.files)
        run = _Run(ix, index_dir, workers, batch_docs, progress)
        summary = run.run(paths, found, prune)
        snap = ix.snapshot()
        try:
            records = load_records(snap)
        finally:
            snap.close()
        summary.manifest = manifest.after_run(index_dir, records, paths, found.files, sheet)
        # Reuse (issue 12): one separate call after the last commit, still under the
        # lock.  It compares only reports not yet in reuse.sqlite, so a run killed
        # before it is caught up by the next one.
        if reuse:
            from .reuse import update_reuse

            update_reuse(index_dir)
        return summary
    except OSError as exc:
        remove_unreferenced(index_dir)
        raise IndexWriteError(
            f"{_what(exc)} while writing the index at {index_dir}: {_state(run, index_dir)}"
        ) from exc
    except WorkerDiedError as exc:
        remove_unreferenced(index_dir)
        raise WorkerDiedError(f"{exc}: {_state(run, index_dir)}") from exc
    finally:
        lock.release()


def _forget_typed_paths(ix: Store, files: list[str]) -> None:
    """Drop reports an earlier version stored under a path as typed, when this run has the file.

    They are read again under their canonical path; left in place, each would be
    skipped as a duplicate of itself. Committed apart: a crash before the run
    re-adds them loses nothing that running ``index`` again does not restore.
    """
    wanted = set(files)
    snap = ix.snapshot()
    try:
        typed = [
            p
            for p in snap.terms("path")
            if p and (not os.path.isabs(p) or os.path.normpath(p) != p)
        ]
    finally:
        snap.close()
    stale = [p for p in typed if os.path.realpath(p) in wanted]
    if stale:
        writer = ix.writer()
        for p in stale:
            writer.delete_path(p)
        writer.commit()


def _what(exc: OSError) -> str:
    """``No space left on device`` as the start of a sentence, lower case."""
    text = exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


def _state(run: _Run | None, index_dir: Path) -> str:
    """What of the run survived, for the one line that says it failed."""
    try:
        total = open_store(index_dir).doc_count()
    except SearchError:
        total = 0
    done = run.committed if run is not None else 0
    head = (
        f"the {done} files committed by this run are kept"
        if done
        else "nothing of this run was committed"
    )
    return f"{head}; the index still holds {total} reports"


def _split(batch: list[tuple[str, str]], sizes: dict[str, int], n: int) -> list[list]:
    """Share a batch among ``n`` workers by bytes, each share in path order."""
    shares: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    loads = [0] * n
    for item in sorted(batch, key=lambda it: sizes[it[0]], reverse=True):
        i = loads.index(min(loads))
        shares[i].append(item)
        loads[i] += sizes[item[0]]
    return [sorted(s) for s in shares if s]


class _Run:
    def __init__(self, ix: Store, index_dir: Path, workers: int, batch_docs: int, progress) -> None:
        self.ix, self.index_dir, self.workers = ix, index_dir, workers
        self.batch_docs, self.progress = batch_docs, progress
        self.summary = IndexSummary()
        self.committed = 0  # files of this run in a commit

    def run(self, paths, found: Walk, prune: bool) -> IndexSummary:
        summary = self.summary
        summary.failed.extend(found.failed)
        summary.skipped.extend(found.skipped)
        snap = self.ix.snapshot()
        try:
            records = {r["path"]: r for r in load_records(snap)}
        finally:
            snap.close()
        self.known = {p: r["key"] for p, r in records.items()}
        self.by_key = {k: p for p, k in self.known.items()}
        stored = {f: path_text(f) for f in found.files}
        self.sizes: dict[str, int] = {}
        changed, new = [], []
        for f in found.files:
            try:
                st = os.stat(f)
            except OSError as exc:  # gone or locked away since the walk
                summary.failed.append((stored[f], f"cannot open: {exc.strerror}"))
                continue
            self.sizes[f] = st.st_size
            rec = records.get(stored[f])
            if rec is None:
                new.append((f, stored[f]))
            elif (rec.get("size"), rec.get("mtime")) == (st.st_size, st.st_mtime):
                summary.unchanged.append(stored[f])
            else:
                changed.append((f, stored[f]))
        gone = self._gone(paths, set(stored.values())) if prune else []
        # A report about to change or go no longer holds its text: a twin skipped
        # as its duplicate must get in now, or the text vanishes from the index.
        for p in gone + [s for _, s in changed]:
            if self.by_key.get(self.known[p]) == p:
                del self.by_key[self.known[p]]
        if self.progress and summary.unchanged:
            self.progress(len(summary.unchanged))
        todo = changed + new  # changed first: they settle which twin holds a text
        pool = None
        if self.workers > 1 and len(todo) >= 4 * self.workers:
            use_fast_cut()  # jieba and the trie loaded before the fork: workers share them
            pool = WorkerPool(self.workers)
        try:
            self._batches(todo, pool)
        finally:
            if pool is not None:
                pool.close()
        if gone:
            writer = self.ix.writer()
            for p in gone:
                writer.delete_path(p)
            writer.commit()
            summary.pruned.extend(gone)
        self.ix.merge_if_fragmented()
        summary.total = self.ix.doc_count()
        return summary

    def _batches(self, todo: list[tuple[str, str]], pool: WorkerPool | None) -> None:
        """Commit ``todo`` a batch at a time, each about BATCH_SECONDS of work."""
        limit = FIRST_BATCH_BYTES
        at = 0
        while at < len(todo):
            batch, size = [], 0
            while at < len(todo) and len(batch) < self.batch_docs and (not batch or size < limit):
                batch.append(todo[at])
                size += self.sizes[todo[at][0]]
                at += 1
            started = time.monotonic()
            self._batch(batch, pool)
            rate = size / max(time.monotonic() - started, 1e-3)
            self.ix.merge_if_fragmented()  # a long run keeps its segments few
            limit = int(min(BATCH_BYTES, max(MIN_BATCH_BYTES, rate * BATCH_SECONDS)))

    def _batch(self, batch: list[tuple[str, str]], pool: WorkerPool | None) -> None:
        shares = _split(batch, self.sizes, self.workers if pool is not None else 1)
        args = [
            (
                str(self.index_dir),
                share,
                {s: self.known[s] for _, s in share if s in self.known},
                self.by_key,
            )
            for share in shares
        ]
        parts = pool.map(_index_part, args) if pool is not None else [_index_part(*a) for a in args]
        outcomes = sorted((o, i) for i, part in enumerate(parts) for o in part.outcomes)
        for (path, what, key, _), _i in outcomes:
            if what == "unchanged":  # it keeps its text, whatever a twin did in this batch
                self.by_key[key] = path
                self.summary.unchanged.append(path)
        writer = self.ix.writer()
        try:
            added: dict[str, str] = {}  # key -> path
            dropped: list[str] = []
            for (path, what, key, extra), i in outcomes:
                holder = added.get(key) or self.by_key.get(key)
                if what == "failed":
                    self.summary.failed.append((path, extra))
                elif what == "unchanged":
                    continue
                elif what == "duplicate" or (holder is not None and holder != path):
                    kept = extra if what == "duplicate" else holder
                    if what == "added":  # a twin got in first (another worker, or unchanged)
                        parts[i].segment.delete(extra)
                    if path in self.known:  # its old text is no longer at this path
                        writer.delete_path(path)
                        dropped.append(path)
                    self.summary.duplicates.append((path, kept))
                else:
                    added[key] = path
                    if path in self.known:
                        writer.delete_path(path)
                        self.summary.updated.append(path)
                    else:
                        self.summary.added.append(path)
            writer.commit(p.segment for p in parts)
        except BaseException:
            writer.cancel()
            raise
        self.committed += len(batch)
        for path in dropped:
            old = self.known.pop(path)
            if self.by_key.get(old) == path:
                del self.by_key[old]
        for key, path in added.items():
            old = self.known.get(path)
            if old is not None and self.by_key.get(old) == path:
                del self.by_key[old]
            self.known[path] = key
            self.by_key[key] = path
        if self.progress:
            self.progress(len(batch))

    def _gone(self, paths, walked: set[str]) -> list[str]:
        roots = [path_text(os.path.realpath(p)).rstrip(os.sep) for p in paths]
        out = []
        for p in self.known:
            if p in walked or os.path.exists(p):
                continue
            ap = os.path.abspath(p)
            if any(ap == r or ap.startswith(r + os.sep) for r in roots):
                out.append(p)
        return sorted(out)
