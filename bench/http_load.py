"""The web server under load: start-up to first answer, then N clients for a fixed time.

Only 127.0.0.1. The server runs as ``python -m search serve`` in a child process, the clients
in another (spawned, so none of the benchmark's heap or GC comes with them); the server's RSS
(and any children's) is sampled during the load.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import ROOT
from bench.phrases import quoted
from bench.stats import summary_ms

HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _rss(proc) -> int:
    import psutil

    try:
        total = proc.memory_info().rss
        for k in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += k.memory_info().rss
        return total
    except psutil.Error:
        return 0


def _cpu(proc) -> float:
    """User + system CPU seconds of the server so far."""
    t = proc.cpu_times()
    return t.user + t.system


def _first_answer(base: str, phrase: str, child: subprocess.Popen, t0: float) -> float:
    import requests

    deadline = t0 + START_TIMEOUT
    while time.perf_counter() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the server exited with {child.returncode} before answering")
        try:
            r = requests.get(
                f"{base}/api/search", params={"q": quoted(phrase), "per_page": 10}, timeout=10
            )
            if r.status_code == 200:
                return time.perf_counter() - t0
        except requests.RequestException:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"no answer from the server within {START_TIMEOUT:.0f} s")


def _client(
    host: str,
    port: int,
    phrases: Sequence[str],
    start: int,
    deadline: float,
    expected: dict[str, int],
    out: dict,
) -> None:
    """One client: keep-alive GETs of first pages, one after another, until the deadline.

    ``http.client`` rather than requests: the load generator shares this 2-core machine
    with the server, and every millisecond of CPU it spends is taken from the server.
    """
    conn = http.client.HTTPConnection(host, port, timeout=30)
    i = start
    while time.perf_counter() < deadline:
        phrase = phrases[i % len(phrases)]
        i += 1
        url = "/api/search?" + urllib.parse.urlencode({"q": quoted(phrase), "per_page": 10})
        t0 = time.perf_counter()
        try:
            conn.request("GET", url)
            r = conn.getresponse()
            raw = r.read()
            body = json.loads(raw) if r.status == 200 else None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            out["errors"].append(f"{phrase}: {type(exc).__name__}: {exc}"[:200])
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            continue
        out["lat"].append(time.perf_counter() - t0)
        if body is None:
            out["errors"].append(f"{phrase}: HTTP {r.status}")
        elif phrase in expected and body.get("total") != expected[phrase]:
            out["wrong"].append(f"{phrase}: total {body.get('total')} != {expected[phrase]}")
    conn.close()


def _load(
    host: str,
    port: int,
    phrases: list[str],
    expected: dict[str, int],
    seconds: float,
    clients: int,
    conn,
) -> None:
    """The clients, in a process of their own (spawned: none of the benchmark's heap)."""
    out: dict = {"lat": [], "errors": [], "wrong": []}
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=_client,
            daemon=True,
            args=(host, port, phrases, k * len(phrases) // clients, deadline, expected, out),
        )
        for k in range(clients)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out["seconds"] = time.perf_counter() - t0
    conn.send(out)
    conn.close()


def run(
    index_dir: Path,
    phrases: Sequence[str],
    expected: dict[str, int],
    seconds: float,
    clients: int = 4,
    log_path: Path | None = None,
) -> dict:
    """Start the server, time the first answer, load it with ``clients`` threads; figures."""
    import psutil

    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = open(log_path or (index_dir.parent / "server.log"), "w")  # noqa: SIM115
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search",
            "serve",
            "--index",
            str(index_dir),
            "--host",
            HOST,
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        proc = psutil.Process(child.pid)
        first = _first_answer(base, phrases[0], child, t0)
        rss_idle = _rss(proc)
        ctx = multiprocessing.get_context("spawn")
        mine, theirs = ctx.Pipe(duplex=False)
        loader = ctx.Process(
            target=_load,
            args=(HOST, port, list(phrases), dict(expected), seconds, clients, theirs),
        )
        peak = rss_idle
        cpu0 = _cpu(proc)
        loader.start()
        while not mine.poll(0.1):
            peak = max(peak, _rss(proc))
            if not loader.is_alive() and not mine.poll():
                raise RuntimeError(f"the load process exited with {loader.exitcode}")
        out = mine.recv()
        loader.join()
        elapsed = out["seconds"]
        cpu = _cpu(proc) - cpu0
        threads_n = proc.num_threads()
        peak = max(peak, _rss(proc))
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        log.close()
    return {
        "first_answer_s": first,
        "clients": clients,
        "seconds": elapsed,
        "requests": len(out["lat"]) + sum(1 for e in out["errors"] if "HTTP" not in e),
        "throughput_rps": len(out["lat"]) / elapsed if elapsed else 0.0,
        "latency_ms": summary_ms(out["lat"]),
        "errors": len(out["errors"]),
        "error_samples": out["errors"][:10],
        "wrong_totals": len(out["wrong"]),
        "wrong_samples": out["wrong"][:10],
        "server_cpu_s": cpu,
        "server_cpu_ms_per_request": cpu * 1000 / len(out["lat"]) if out["lat"] else None,
        "server_cores_busy": cpu / elapsed if elapsed else None,
        "server_threads": threads_n,
        "rss_idle_bytes": rss_idle,
        "rss_peak_bytes": peak,
    }
