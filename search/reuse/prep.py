"""What the reuse pass computes from one report alone: masked paragraphs, sentence hashes,
MinHash signatures.  Nothing here reads the store, so it runs in worker processes, one
report ahead of the comparison (the LSH, the alignments and every write stay in the
process that holds the store's transaction).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..errors import SearchError
from . import near
from .mask import NAME, NUMBER, Masked, masker_for
from .source import IndexTexts

# Shortest masked sentence whose hash counts as reuse, in characters other than the
# placeholders: see README (reuse) for how it was measured.
MIN_SENTENCE = 12
# Reports from which the preparation runs in worker processes: starting one costs
# about a second (a new interpreter importing numpy and datasketch).
PARALLEL_FROM = 400
_BATCH = 8  # reports per message to and from a worker
_AHEAD = 8  # batches prepared or being prepared ahead of the comparison, at most


@dataclass
class Prepared:
    id: str
    agency: str
    year: int | None
    sents: list[tuple[int, int, int]]  # (hash, start, end) of each long masked sentence
    long: list[Masked]  # the paragraphs of near.MIN_PARAGRAPH masked characters or more
    values: np.ndarray  # their MinHash values, one row each
    sigs: list[bytes]  # the same as bytes (stored)
    digests: list[int]  # hashes of the signatures: equal for exact copies


def content_length(masked: str) -> int:
    return len(masked) - masked.count(NUMBER) - masked.count(NAME)


def sentence_hash(masked: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(masked.encode(), digest_size=8).digest(), "big", signed=True
    )


def digest(sig: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(sig, digest_size=8).digest(), "big", signed=True)


def prepare(texts: IndexTexts, doc_id: str) -> Prepared:
    rep = texts.get(doc_id)
    rec = rep.record
    paras = masker_for(rec).paragraphs(rep.text)
    sents = []
    for p in paras:
        for i, j in p.sentences():
            if content_length(p.text[i:j]) >= MIN_SENTENCE:
                sents.append((sentence_hash(p.text[i:j]), *p.span(i, j)))
    long = [p for p in paras if len(p.text) >= near.MIN_PARAGRAPH]
    values = near.signatures([p.text for p in long])
    sigs = [near.to_bytes(v) for v in values]
    return Prepared(
        doc_id,
        rec.get("agency") or "",
        rec.get("year"),
        sents,
        long,
        values,
        sigs,
        [digest(s) for s in sigs],
    )


def workers_for(count: int) -> int:
    """Worker processes for preparing ``count`` reports: none for a small batch."""
    cpus = os.cpu_count() or 1
    # This process compares while the workers prepare: one core for it, the rest (at
    # most two) for them; on one core a worker only adds the cost of its messages.
    return 0 if count < PARALLEL_FROM or cpus < 2 else min(2, cpus - 1)


def prepared(
    texts: IndexTexts, index_dir: str | os.PathLike, ids: list[str], workers: int
) -> Iterator[Prepared]:
    """``prepare`` of each of ``ids``, in order; in ``workers`` processes if more than 0."""
    if workers <= 0:
        for doc_id in ids:
            yield prepare(texts, doc_id)
        return
    batches = [ids[k : k + _BATCH] for k in range(0, len(ids), _BATCH)]
    # Plain child processes (``python -m search.reuse.prep DIR``) fed through pipes, not
    # multiprocessing: its spawn start runs the caller's main script again in every
    # child (a script without a main guard would index twice), and fork is unsafe in a
    # threaded web app.  Batch k goes to worker k % n; each answers in order.
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "search.reuse.prep", str(index_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        for _ in range(workers)
    ]
    try:
        sent = 0
        for k in range(len(batches)):
            # At most _AHEAD batches prepared or being prepared ahead of the
            # comparison: run ahead, the workers would hold a collection in memory.
            while sent < len(batches) and sent < k + _AHEAD:
                _send(procs[sent % workers].stdin, batches[sent])
                sent += 1
            yield from _receive(procs[k % workers].stdout)
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
    if len(data) < size:
        return None
    return pickle.loads(data)


def _receive(pipe) -> list[Prepared]:
    got = _read(pipe)
    if got is None:
        raise SearchError("a worker of the reuse pass stopped (see its error above)")
    return got


def _serve(index_dir: str) -> None:
    """A worker: prepare each batch of ids read from stdin, answer on stdout, in order."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    with IndexTexts(index_dir) as texts:
        try:
            while (ids := _read(stdin)) is not None:
                _send(stdout, [prepare(texts, i) for i in ids])
        except BrokenPipeError:
            pass  # the pass stopped: nothing more is wanted


if __name__ == "__main__":
    # Through the package, so what is pickled is search.reuse.prep.Prepared, not
    # __main__.Prepared (which the parent could not unpickle).
    from search.reuse.prep import _serve as serve

    serve(sys.argv[1])
