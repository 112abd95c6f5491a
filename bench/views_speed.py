"""How fast the trend, map and coverage pages answer at scale (issue 11 §3: /indicators
and /coverage under 300 ms on 30,000 reports).

    .venv/bin/python -m bench.views_speed [N] [--workers W] [--rounds R] [--only TEXT]

Builds (once; reused while bench/work/views-N exists) an index of the first N synthetic
reports of the speed benchmark (bench/synth.py: real corpus paragraphs under varied agency
names, the same files as ``python -m bench``), then requests every route through the Flask
app in process (no network, no server threads), each query R times, and prints the median
and the slowest time per route.  The first request of a route is a warm-up and not counted
(it builds the index's per-document table once per index generation).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench import corpus, synth
from search import index_exists, index_paths
from web import create_app

QUERIES = ['"法治政府建设"', '"行政复议"', '"双随机一公开"', '"告知承诺制"', "执法 监督"]
ROUTES = [
    ("/indicators", {}),
    ("/indicators.csv", {}),
    ("/coverage", {}),
    ("/coverage", {"page": "8"}),  # a later page of agencies
    ("/coverage.csv", {}),
    ("/coverage.csv", {"form": "absent"}),
    ("/trend", {}),
    ("/trend", {"by": "province"}),
    ("/map", {}),
    ("/search", {}),  # the results page, now with its trend chart
]


def build(n: int, workers: int, seed: int = 1) -> Path:
    target = corpus.WORK / f"views-{n}"
    if index_exists(target):
        return target
    base = corpus.load(
        corpus.corpus_files(corpus.DEFAULT_CORPUS), keep_cleaned=True, workers=workers
    )
    pool = synth.paragraph_pool([d.cleaned for d in base.docs])
    files = synth.ensure(corpus.WORK / "synth", pool, n, seed)
    t0 = time.perf_counter()
    # The views read no reuse data: the reuse pass (issue 12) is timed by bench.reuse.
    summary = index_paths(files, target, workers=workers, reuse=False)
    print(f"built {summary.total:,} reports in {time.perf_counter() - t0:.0f} s -> {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.views_speed")
    p.add_argument("n", nargs="?", type=int, default=30_000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", default="", help="routes containing this text only (coverage)")
    args = p.parse_args(argv)
    index_dir = build(args.n, args.workers)
    app = create_app({"SEARCH_INDEX": str(index_dir), "SEARCH_BUILD_SAMPLES": False})
    client = app.test_client()
    print(f"{len(client.application.extensions['search_engine'].index()):,} reports in the index")
    print(f"{'route':<34} {'p50 ms':>8} {'max ms':>8} {'bytes':>10}")
    for route, extra in ROUTES:
        if args.only not in route:
            continue
        times, size = [], 0
        for k, q in enumerate(QUERIES):
            for r in range(args.rounds):
                t0 = time.perf_counter()
                response = client.get(route, query_string={"q": q, **extra})
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{route} {q}: HTTP {response.status_code}")
                size = max(size, len(response.data))
                if k or r:  # the very first request of a route is the warm-up
                    times.append(elapsed)
        label = route + ("?" + "&".join(f"{a}={b}" for a, b in extra.items()) if extra else "")
        print(f"{label:<34} {statistics.median(times):8.1f} {max(times):8.1f} {size:10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
