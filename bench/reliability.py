"""How the server behaves under its heaviest requests (issue 15): figures for README "Reliability".

Starts ``python -m search serve`` over an existing index, then times a report
page with every match marked (``/doc/<id>?q=``) and a whole export
(``/export.csv?q=``), each while another thread asks ``/healthz`` and a small
``/api/search`` every 100 ms, and samples the server's RSS throughout.

    .venv/bin/python -m bench.reliability --index DIR --doc ID --doc-q '"的"' --export-q '"的"'

``--src DIR`` runs the server from another checkout (e.g. an older commit
unpacked with ``git archive``), for before/after figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.http_load import _cpu, _free_port, _rss

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def _wait_ready(base: str, child: subprocess.Popen, timeout: float = 120.0) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"the server exited with {child.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer /healthz")


def _timed(base: str, path: str, params: dict) -> dict:
    """Fetch ``path`` streamed: seconds to the first byte and to the end, bytes, status."""
    import requests

    t0 = time.perf_counter()
    with requests.get(f"{base}{path}", params=params, stream=True, timeout=3600) as r:
        first = None
        size = 0
        for chunk in r.iter_content(65536):
            if first is None:
                first = time.perf_counter() - t0
            size += len(chunk)
    return {
        "status": r.status_code,
        "first_byte_s": first or 0.0,
        "total_s": time.perf_counter() - t0,
        "bytes": size,
    }


def _under_load(base: str, proc, path: str, params: dict, probing: bool = True) -> dict:
    """Time one heavy request while probing /healthz and /api/search; the server's peak RSS."""
    import requests

    done = threading.Event()
    probes: list[tuple[str, float, int]] = []
    peak = [_rss(proc)]

    def probe() -> None:
        while probing and not done.is_set():
            for name, url, p in (
                ("healthz", "/healthz", {}),
                ("api", "/api/search", {"q": '"法治建设"', "per_page": 10}),
            ):
                t = time.perf_counter()
                try:
                    status = requests.get(f"{base}{url}", params=p, timeout=600).status_code
                except requests.RequestException:
                    status = 0
                probes.append((name, time.perf_counter() - t, status))
            time.sleep(0.1)

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss(proc))
            time.sleep(0.05)

    cpu0 = _cpu(proc)
    threads = [threading.Thread(target=probe), threading.Thread(target=sample)]
    for t in threads:
        t.start()
    try:
        out = _timed(base, path, params)
    finally:
        done.set()
        for t in threads:
            t.join()
    for name in ("healthz", "api"):
        times = [s for n, s, _ in probes if n == name]
        out[f"{name}_probes"] = len(times)
        out[f"{name}_max_s"] = max(times, default=0.0)
        out[f"{name}_errors"] = sum(1 for n, _, st in probes if n == name and st != 200)
    out["peak_rss_mb"] = peak[0] / 1e6
    # The server's CPU seconds: comparable across runs on a machine shared with other work.
    out["cpu_s"] = _cpu(proc) - cpu0
    return out


def main(argv: list[str] | None = None) -> int:
    import psutil

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--doc", required=True, help="id of the report to show")
    ap.add_argument("--doc-q", default='"的"')
    ap.add_argument("--export-q", default='"的"')
    ap.add_argument("--src", default=str(ROOT), help="checkout to run the server from")
    ap.add_argument("--timeout", default="0", help="SEARCH_REQUEST_TIMEOUT for the server")
    args = ap.parse_args(argv)

    port = _free_port()
    base = f"http://{HOST}:{port}"
    env = {**os.environ, "PYTHONPATH": args.src, "SEARCH_REQUEST_TIMEOUT": args.timeout}
    cmd = [sys.executable, "-m", "search", "serve", "--index", args.index, "--port", str(port)]
    child = subprocess.Popen(
        cmd, cwd=args.src, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_ready(base, child)
        proc = psutil.Process(child.pid)
        print(f"server from {args.src}: idle RSS {_rss(proc) / 1e6:.0f} MB")
        runs = (
            ("doc", f"/doc/{args.doc}", {"q": args.doc_q}, True),
            ("export", "/export.csv", {"q": args.export_q}, True),
            ("export alone", "/export.csv", {"q": args.export_q}, False),
        )
        for name, path, params, probing in runs:
            r = _under_load(base, proc, path, params, probing)
            print(
                f"{name} {params}: status {r['status']}, first byte {r['first_byte_s']:.2f} s, "
                f"total {r['total_s']:.2f} s, server CPU {r['cpu_s']:.2f} s, "
                f"{r['bytes'] / 1e6:.1f} MB, "
                f"server peak RSS {r['peak_rss_mb']:.0f} MB; during it /healthz "
                f"max {r['healthz_max_s']:.3f} s over {r['healthz_probes']} probes "
                f"({r['healthz_errors']} errors), /api/search max {r['api_max_s']:.3f} s "
                f"over {r['api_probes']} ({r['api_errors']} errors)",
                flush=True,
            )
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
