"""Run the benchmark of issue 5 and write bench/results/latest.{json,md} (quick.* with --quick).

.venv/bin/python -m bench            # everything (about half an hour with the scale part)
.venv/bin/python -m bench --no-scale # corpus, peers and HTTP only
.venv/bin/python -m bench --quick    # 300 files, 50 phrases, 5 s of HTTP, no scale
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import time
from pathlib import Path

from bench import build, corpus, http_load, peers, queries, report, synth
from bench.phrases import cut_phrases
from bench.stats import growth_exponent, machine

WARM_PHRASE = "法治政府建设"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def phase(res: dict, name: str) -> None:
    """Note the machine's 1-minute load average as a phase starts: others share this machine."""
    res.setdefault("load_average", {})[name] = round(os.getloadavg()[0], 2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="300 corpus files, 50 phrases, 5 s of HTTP, no scale part",
    )
    p.add_argument(
        "--scale",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the synthetic 10,000 / 30,000 part (default: on, off with --quick)",
    )
    p.add_argument("--sizes", default="10000,30000", help="synthetic collection sizes")
    p.add_argument(
        "--max-build-seconds",
        type=float,
        default=1500.0,
        help="skip a synthetic size whose build, estimated from the last build's "
        "MB/s, would take longer (default 1500)",
    )
    p.add_argument(
        "--incremental-scale",
        action="store_true",
        help="build each synthetic size by adding the extra reports to the previous "
        "size's index instead of from scratch (shorter run, different merges)",
    )
    p.add_argument("--files", type=int, default=None, help="corpus files to use (default all)")
    p.add_argument("--phrases", type=int, default=None, help="phrases (default 300)")
    p.add_argument("--http-seconds", type=float, default=None, help="load time (default 30)")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--no-http", action="store_true", help="skip the HTTP part")
    p.add_argument("--workers", type=int, default=None, help="index_paths workers (default: all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus", type=Path, default=corpus.DEFAULT_CORPUS)
    args = p.parse_args(argv)
    args.files = args.files if args.files is not None else (300 if args.quick else None)
    args.phrases = args.phrases or (50 if args.quick else 300)
    args.http_seconds = args.http_seconds or (5.0 if args.quick else 30.0)
    args.scale = args.scale if args.scale is not None else not args.quick
    return args


def _corpus_figures(loaded: corpus.Loaded) -> dict:
    return {
        "files": loaded.files,
        "failed": loaded.failed,
        "duplicates": loaded.duplicates,
        "reports": len(loaded.docs),
        "cleaned_bytes": loaded.cleaned_bytes,
        "unique_bytes": loaded.unique_bytes,
        "compact_chars": sum(len(d.text) for d in loaded.docs),
        "load_seconds": loaded.seconds,
    }


def _build(files: list[str], index_dir: Path, cleaned_bytes: int, workers: int | None) -> dict:
    b = build.run_build(files, index_dir, workers)
    b["mb_per_s"] = cleaned_bytes / report.MB / b["seconds"]
    return b


def _measure(
    index_dir: Path, docs: list[corpus.Doc], phrases: list[str], fts: peers.Fts5Trigram | None
) -> dict:
    scan = peers.Scan(docs)
    index, first = queries.first_queries(str(index_dir), WARM_PHRASE)
    scan.find_all(WARM_PHRASE)
    engines = {}
    find_all, page = queries.ours(index)
    engines["ours_find_all"] = find_all
    if fts is not None:
        fts.find_all(WARM_PHRASE)
        engines["fts5"] = fts.find_all
    out = queries.run(phrases, scan.find_all, engines, page)
    out["first"] = first
    out["phrases"] = len(phrases)
    out["phrase_list"] = list(phrases)
    out["expected"] = {p: len(scan.find_all(p)) for p in phrases}
    index.close()
    return out


def _scale(args, base_docs: list[corpus.Doc], res: dict) -> dict:
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    root = corpus.WORK / "synth"
    log(f"scale: paragraph pool from {len(base_docs):,} reports")
    pool = synth.paragraph_pool([d.cleaned for d in base_docs])
    t0 = time.perf_counter()
    files = synth.ensure(root, pool, max(sizes), args.seed)
    log(
        f"scale: {len(files):,} synthetic files ready in {time.perf_counter() - t0:.0f} s "
        f"({len(pool):,} paragraphs); reading them back"
    )
    loaded = corpus.load(files, workers=os.cpu_count() or 1)
    out: dict = {
        "pool_paragraphs": len(pool),
        "sizes": [],
        "skipped_sizes": [],
        "incremental": args.incremental_scale,
    }
    index_dir = corpus.WORK / "index_synth"
    prev: dict | None = None  # the last size built: files, bytes, build figures
    rate = res["build"]["mb_per_s"]
    for n in sizes:
        docs = [d for d in loaded.docs if d.file_no < n]
        nbytes = _bytes_of(files[:n])
        extend = prev is not None and args.incremental_scale
        todo = nbytes - (prev["cleaned_bytes"] if extend else 0)
        estimate = todo / report.MB / rate
        if estimate > args.max_build_seconds:
            log(f"scale {n:,}: skipped, its build would take about {estimate:.0f} s")
            out["skipped_sizes"].append(
                {"files": n, "cleaned_bytes": nbytes, "estimated_build_s": estimate}
            )
            continue
        phase(res, f"scale {n}")
        log(
            f"scale {n:,}: "
            + (
                f"adding {n - prev['files']:,} reports to the {prev['files']:,} index"
                if extend
                else "building"
            )
            + f" (about {estimate:.0f} s)"
        )
        b = build.run_build(files[:n], index_dir, args.workers, fresh=not extend)
        rate = todo / report.MB / b["seconds"]
        if extend:
            b = _cumulative(prev["build"], b)
        b["mb_per_s"] = nbytes / report.MB / b["seconds"]
        log(f"scale {n:,}: built in {b['seconds']:.0f} s; querying")
        if b["total"] != len(docs):
            log(f"WARNING: the index holds {b['total']} reports, the peers {len(docs)}")
        phrases = cut_phrases([d.text for d in docs], args.phrases, args.seed + n)
        q = _measure(index_dir, docs, phrases, None)
        prev = {"reports": len(docs), "files": n, "cleaned_bytes": nbytes, "build": b, "queries": q}
        out["sizes"].append(prev)
    points = [
        _point(
            "corpus",
            res["corpus"]["reports"],
            res["corpus"]["unique_bytes"],
            res["build"],
            res["queries"],
        )
    ]
    points += [
        _point(
            f"synthetic {s['files']:,}", s["reports"], s["cleaned_bytes"], s["build"], s["queries"]
        )
        for s in out["sizes"]
    ]
    out["points"] = points
    out["exponent"] = _exponents(points)
    out["exponent_synthetic"] = _exponents(points[1:])
    return out


def _cumulative(before: dict, after: dict) -> dict:
    """Figures of an index built in two runs: times add up, peaks take the larger."""
    b = dict(after)
    b["extend_seconds"] = after["seconds"]
    b["seconds"] = before["seconds"] + after["seconds"]
    b["wall_seconds"] = before["wall_seconds"] + after["wall_seconds"]
    b["rusage_main_maxrss"] = max(before["rusage_main_maxrss"], after["rusage_main_maxrss"])
    b["rusage_worker_maxrss"] = max(before["rusage_worker_maxrss"], after["rusage_worker_maxrss"])
    b["sampled_peak_bytes"] = {
        k: max(v, before["sampled_peak_bytes"].get(k, 0))
        for k, v in after["sampled_peak_bytes"].items()
    }
    return b


def _bytes_of(files: list[str]) -> int:
    # The synthetic files are written clean (UTF-8, one paragraph a line): their size is the
    # cleaned size up to a few blank lines, close enough for MB/s.
    return sum(os.path.getsize(f) for f in files)


def _point(label: str, reports: int, nbytes: int, b: dict, q: dict) -> dict:
    lat, ex = q["latency_ms"], q["exactness"]
    return {
        "label": label,
        "reports": reports,
        "mb": nbytes / report.MB,
        "build_s": b["seconds"],
        "extend_s": b.get("extend_seconds"),
        "mb_per_s": b["mb_per_s"],
        "index_bytes": b["index_bytes"],
        "peak_rss": b["sampled_peak_bytes"]["total_rss"],
        "a_p50": lat["ours_find_all"]["p50"],
        "a_p95": lat["ours_find_all"]["p95"],
        "b_p50": lat["page"]["p50"],
        "b_p95": lat["page"]["p95"],
        "scan_p50": lat["scan"]["p50"],
        "median_matches": q["matches"]["median"],
        "exact": not ex["ours_find_all"]["bad_queries"] and not ex["page"]["bad_queries"],
    }


def _exponents(points: list[dict]) -> dict:
    n = [p["reports"] for p in points]
    keys = {
        "ours_find_all_p50": "a_p50",
        "ours_find_all_p95": "a_p95",
        "ours_page_p50": "b_p50",
        "ours_page_p95": "b_p95",
        "scan_p50": "scan_p50",
        "median_matches": "median_matches",
    }
    return {k: growth_exponent(n, [p[v] for p in points]) for k, v in keys.items()}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    mode = "quick" if args.quick else ("full" if args.scale else "no-scale")
    res: dict = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": mode,
        "machine": machine(),
        "command": shlex.join(
            [".venv/bin/python", "-m", "bench", *(argv if argv is not None else sys.argv[1:])]
        ),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    corpus.WORK.mkdir(parents=True, exist_ok=True)
    files = corpus.corpus_files(args.corpus, args.files, args.seed)
    index_dir = corpus.WORK / "index_corpus"

    phase(res, "build")
    log(f"building the index of {len(files):,} files in a child process")
    t0 = time.perf_counter()
    b = build.run_build(files, index_dir, args.workers)
    log(
        f"built in {b['seconds']:.1f} s ({time.perf_counter() - t0:.1f} s wall); "
        "reading the same texts for the peers"
    )
    loaded = corpus.load(files, keep_cleaned=args.scale, workers=os.cpu_count() or 1)
    res["corpus"] = _corpus_figures(loaded)
    b["mb_per_s"] = loaded.cleaned_bytes / report.MB / b["seconds"]
    res["build"] = b
    if b["total"] != len(loaded.docs):
        log(f"WARNING: the index holds {b['total']} reports, the peers {len(loaded.docs)}")

    phase(res, "fts5")
    log(f"FTS5 trigram over {len(loaded.docs):,} reports")
    fts = peers.Fts5Trigram(corpus.WORK / "fts5_corpus.sqlite")
    fts.build(loaded.docs)
    res["fts5"] = {"build_seconds": fts.build_seconds, "size_bytes": fts.size_bytes}

    phrases = cut_phrases([d.text for d in loaded.docs], args.phrases, args.seed)
    phase(res, "queries")
    log(f"{len(phrases)} phrases on ours, the scan and FTS5")
    res["queries"] = _measure(index_dir, loaded.docs, phrases, fts)
    fts.close()

    if args.no_http:
        res["http"] = {"skipped": "--no-http"}
    else:
        phase(res, "http")
        log(f"HTTP: {args.clients} clients for {args.http_seconds:.0f} s")
        try:
            res["http"] = http_load.run(
                index_dir, phrases, res["queries"]["expected"], args.http_seconds, args.clients
            )
        except Exception as exc:  # a missing or broken server is a finding, not a crash
            res["http"] = {"error": f"{type(exc).__name__}: {exc}"}

    if args.scale:
        res["scale"] = _scale(args, loaded.docs, res)
    else:
        res["scale"] = {"skipped": "--quick" if args.quick else "--no-scale"}

    phase(res, "end")
    res["targets"] = report.targets(res)
    md = report.markdown(res)
    corpus.RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = res["date"][:19].replace(":", "")
    for name in ("quick" if args.quick else "latest", f"{stamp}-{mode}"):
        (corpus.RESULTS / f"{name}.json").write_text(
            json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (corpus.RESULTS / f"{name}.md").write_text(md, encoding="utf-8")
    print(md)
    log(f"written {corpus.RESULTS / ('quick' if args.quick else 'latest')}.{{md,json}}")
    return 0
