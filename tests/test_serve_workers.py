"""``python -m search serve --workers 2``: gunicorn workers over the samples (issue 13).

A real server in a subprocess: answers, concurrent totals, a commit seen by every
worker (each worker must have mapped the new segment and every answer counts the
new report), SIGTERM and a killed master leave no process behind, a port in use.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

import search

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PHRASES = ["法治建设", "推行证明事项", "卫生", "双随机一公开", "依法行政"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _total(port: int, phrase: str) -> int:
    q = urllib.parse.urlencode({"q": f'"{phrase}"'})
    with urllib.request.urlopen(f"http://{HOST}:{port}/fz/api/search?{q}", timeout=30) as r:
        return json.load(r)["total"]


def _start(index_dir: Path, port: int, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "search", "serve", "--workers", "2"]
            + ["--index", str(index_dir), "--port", str(port)],
            cwd=ROOT,
            # The prefix must reach every worker: every request below uses it.
            env={**os.environ, "SEARCH_URL_PREFIX": "/fz", "SEARCH_BUILD_SAMPLES": "0"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        assert child.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/fz/healthz", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    while len(psutil.Process(child.pid).children()) < 2:
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.1)
    return child


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.kill()
        child.wait()


@pytest.fixture()
def served(tmp_path):
    ix = tmp_path / "ix"
    search.index_paths([search.SAMPLES_DIR], ix)
    port = _free_port()
    child = _start(ix, port, tmp_path / "server.log")
    try:
        yield child, port, ix, tmp_path
    finally:
        _stop(child)


def _workers(child) -> list[psutil.Process]:
    return psutil.Process(child.pid).children()


def _segments_mapped(proc: psutil.Process) -> set[str]:
    return {Path(m.path).name for m in proc.memory_maps() if m.path.endswith(".seg")}


def test_two_workers_answer_concurrently_with_the_library_totals(served):
    child, port, ix, _ = served
    assert len(_workers(child)) == 2
    reference = search.SearchIndex(ix)
    expected = {p: len(reference.find_all(f'"{p}"')) for p in PHRASES}
    assert expected["推行证明事项"] == 2 and expected["法治建设"] == 5
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda i: (PHRASES[i % 5], _total(port, PHRASES[i % 5])), range(80)))
    assert all(total == expected[p] for p, total in got), got
    # a 612-character query gets the app's own message, not the server's 400
    q = urllib.parse.urlencode({"q": '"' + "法" * 612 + '"'})
    try:
        urllib.request.urlopen(f"http://{HOST}:{port}/fz/api/search?{q}", timeout=30)
    except urllib.error.HTTPError as exc:
        assert json.load(exc)["code"] == "query_too_long"
    else:
        pytest.fail("a 612-character query was answered")


def test_a_commit_is_seen_by_every_worker(served, tmp_path):
    child, port, ix, _ = served
    before = _total(port, "法治建设")
    new = tmp_path / "new"
    new.mkdir()
    src = sorted(search.SAMPLES_DIR.glob("*.txt"))[0]
    text = src.read_text(encoding="utf-8").replace("解放区", "新增区")
    (new / "new_report.txt").write_text(text + "\n新增报告。\n", encoding="utf-8")
    summary = search.index_paths([new], ix)
    assert len(summary.added) == 1
    new_segs = {p.name for p in ix.glob("*.seg")}
    workers = _workers(child)
    deadline = time.monotonic() + 60
    answers = []
    # Fresh connections, several at once, until both workers have mapped the new segments.
    while not all(new_segs <= _segments_mapped(w) for w in workers):
        assert time.monotonic() < deadline, [_segments_mapped(w) for w in workers]
        with ThreadPoolExecutor(4) as pool:
            answers += pool.map(lambda _: _total(port, "法治建设"), range(8))
    assert set(answers) == {before + 1}
    assert _total(port, "新增报告") == 1


def test_sigterm_stops_master_and_workers(served):
    child, port, _, _ = served
    workers = _workers(child)
    child.send_signal(signal.SIGTERM)
    assert child.wait(30) == 0
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://{HOST}:{port}/fz/healthz", timeout=2)


def test_a_killed_master_leaves_no_worker(served):
    child, _, _, _ = served
    workers = _workers(child)
    child.kill()
    child.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive


def test_a_port_in_use_is_one_clear_line(sample_index_dir):
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "search", "serve", "--workers", "2"]
            + ["--index", str(sample_index_dir), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert out.returncode == 1
    assert f"error: cannot listen on {HOST}:{port}: Address already in use" in out.stderr
    assert "serving" not in out.stderr
