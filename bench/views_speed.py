"""How fast the coverage and indicator views answer at scale (issue 11 §3: /indicators
and /coverage under 300 ms on 30,000 reports).

    .venv/bin/python -m bench.views_speed --scale N [--index DIR] [--rounds R]
        [--baseline TREE] [--all] [--plain] [--only TEXT] [--workers W]

``--index DIR``: an index to measure; when DIR holds none, the first N synthetic reports
*with figures* are built into it (bench/synth.py: the speed benchmark's reports of real
corpus paragraphs, plus 2-6 real sentences carrying indicator figures each, so the
indicator table is not empty; ``--plain``: the speed benchmark's own reports, in which the
extractor finds no figure).  Default DIR: bench/work/views-fig-N (views-N with --plain).

Each route is requested through the Flask app in process (no network), without a query
and with ``"行政复议"``, at its default page: /coverage, /api/coverage, /indicators,
/api/indicators (``--all``: also the CSVs, /trend, /map and /search, with five queries).
Every (route, query) is requested once first and not counted (the first request builds the
index generation's per-report columns, as a server's first request does; printed as
"first"), then R rounds go over all of them in turn; p50 / p95 / max are over the rounds.

``--warm on|off|wait``: the web app builds a new generation's columns in a background thread
as soon as a call sees it (search.warmup).  ``on`` (default, what a server does): the first
requests come right after the index is opened, while the warm-up runs; ``off``: no warm-up,
the first request of each view builds its columns (as before 2026-12-02); ``wait``: the
first requests come after the warm-up finished, as a views request some time after a commit.

``--baseline TREE``: TREE holds an older ``search`` and ``web`` (``mkdir TREE && git archive
COMMIT search web | tar -x -C TREE``); two worker processes, the old code and this one, load
the same index and take the rounds in turn, so both run under the same load, and the
ratio old / new is printed per route.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus, synth

QUERY = '"行政复议"'
QUERIES = ['"法治政府建设"', '"行政复议"', '"双随机一公开"', '"告知承诺制"', "执法 监督"]
TARGETS = ["/coverage", "/api/coverage", "/indicators", "/api/indicators"]
EXTRA = [
    ("/indicators.csv", {}),
    ("/coverage", {"page": "8"}),  # a later page of agencies
    ("/coverage.csv", {}),
    ("/coverage.csv", {"form": "absent"}),
    ("/trend", {}),
    ("/trend", {"by": "province"}),
    ("/map", {}),
    ("/search", {}),  # the results page, with its trend chart
]


def cases(all_routes: bool) -> list[tuple[str, dict]]:
    """(label, query string) of every request of a round."""
    out = [
        (r + (f"?q={q}" if q else ""), {"q": q} if q else {}) for r in TARGETS for q in ("", QUERY)
    ]
    if all_routes:
        for route, extra in EXTRA:
            for q in QUERIES:
                args = "&".join(f"{a}={b}" for a, b in extra.items())
                out.append((f"{route}?{args + '&' if args else ''}q={q}", {"q": q, **extra}))
    return out


def build(n: int, target: Path, workers: int, plain: bool, seed: int = 1) -> Path:
    from search import index_exists, index_paths

    if index_exists(target):
        return target
    base = corpus.load(
        corpus.corpus_files(corpus.DEFAULT_CORPUS), keep_cleaned=True, workers=workers
    )
    pool = synth.paragraph_pool([d.cleaned for d in base.docs])
    if plain:
        files = synth.ensure(corpus.WORK / "synth", pool, n, seed)
    else:
        sources = [corpus.SEEDS_DIR, corpus.ROOT / "devset" / "itexts"]
        texts = [p.read_text(encoding="utf-8") for d in sources for p in sorted(d.glob("*.txt"))]
        figures = synth.figure_sentences(texts)
        files = synth.ensure_figures(corpus.WORK / "synth-figures", pool, figures, n, seed)
    t0 = time.perf_counter()
    # The views read no reuse data: the reuse pass (issue 12) is timed by bench.reuse.
    summary = index_paths(files, target, workers=workers, reuse=False)
    print(f"built {summary.total:,} reports in {time.perf_counter() - t0:.0f} s -> {target}")
    return target


class Runner:
    """The app over one index, in this process: warm-up, then one round at a time."""

    def __init__(self, index_dir: Path, todo: list[tuple[str, dict]], warm: str = "on") -> None:
        from web import create_app

        app = create_app(
            {
                "SEARCH_INDEX": str(index_dir),
                "SEARCH_BUILD_SAMPLES": False,
                "SEARCH_WARM_VIEWS": warm != "off",
            }
        )
        self.client = app.test_client()
        index = app.extensions["search_engine"].index()
        self.reports = len(index)
        if warm == "wait" and hasattr(index, "wait_warm"):
            index.wait_warm()
        self.todo = todo
        self.size: dict[str, int] = {}
        self.first = self.round(record_size=True)

    def round(self, record_size: bool = False) -> dict[str, float]:
        times = {}
        for label, qs in self.todo:
            route = label.split("?")[0]
            t0 = time.perf_counter()
            response = self.client.get(route, query_string=qs)
            body = response.data  # the whole body, as a client reads it
            times[label] = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            if record_size:
                self.size[label] = len(body)
        return times


def serve(index_dir: Path, all_routes: bool, warm: str = "on") -> int:
    """Worker of --baseline: a line on stdin runs a round, its times go out as JSON."""
    runner = Runner(index_dir, cases(all_routes), warm)
    out = {"reports": runner.reports, "first": runner.first, "size": runner.size}
    print(json.dumps(out), flush=True)
    for _ in sys.stdin:
        print(json.dumps(runner.round()), flush=True)
    return 0


class Worker:
    def __init__(
        self, index_dir: Path, all_routes: bool, tree: Path | None, warm: str = "on"
    ) -> None:
        cmd = [sys.executable, "-m", "bench.views_speed", "--serve", "--index", str(index_dir)]
        cmd += ["--warm", warm]
        env = dict(os.environ)
        # The cwd comes first on sys.path: TREE's search and web, this tree's bench.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(corpus.ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [*cmd, *(["--all"] if all_routes else [])],
            cwd=str(tree or corpus.ROOT),
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = json.loads(self.proc.stdout.readline())
        self.reports, self.first, self.size = hello["reports"], hello["first"], hello["size"]

    def round(self) -> dict[str, float]:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p95 of 20 rounds is the 19th slowest)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, -(-len(s) * p // 100) - 1))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.views_speed")
    p.add_argument("n", nargs="?", type=int, default=None, help="same as --scale")
    p.add_argument("--scale", type=int, default=None, help="synthetic reports (default 30,000)")
    p.add_argument("--index", type=Path, default=None, help="index to measure (built if empty)")
    p.add_argument("--plain", action="store_true", help="the speed benchmark's reports as is")
    p.add_argument("--workers", type=int, default=1, help="build workers")
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--only", default="", help="routes containing this text only")
    p.add_argument("--all", action="store_true", help="also the CSVs, /trend, /map, /search")
    p.add_argument("--baseline", type=Path, default=None, help="tree of older search/ web/")
    p.add_argument(
        "--warm",
        choices=("on", "off", "wait"),
        default="on",
        help="background warm-up of a new generation's columns (see the module's doc)",
    )
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        return serve(args.index.resolve(), args.all, args.warm)
    n = args.scale or args.n or 30_000
    name = f"views-{n}" if args.plain else f"views-fig-{n}"
    index_dir = build(n, (args.index or corpus.WORK / name).resolve(), args.workers, args.plain)
    todo = [c for c in cases(args.all) if args.only in c[0]]

    runs: dict[str, object] = {}
    if args.baseline:
        runs["old"] = Worker(index_dir, args.all, args.baseline.resolve(), args.warm)
    runs["new"] = (
        Worker(index_dir, args.all, None, args.warm)
        if args.baseline
        else Runner(index_dir, todo, args.warm)
    )
    times: dict[str, dict[str, list[float]]] = {k: {c[0]: [] for c in todo} for k in runs}
    for _ in range(args.rounds):
        for key, run in runs.items():  # old and new in turn: the same load for both
            for label, ms in run.round().items():
                if label in times[key]:
                    times[key][label].append(ms)
    for run in runs.values():
        if isinstance(run, Worker):
            run.close()

    new = runs["new"]
    print(f"{new.reports:,} reports in {index_dir}, {args.rounds} rounds")
    head = f"{'route':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'first ms':>9} {'bytes':>11}"
    for key, run in runs.items():
        print(f"\n{key if args.baseline else ''}\n{head}")
        for label, ts in times[key].items():
            print(
                f"{label:<34} {pct(ts, 50):8.1f} {pct(ts, 95):8.1f} {max(ts):8.1f}"
                f" {run.first[label]:9.1f} {run.size[label]:11,}"
            )
    if args.baseline:
        print(f"\n{'route':<34} {'old p50':>8} {'new p50':>8} {'old/new':>8}")
        for label in times["new"]:
            old, cur = pct(times["old"][label], 50), pct(times["new"][label], 50)
            print(f"{label:<34} {old:8.1f} {cur:8.1f} {old / cur:7.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
