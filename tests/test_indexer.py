"""Indexing: re-runs, edits, prune, duplicates, bad files, the lock, readers, crashes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import search
from search import IndexLockedError, SearchIndex, index_paths

from .conftest import ROOT, SAMPLES, corpus_files


@pytest.fixture
def reports(tmp_path) -> Path:
    d = tmp_path / "reports"
    shutil.copytree(SAMPLES, d)
    return d


def test_second_run_adds_nothing(reports, tmp_path):
    ix = tmp_path / "ix"
    first = index_paths([reports], ix)
    second = index_paths([reports], ix)
    assert (len(first.added), first.total) == (5, 5)
    assert (second.added, second.updated, len(second.unchanged)) == ([], [], 5)


def test_an_edited_file_replaces_its_old_text(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    target = reports / "004_218fc4b49fdc6f41.txt"
    old = target.read_text(encoding="utf-8")
    assert "智慧卫监试点" not in old
    edited = old.replace("法治建设", "法治工程") + "\n开展智慧卫监试点行动。\n"
    target.write_text(edited, encoding="utf-8")
    summary = index_paths([reports], ix)
    assert summary.updated == [str(target)] and summary.total == 5
    index = SearchIndex(ix)
    assert [h.path for h in index.search('"智慧卫监试点"').hits] == [target.name]
    assert target.name not in {h.path for h in index.search('"法治建设"', per_page=0).hits}


def test_prune_drops_reports_whose_files_are_gone(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    gone = reports / "001_cc230d041acd38b8.txt"
    gone.unlink()
    assert index_paths([reports], ix).total == 5  # without --prune nothing is lost
    summary = index_paths([reports], ix, prune=True)
    assert summary.pruned == [str(gone)] and summary.total == 4
    assert gone.name not in {h.path for h in SearchIndex(ix).search('"卫生"', per_page=0).hits}


def test_the_same_report_under_two_paths_is_indexed_once(reports, tmp_path):
    ix = tmp_path / "ix"
    copy = reports / "zz_downloaded_again.txt"
    shutil.copy(reports / "002_a6447469db452940.txt", copy)
    summary = index_paths([reports], ix)
    assert summary.total == 5
    assert summary.duplicates == [(str(copy), str(reports / "002_a6447469db452940.txt"))]


def test_bad_files_are_named_and_never_stop_the_run(reports, tmp_path):
    (reports / "empty.txt").write_bytes(b"")
    (reports / "noise.txt").write_bytes(bytes(range(256)) * 40)
    (reports / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    summary = index_paths([reports, tmp_path / "missing-folder"], tmp_path / "ix")
    assert summary.total == 5
    reasons = {Path(p).name: r for p, r in summary.failed}
    assert reasons["empty.txt"].startswith("empty")
    assert reasons["noise.txt"].startswith("not text")
    assert reasons["old.doc"].startswith("unsupported format")
    assert reasons["missing-folder"].startswith("cannot open")


def _python(code: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def test_a_second_writer_waits_then_names_the_problem(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    holder = _python(
        "import sys, time; from filelock import FileLock; "
        f"l = FileLock({str(ix / 'indexing.lock')!r}); l.acquire(); print('held', flush=True); "
        "time.sleep(30)"
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match="another process is writing the index"):
            index_paths([reports], ix, lock_wait=1.0)
        assert time.monotonic() - started >= 1.0
    finally:
        holder.kill()
        holder.wait()
    assert SearchIndex(ix).search('"法治"').total == 5  # untouched


def test_readers_see_no_errors_during_a_write_and_new_reports_after(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    index = SearchIndex(ix)
    more = corpus_files(60, seed=3)
    errors: list[Exception] = []
    totals: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                totals.append(index.search('"的"', per_page=3).total)
            except Exception as exc:  # the assertion below reports it
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        writer = _python(
            f"import search; search.index_paths({[str(p) for p in more]!r}, "
            f"{str(ix)!r}, batch_docs=10)"
        )
        assert writer.wait(timeout=240) == 0, writer.stderr.read()
        time.sleep(0.2)
    finally:
        stop.set()
        reader.join()
    assert not errors
    final = SearchIndex(ix).count('"的"')
    assert totals[0] <= final and index.count('"的"') == final > 5


def test_killed_mid_run_keeps_the_last_commit_and_a_rerun_completes(tmp_path):
    ix = tmp_path / "ix"
    files = [str(p) for p in corpus_files(120, seed=9)]
    code = f"import search; search.index_paths({files!r}, {str(ix)!r}, batch_docs=10, workers=1)"
    proc = _python(code)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and committed < 30:
        time.sleep(0.2)
        if search.index_exists(ix):
            try:
                committed = len(SearchIndex(ix).all_ids())
            except search.SearchError:
                committed = 0
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert committed >= 30, "the indexer never committed a batch"
    survived = SearchIndex(ix)
    ids = survived.all_ids()
    assert len(ids) % 10 == 0 and len(ids) >= 30  # whole batches only
    doc = survived.document(ids[-1])
    phrase = doc.text.replace("\n", "")[100:106]
    assert ids[-1] in survived.find_all(f'"{phrase}"')

    summary = index_paths(files, ix)
    assert len(summary.unchanged) >= len(ids)
    unique = len(summary.added) + len(summary.unchanged) + len(summary.updated)
    assert summary.total == unique == len(files) - len(summary.duplicates) - len(summary.failed)


def _twins(reports: Path) -> tuple[Path, Path]:
    kept = reports / "002_a6447469db452940.txt"
    twin = reports / "zz_downloaded_again.txt"
    shutil.copy(kept, twin)
    return kept, twin


def test_a_twin_gets_in_when_the_kept_copy_is_edited(reports, tmp_path):
    ix = tmp_path / "ix"
    kept, twin = _twins(reports)
    assert index_paths([reports], ix).duplicates == [(str(twin), str(kept))]
    phrase = '"' + kept.read_text(encoding="utf-8").split("\n")[6].strip()[:12] + '"'
    assert SearchIndex(ix).count(phrase) == 1
    kept.write_text("某区卫生健康局2022年度法治政府建设情况报告\n一、已改写。\n", encoding="utf-8")
    summary = index_paths([reports], ix)
    # The text used to vanish: the twin was still skipped as a "duplicate" of the old text.
    assert summary.added == [str(twin)] and summary.updated == [str(kept)]
    assert summary.duplicates == [] and summary.total == 6
    assert [h.path for h in SearchIndex(ix).search(phrase).hits] == [twin.name]


def test_a_twin_gets_in_when_the_kept_copy_is_pruned(reports, tmp_path):
    ix = tmp_path / "ix"
    kept, twin = _twins(reports)
    index_paths([reports], ix)
    kept.unlink()
    summary = index_paths([reports], ix, prune=True)
    assert summary.added == [str(twin)] and summary.pruned == [str(kept)]
    assert summary.total == 5


def test_a_touched_kept_copy_stays_the_only_copy(reports, tmp_path):
    ix = tmp_path / "ix"
    kept, twin = _twins(reports)
    index_paths([reports], ix)
    os.utime(kept, (1, 1))  # changed on disk, same text
    summary = index_paths([reports], ix)
    assert summary.duplicates == [(str(twin), str(kept))] and summary.total == 5
