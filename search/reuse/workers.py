"""Worker processes of the reuse pass: the work on one report that needs no writing.

Preparing a report (``prep.prepare``: masking, hashing) and summarising one
(``summary.summarise``: assembling its reuse from the store) read only the index and
the committed store, so a large pass hands them to child processes and keeps the
comparison and every write in its own process, which holds the store's transaction.
The children are plain ``python -m search.reuse.workers DIR`` processes fed through
pipes, not multiprocessing: its spawn start runs the caller's main script again in
every child (a script without a main guard would index twice), and fork is unsafe in
a threaded web app.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator

from ..errors import SearchError

BATCH = 8  # items per message to and from a worker
# Batches given out ahead of the one the caller waits for, at most: left to run
# ahead, the workers would hold a whole collection's prepared reports in memory.
AHEAD = 8


def ordered(
    index_dir: str | os.PathLike,
    workers: int,
    kind: str,
    items: list,
    setup: object = None,
) -> Iterator:
    """The answer for each of ``items`` (``kind``: prepare or summarise), in order.

    ``setup`` is sent to every worker first (the template sentences of a summary).
    Batch k goes to worker k % n, and each worker answers in the order it was asked.
    """
    batches = [items[k : k + BATCH] for k in range(0, len(items), BATCH)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "search.reuse.workers", str(index_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        for _ in range(workers)
    ]
    try:
        if setup is not None:
            for proc in procs:
                _send(proc.stdin, ("setup", setup))
        sent = 0
        for k in range(len(batches)):
            while sent < len(batches) and sent < k + AHEAD:
                _send(procs[sent % workers].stdin, (kind, batches[sent]))
                sent += 1
            got = _read(procs[k % workers].stdout)
            if got is None:
                raise SearchError("a worker of the reuse pass stopped (its error is above)")
            yield from got
    finally:
        # Both pipes closed: a worker waiting for work reads the end, one writing an
        # answer no one will read (a failed write upstream) gets a broken pipe.
        for proc in procs:
            for pipe in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _send(pipe, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(struct.pack("<Q", len(data)) + data)
    pipe.flush()


def _read(pipe):
    head = pipe.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("<Q", head)
    data = pipe.read(size)
    return pickle.loads(data) if len(data) == size else None


def serve(index_dir: str) -> None:
    """A worker: answer each batch read from stdin on stdout, in order."""
    from .prep import prepare
    from .source import IndexTexts
    from .summary import Summariser

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    summariser = None
    with IndexTexts(index_dir) as texts:
        try:
            while (msg := _read(stdin)) is not None:
                kind, payload = msg
                if kind == "setup":
                    summariser = Summariser(index_dir, texts, payload)
                elif kind == "prepare":
                    _send(stdout, [prepare(texts, i) for i in payload])
                else:
                    assert summariser is not None
                    _send(stdout, [summariser.summarise(r) for r in payload])
        except BrokenPipeError:
            pass  # the pass stopped: nothing more is wanted
        finally:
            if summariser is not None:
                summariser.close()


if __name__ == "__main__":
    # Through the package, so what is pickled is search.reuse.prep.Prepared, not
    # __main__.Prepared (which the parent could not unpickle).
    from search.reuse.workers import serve as _serve

    _serve(sys.argv[1])
