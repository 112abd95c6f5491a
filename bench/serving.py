"""Issue 13's serving target: ``serve --workers N`` under 16 keep-alive clients.

.venv/bin/python -m bench.serving INDEX_DIR [--workers 2,1] [--seconds 60] [--clients 16]

For each worker count: start ``python -m search serve --workers N`` on 127.0.0.1, wait for
its first answer, then 16 keep-alive clients (one spawned process, ``bench.http_load``'s
client) ask first pages of the benchmark's phrases for 60 s; every total is checked against
the library's count. RSS and PSS are summed over the master and all workers, sampled during
the load (PSS shares the memory-mapped index pages fairly; RSS counts them once per worker).
Then a one-report commit (Latin text only, so no Han phrase's total changes) is made while
the server runs: the time until every worker has mapped the new segment and answers it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.corpus import ROOT
from bench.http_load import HOST, _first_answer, _free_port, _load
from bench.phrases import cut_phrases, quoted
from bench.stats import summary_ms

PROBE = "benchmark commit probe {n} zqxj"


def _memory(proc) -> tuple[int, int]:
    import psutil

    rss = pss = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            rss += p.memory_info().rss
            pss += p.memory_full_info().pss
    return rss, pss


def _probe_total(port: int, text: str) -> int:
    q = urllib.parse.urlencode({"q": quoted(text.replace(" ", ""))})
    with urllib.request.urlopen(f"http://{HOST}:{port}/api/search?{q}", timeout=30) as r:
        return json.load(r)["total"]


def _commit_seen(proc, port: int, index_dir: Path, n: int) -> float:
    """Index one probe report; seconds until every worker has mapped its segment and
    every answer on fresh connections counts it."""
    import search

    text = PROBE.format(n=n)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"probe_{n}.txt").write_text(text + "\n", encoding="utf-8")
        search.index_paths([tmp], index_dir)
    t0 = time.perf_counter()
    segs = {p.name for p in index_dir.glob("*.seg")}
    workers = proc.children() or [proc]
    deadline = t0 + 120
    while time.perf_counter() < deadline:
        mapped = [
            {Path(m.path).name for m in w.memory_maps() if m.path.endswith(".seg")} for w in workers
        ]
        answers = [_probe_total(port, text) for _ in range(2 * len(workers))]
        if all(segs <= m for m in mapped) and all(a == 1 for a in answers):
            return time.perf_counter() - t0
    return float("nan")


def run(
    index_dir: Path,
    phrases: list[str],
    expected: dict[str, int],
    workers: int,
    seconds: float,
    clients: int,
    probe_no: int,
) -> dict:
    import psutil

    port = _free_port()
    log = open(index_dir.parent / f"serve_w{workers}.log", "w")  # noqa: SIM115
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search",
            "serve",
            "--workers",
            str(workers),
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
        env={**os.environ, "SEARCH_BUILD_SAMPLES": "0"},
    )
    try:
        proc = psutil.Process(child.pid)
        first = _first_answer(f"http://{HOST}:{port}", phrases[0], child, t0)
        idle = _memory(proc)
        ctx = multiprocessing.get_context("spawn")
        mine, theirs = ctx.Pipe(duplex=False)
        loader = ctx.Process(
            target=_load, args=(HOST, port, phrases, expected, seconds, clients, theirs)
        )
        peak_rss, peak_pss = idle
        loader.start()
        while not mine.poll(1.0):
            rss, pss = _memory(proc)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            if not loader.is_alive() and not mine.poll():
                raise RuntimeError(f"the load process exited with {loader.exitcode}")
        out = mine.recv()
        loader.join()
        commit_s = _commit_seen(proc, port, index_dir, probe_no)
    finally:
        child.terminate()
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        log.close()
    elapsed = out["seconds"]
    return {
        "workers": workers,
        "clients": clients,
        "seconds": elapsed,
        "first_answer_s": first,
        "requests": len(out["lat"]),
        "rps": len(out["lat"]) / elapsed if elapsed else 0.0,
        "latency_ms": summary_ms(out["lat"]),
        "errors": len(out["errors"]),
        "error_samples": out["errors"][:5],
        "wrong_totals": len(out["wrong"]),
        "wrong_samples": out["wrong"][:5],
        "rss_idle": idle[0],
        "pss_idle": idle[1],
        "rss_peak": peak_rss,
        "pss_peak": peak_pss,
        "commit_seen_s": commit_s,
    }


def measure(
    index_dir: Path,
    worker_counts: list[int],
    seconds: float,
    clients: int,
    n_phrases: int = 200,
    seed: int = 1,
) -> dict:
    """Phrases cut from the index's texts, their library totals, one run per worker count."""
    import search

    index = search.SearchIndex(str(index_dir))
    ctx, _ = index._context()
    texts = [ctx.compact(d).decode("utf-8") for d in ctx.table.live]
    phrases = cut_phrases(texts, n_phrases, seed)
    expected = {p: len(index.find_all(quoted(p))) for p in phrases}
    reports = len(texts)
    index.close()
    del texts, ctx
    runs = []
    for i, w in enumerate(worker_counts):
        runs.append(run(index_dir, phrases, expected, w, seconds, clients, int(time.time()) + i))
    return {"reports": reports, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.serving")
    p.add_argument("index", type=Path)
    p.add_argument("--workers", default="2,1")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--clients", type=int, default=16)
    args = p.parse_args(argv)
    res = measure(args.index, [int(w) for w in args.workers.split(",")], args.seconds, args.clients)
    print(json.dumps(res, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
