"""Issue 13's target table in one run: ours against the scan, FTS5 trigram and tantivy-bigram.

.venv/bin/python -m bench.targets13                      # corpus, 10,000 and 30,000
.venv/bin/python -m bench.targets13 --scale 10000,100000 # other synthetic sizes
.venv/bin/python -m bench.targets13 --build-only --scale 30000   # build ahead (background)

For each collection: the build (ours, FTS5 trigram and tantivy-bigram on the same texts, one
after the other; reused from a ``--build-only`` run when one made them for the same texts, and
the table says so), then the benchmark's random phrases on every engine in rotating order,
each answer checked against the scan, then the worst-case phrases (bench/worst.py) on the
first page. Writes ``bench/results/targets13.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from bench import corpus, peers, queries, sizes
from bench.phrases import cut_phrases, quoted
from bench.stats import growth_exponent, machine
from bench.t13report import markdown
from bench.tantivy_peer import TantivyBigram
from bench.worst import worst_phrases

WARM = "法治政府建设"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.targets13",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--scale", default="10000,30000", help="synthetic sizes, N[,M...] ('' none)")
    p.add_argument("--no-corpus", action="store_true", help="skip the 58 MB corpus")
    p.add_argument("--phrases", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=None, help="index_paths workers")
    p.add_argument("--build-only", action="store_true", help="build and record, do not query")
    p.add_argument("--rebuild", action="store_true", help="never reuse an earlier build")
    p.add_argument("--corpus", type=Path, default=corpus.DEFAULT_CORPUS)
    p.add_argument(
        "--borrow",
        action="append",
        default=[],
        metavar="N=DIR",
        help="use a copy of DIR, an index of the first N synthetic reports built elsewhere "
        "(its build is not measured)",
    )
    return p.parse_args(argv)


def _peer_builds(
    c: sizes.Collection, rebuild: bool
) -> tuple[dict, peers.Fts5Trigram, TantivyBigram]:
    """FTS5 and tantivy over ``c``'s texts, built now or reused with the figures recorded
    when they were built (right after our own build of the same texts)."""
    marker = c.folder / "peers.json"
    fts = peers.Fts5Trigram(c.folder / "fts5.sqlite")
    tan = TantivyBigram(c.folder / "tantivy")
    if not rebuild and marker.exists() and fts.path.exists() and tan.path.exists():
        old = json.loads(marker.read_text(encoding="utf-8"))
        if old.get("reports") == len(c.loaded.docs):
            import sqlite3

            fts.conn = sqlite3.connect(fts.path)
            tan.open()
            return {**old, "reused": True}, fts, tan
    sizes.log(f"{c.label}: FTS5 trigram build")
    fts.build(c.loaded.docs)
    sizes.log(f"{c.label}: tantivy-bigram build")
    tan.build(c.loaded.docs)
    fig = {
        "reports": len(c.loaded.docs),
        "fts5_s": fts.build_seconds,
        "fts5_bytes": fts.size_bytes,
        "tantivy_s": tan.build_seconds,
        "tantivy_bytes": tan.size_bytes,
        "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    marker.write_text(json.dumps(fig, indent=1), encoding="utf-8")
    return {**fig, "reused": False}, fts, tan


def _worst(index, docs: list[corpus.Doc], seed: int) -> list[dict]:
    out = []
    for phrase, n in worst_phrases([d.text for d in docs], seed):
        times = []
        total = None
        for _ in range(3):
            import time

            t0 = time.perf_counter()
            r = index.search(quoted(phrase), per_page=queries.PER_PAGE)
            times.append(time.perf_counter() - t0)
            total = r.total
        out.append(
            {
                "phrase": phrase,
                "matches": n,
                "share": n / len(docs),
                "total_ok": total == n,
                "first_ms": times[0] * 1000,
                "best_ms": min(times) * 1000,
            }
        )
    return out


def measure(c: sizes.Collection, build: dict, args) -> dict:
    import search

    peer_fig, fts, tan = _peer_builds(c, args.rebuild)
    row: dict = {
        "label": c.label,
        "reports": len(c.loaded.docs),
        "text_bytes": c.loaded.unique_bytes,
        "build": build,
        "peers": peer_fig,
        "load_average": round(os.getloadavg()[0], 2),
    }
    if args.build_only:
        fts.close()
        return row
    docs = c.loaded.docs
    scan = peers.Scan(docs)
    index = search.SearchIndex(str(c.index_dir))
    for fn in (scan.find_all, tan.find_all, fts.find_all):
        fn(WARM)
    index.find_all(quoted(WARM))
    index.search(quoted(WARM), per_page=queries.PER_PAGE)
    find_all, page = queries.ours(index)
    engines = {"ours_find_all": find_all, "tantivy": tan.find_all}
    if c.label == "corpus":
        engines["fts5"] = fts.find_all
    phrases = cut_phrases([d.text for d in docs], args.phrases, args.seed + len(docs))
    sizes.log(f"{c.label}: {len(phrases)} phrases on {', '.join(engines)}, page and the scan")
    q = queries.run(phrases, scan.find_all, engines, page)
    q.pop("raw_ms", None)
    row["queries"] = q
    sizes.log(f"{c.label}: worst-case phrases")
    row["worst"] = _worst(index, docs, args.seed)
    index.close()
    fts.close()
    return row


def _exponents(rows: list[dict]) -> dict:
    synth = [r for r in rows if r["label"] != "corpus" and "queries" in r]
    n = [r["reports"] for r in synth]
    lat = [r["queries"]["latency_ms"] for r in synth]
    return {
        "page_p50": growth_exponent(n, [x["page"]["p50"] for x in lat]),
        "page_p95": growth_exponent(n, [x["page"]["p95"] for x in lat]),
        "all_p95": growth_exponent(n, [x["ours_find_all"]["p95"] for x in lat]),
        "matches_median": growth_exponent(n, [r["queries"]["matches"]["median"] for r in synth]),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    res: dict = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join(["python -m bench.targets13", *(argv or sys.argv[1:])]),
        "rows": [],
    }
    scale = [int(s) for s in args.scale.split(",") if s.strip()]
    sizes.log("reading the corpus")
    base = sizes.corpus_collection(args.corpus, keep_cleaned=bool(scale))
    labels: list[int | None] = ([] if args.no_corpus else [None]) + scale
    for n in labels:  # synthetic collections are read one at a time, then let go
        if n is None:
            c = base
        else:
            sizes.log(f"{n:,} synthetic reports")
            c = sizes.synthetic(base.loaded, n, args.seed)
        borrowed = dict(b.split("=", 1) for b in args.borrow)
        if n is not None and str(n) in borrowed:
            build = sizes.borrow_index(c, Path(borrowed[str(n)]))
        else:
            build = sizes.build_index(c, args.workers, args.rebuild)
        res["rows"].append(measure(c, build, args))
    res["exponent"] = _exponents(res["rows"])
    if args.build_only:
        print(json.dumps(res["rows"], indent=1, default=str))
        return 0
    corpus.RESULTS.mkdir(parents=True, exist_ok=True)
    md = markdown(res)
    (corpus.RESULTS / "targets13.json").write_text(
        json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (corpus.RESULTS / "targets13.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
