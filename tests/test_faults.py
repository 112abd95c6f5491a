"""Crashes and write failures: a dead worker, a killed ``index``, a full or read-only disk."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import IndexWriteError, SearchIndex, index_paths
from search.store import remove_unreferenced
from search.store.whoosh.files import FileStorage

from .conftest import ROOT, SAMPLES, corpus_files


@pytest.fixture
def sample_ix(tmp_path) -> Path:
    ix = tmp_path / "ix"
    assert index_paths([SAMPLES], ix).total == 5
    return ix


def _cli(args: list[str], prelude: str = "") -> subprocess.Popen:
    code = f"{prelude}\nimport sys\nfrom search.cli import main\nsys.exit(main({args!r}))"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not reaped it yet


def _wait_for_workers(proc: subprocess.Popen, n: int = 2) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if len(kids) >= n:
            time.sleep(0.5)  # let them start on their files
            return kids
        time.sleep(0.05)
    raise AssertionError(f"index never started {n} workers: {proc.communicate()}")


def _unreferenced(ix: Path) -> list[str]:
    from search.store.whoosh.files import TOC

    toc = TOC.read(FileStorage(str(ix)), "reports")
    keep = {s.segment_id() for s in toc.segments}
    return sorted(
        name
        for name in os.listdir(ix)
        if name
        not in (
            "indexing.lock",
            "reports_WRITELOCK",
            "overlay.json",
            "reuse.sqlite",  # the reuse data (issue 12), SQLite's own
            "reuse.sqlite-journal",
            f"_reports_{toc.generation}.toc",
        )
        and not any(name.startswith(k + ".") for k in keep)
    )


def test_a_killed_worker_stops_the_run_with_one_line_and_frees_the_lock(sample_ix):
    files = [str(p) for p in corpus_files(80, seed=21)]
    proc = _cli(["index", *files, "--index", str(sample_ix)])
    worker = _wait_for_workers(proc)[0]
    os.kill(worker, signal.SIGKILL)  # what the out-of-memory killer does
    try:
        out, err = proc.communicate(timeout=120)  # it used to hang here forever
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: an indexing worker process died (SIGKILL")
    assert "the index still holds" in lines[0]
    assert not any(_alive(p) for p in _children(proc.pid))
    # The lock is free and the index whole: a new run completes the work.
    summary = index_paths(files, sample_ix, lock_wait=1.0)
    assert summary.total == 5 + len(files) - len(summary.duplicates) - len(summary.failed)
    assert _unreferenced(sample_ix) == []


def test_workers_die_with_a_killed_index(sample_ix):
    files = [str(p) for p in corpus_files(80, seed=22)]
    proc = _cli(["index", *files, "--index", str(sample_ix)])
    workers = _wait_for_workers(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    # They used to go on for minutes (225 s measured), slowing the re-run 3x.
    assert not any(_alive(w) for w in workers)
    assert SearchIndex(sample_ix).stats().total >= 5


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "no space left on device"),
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_a_write_failure_is_one_line_and_leaves_the_last_commit(sample_ix, monkeypatch, code, said):
    before = sorted(os.listdir(sample_ix))
    create = FileStorage.create_file
    created: list[str] = []

    def failing(self, name, *args, **kwargs):
        # The first files of the new segment get written; then the disk "fills".
        created.append(name)
        if len(created) > 3:
            raise OSError(code, os.strerror(code), name)
        return create(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", failing)
    files = [str(p) for p in corpus_files(12, seed=23)]
    with pytest.raises(IndexWriteError) as info:
        index_paths(files, sample_ix, workers=1)
    monkeypatch.undo()
    assert str(info.value) == (
        f"{said} while writing the index at {sample_ix}: "
        "nothing of this run was committed; the index still holds 5 reports"
    )
    assert len(created) > 3
    assert sorted(os.listdir(sample_ix)) == before  # the partial segment is gone
    assert SearchIndex(sample_ix).stats().total == 5
    assert index_paths(files, sample_ix).total > 5


def test_a_file_size_limit_from_the_kernel_is_one_line_and_nothing_is_left(sample_ix):
    # RLIMIT_FSIZE makes the kernel refuse writes past 200 KB, as a full disk refuses
    # them; the new segment of 30 reports is larger than that.
    files = [str(p) for p in corpus_files(30, seed=24)]
    before = sorted(os.listdir(sample_ix))
    prelude = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))"
    )
    proc = _cli(["index", *files, "--index", str(sample_ix)], prelude)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert err.strip() == (
        f"error: file too large while writing the index at {sample_ix}: "
        "nothing of this run was committed; the index still holds 5 reports"
    )
    assert sorted(os.listdir(sample_ix)) == before
    assert index_paths(files, sample_ix).total > 5


def test_the_next_writer_removes_files_no_commit_references(sample_ix):
    # What a killed writer leaves: a segment never committed, a spill folder, a TOC half written.
    (sample_ix / "reports_deadbeef0123.seg").write_bytes(bytes(2**20))
    (sample_ix / "reports.tmp").mkdir()
    (sample_ix / "reports.tmp" / "run1.tmp").write_bytes(bytes(2**16))
    (sample_ix / "_reports_9.toc.1733000000.5").write_bytes(b"half")
    assert len(_unreferenced(sample_ix)) == 3
    assert remove_unreferenced(sample_ix) == 2**20 + 2**16 + 4
    assert _unreferenced(sample_ix) == []
    assert SearchIndex(sample_ix).stats().total == 5
    # And every writer does it first, even one that then has nothing to do.
    (sample_ix / "reports_deadbeef0123.seg").write_bytes(bytes(2**20))
    index_paths([SAMPLES], sample_ix)
    assert _unreferenced(sample_ix) == []
