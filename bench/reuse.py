"""The reuse pass (issue 12) against the build it follows, on a folder of texts.

    .venv/bin/python -m bench.reuse [PATH ...]      (default: ../shared/corpus and the samples)
    .venv/bin/python -m bench.reuse --synth N       (N synthetic reports, bench/synth.py;
                                                     --scale N is the same)
    .venv/bin/python -m bench.reuse --synth N --baseline TREE [--rounds R] [--profile FILE]
                                    [--index DIR]

Builds an index without the reuse pass in one process, then runs the pass in
another, and prints each one's wall time and peak memory (the build's worker
processes counted separately).  No figure is asserted anywhere: this prints them.

``--baseline TREE``: a folder holding another version of the ``search`` package
(``git archive COMMIT search | tar -x -C TREE``).  The pass then runs R times with
each version, both at once on copies of the same index, so the two compare under the
same load on this shared machine; the two ``reuse.sqlite`` must hold the same rows, or
it says where they differ.  ``--profile FILE`` writes a cProfile of this version's pass.
``--index DIR``: an index built before without reuse data (the build is then not timed).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.corpus import DEFAULT_CORPUS, SEEDS_DIR

# Every table the pass writes, in an order that does not depend on insertion order.
_TABLES = {
    "docs": "SELECT row, id, agency, year FROM docs ORDER BY row",
    "sents": 'SELECT hash, doc, start, "end" FROM sents ORDER BY doc, start, hash',
    "paras": "SELECT row, doc, start, sig, digest, rep FROM paras ORDER BY row",
    "links": "SELECT * FROM links ORDER BY a, a_start, a_end, b, b_start, b_end",
    "summary": "SELECT * FROM summary ORDER BY doc",
}


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _child(step: str, index_dir: str, paths: list[str], profile: str = "") -> None:
    start = time.perf_counter()
    if step == "build":
        from search import index_paths

        if paths[:1] and paths[0].startswith("@"):
            paths = Path(paths[0][1:]).read_text(encoding="utf-8").split("\n")
        summary = index_paths(paths, index_dir, reuse=False)
        extra = {"reports": summary.total}
    else:
        from search.reuse import update_reuse

        if profile:
            import cProfile

            prof = cProfile.Profile()
            update = prof.runcall(update_reuse, index_dir)
            prof.dump_stats(profile)
        else:
            update = update_reuse(index_dir)
        extra = {"reports": update.total}
    print(
        json.dumps(
            {
                "step": step,
                "seconds": round(time.perf_counter() - start, 1),
                "peak_mb": round(_peak_mb(resource.RUSAGE_SELF)),
                "workers_peak_mb": round(_peak_mb(resource.RUSAGE_CHILDREN)),
                **extra,
                "search": str(Path(sys.modules["search"].__file__).parent),
            }
        )
    )


def _synthetic(n: int) -> list[str]:
    """The first ``n`` synthetic reports (recombined real paragraphs): those of the speed
    benchmark's folder when it has them, else written to a folder of their own."""
    from bench import corpus, synth

    shared = corpus.WORK / "synth"
    try:
        have = json.loads((shared / "params.json").read_text(encoding="utf-8"))["count"]
    except (OSError, ValueError, KeyError):
        have = 0
    if have >= n:
        return [str(synth.file_path(shared, i)) for i in range(n)]
    root = corpus.WORK / f"synth-reuse-{n}"
    loaded = corpus.load(corpus.corpus_files(DEFAULT_CORPUS), keep_cleaned=True, workers=2)
    pool = synth.paragraph_pool([d.cleaned for d in loaded.docs])
    return synth.ensure(root, pool, n, seed=1)


def _run(step: str, index_dir: str, paths: list[str], tree: str = "", profile: str = "") -> dict:
    # Run as a file, not with -m: -m puts the working directory (this tree) first on
    # sys.path, before PYTHONPATH, and the baseline's ``search`` would not be the one read.
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([tree, root] if tree else [root])}
    if len(paths) > 100:  # a command line of 30,000 paths would pass the system's limit
        listing = Path(index_dir).with_name("paths.txt")
        listing.write_text("\n".join(paths), encoding="utf-8")
        paths = ["@" + str(listing)]
    args = [sys.executable, str(Path(__file__).resolve()), "--child", step, index_dir, *paths]
    if profile:
        args[4:4] = ["--profile-to", profile]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        proc = subprocess.Popen(args, stdout=out, env=env)
        # The largest RSS the step's process and its worker processes had together,
        # sampled twice a second (ru_maxrss gives each one's peak, not their sum).
        tree_peak = 0
        while proc.poll() is None:
            tree_peak = max(tree_peak, _tree_rss_kb(proc.pid))
            time.sleep(0.5)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, args)
        out.seek(0)
        got = json.loads(out.read().strip().splitlines()[-1])
    got["all_processes_peak_mb"] = round(tree_peak / 1024)
    return got


def _tree_rss_kb(pid: int) -> int:
    """VmRSS of ``pid`` and its descendants, in KB (Linux /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(p, 0) for p in tree)


def _fresh_copy(index_dir: str, into: Path) -> str:
    """A copy of the built index without reuse data."""
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(index_dir, into, ignore=shutil.ignore_patterns("reuse.sqlite*"))
    return str(into)


def store_rows(index_dir: str | os.PathLike) -> dict[str, list[tuple]]:
    """Every row of every table of an index's reuse store, in a fixed order."""
    con = sqlite3.connect(Path(index_dir) / "reuse.sqlite")
    try:
        return {t: con.execute(q).fetchall() for t, q in _TABLES.items()}
    finally:
        con.close()


def report_answers(index_dir: str | os.PathLike) -> dict[str, tuple[float, dict]]:
    """Report id -> (share, {(source id, kind): chars}) of every report of an index."""
    from search.reuse.report import Templates, assemble, doc_table
    from search.reuse.source import IndexTexts
    from search.reuse.store import connect

    with IndexTexts(index_dir) as texts:
        con = connect(index_dir)
        try:
            docs, templates = doc_table(con), Templates(con)
            out = {}
            for doc_id in texts.records:
                got = assemble(con, texts.get(doc_id), docs=docs, templates=templates)
                out[doc_id] = (got.share, {(s.id, s.kind): s.chars for s in got.sources})
            return out
        finally:
            con.close()


def agreement(baseline: dict, this: dict, tolerance: float = 0.02) -> dict:
    """How close this version's answers are to the baseline's (``report_answers`` of each):
    the share per report (mean and largest difference, reports within ``tolerance``) and
    the baseline's reused characters whose source report (and kind) this version names too."""
    diffs = sorted(abs(this[i][0] - baseline[i][0]) for i in baseline)
    both = same_kind = total = 0
    for i, (_, sources) in baseline.items():
        mine = this[i][1]
        ids = {s for s, _ in mine}
        for (src, kind), chars in sources.items():
            total += chars
            both += chars if src in ids else 0
            same_kind += chars if (src, kind) in mine else 0
    n = len(diffs) or 1
    return {
        "reports": len(diffs),
        "share_baseline_mean": round(sum(b[0] for b in baseline.values()) / n, 4),
        "share_this_mean": round(sum(t[0] for t in this.values()) / n, 4),
        "share_diff_mean": round(sum(diffs) / n, 4),
        "share_diff_p99": round(diffs[int(0.99 * (len(diffs) - 1))], 4) if diffs else 0,
        "share_diff_max": round(diffs[-1], 4) if diffs else 0,
        f"within_{tolerance}": round(sum(d <= tolerance for d in diffs) / n, 4),
        "source_chars_named_too": round(both / (total or 1), 4),
        "source_chars_same_kind": round(same_kind / (total or 1), 4),
    }


def _differences(a: dict, b: dict) -> list[str]:
    out = []
    for t in _TABLES:
        if a[t] != b[t]:
            first = next(
                (i for i, (x, y) in enumerate(zip(a[t], b[t], strict=False)) if x != y), None
            )
            out.append(f"{t}: {len(a[t])} vs {len(b[t])} rows, first difference at {first}")
    return out


def _compare(paths: list[str], baseline: str, rounds: int, profile: str, index: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="reuse-bench-"))
    try:
        if index:  # built before (without reuse data): the build is not timed here
            built, build = index, {"seconds": float("nan"), "reports": "?"}
        else:
            built = str(work / "built")
            build = _run("build", built, paths)
        print(build, flush=True)
        times: dict[str, list[float]] = {"baseline": [], "this": []}
        peaks: dict[str, list[int]] = {"baseline": [], "this": []}
        wpeaks: list[int] = []  # this version's worker processes (search/reuse/workers.py)
        stores: dict[str, dict] = {}
        for r in range(rounds):
            # Both versions at the same time, each on its own copy: on a machine shared
            # with other jobs the load changes by the minute, and side by side it is
            # the same for both (each gets about one of the two cores).
            targets = {who: _fresh_copy(built, work / f"{who}-{r}") for who in times}
            with ThreadPoolExecutor(2) as pool:
                running = {
                    who: pool.submit(
                        _run, "reuse", targets[who], [], baseline if who == "baseline" else ""
                    )
                    for who in times
                }
                results = {who: f.result() for who, f in running.items()}
            for who, got in results.items():
                print(who, got, flush=True)
                times[who].append(got["seconds"])
                peaks[who].append(got["all_processes_peak_mb"])
                if who == "this":
                    wpeaks.append(got["workers_peak_mb"])
                if who not in stores:
                    stores[who] = store_rows(targets[who])
            if r == 0:
                answers = {who: report_answers(targets[who]) for who in times}
            for who in times:
                shutil.rmtree(targets[who], ignore_errors=True)
        diff = _differences(stores["baseline"], stores["this"])
        rows = {t: len(v) for t, v in stores["this"].items()}
        print(f"reuse.sqlite: {'identical' if not diff else 'DIFFERENT'} {rows}")
        for line in diff:
            print("  " + line)
        if diff:
            print("agreement of this with baseline:", json.dumps(agreement(**answers)))
        b, t = statistics.median(times["baseline"]), statistics.median(times["this"])
        print(
            f"build {build['seconds']} s ({build['reports']} reports); reuse pass, median of "
            f"{rounds}: baseline {b:.1f} s ({b / build['seconds']:.0%} of the build, peak of "
            f"all its processes {max(peaks['baseline'])} MB), this {t:.1f} s "
            f"({t / build['seconds']:.0%}, all processes "
            f"{max(peaks['this'])} MB, workers <= {max(wpeaks)} MB): {b / t:.2f}x faster"
        )
        if profile:
            _run("reuse", _fresh_copy(built, work / "profiled"), [], "", profile)
            import pstats

            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        profile = ""
        if argv[2:3] == ["--profile-to"]:
            profile = argv[3]
            argv = argv[:2] + argv[4:]
        _child(argv[1], argv[2], argv[3:], profile)
        return 0
    opts: dict[str, str] = {}
    names = ("--synth", "--scale", "--baseline", "--rounds", "--profile", "--index")
    while argv[:1] and argv[0] in names:
        opts[argv[0].replace("--scale", "--synth")] = argv[1]  # --scale N: --synth N
        argv = argv[2:]
    paths = _synthetic(int(opts["--synth"])) if "--synth" in opts else argv
    paths = paths or [str(DEFAULT_CORPUS), str(SEEDS_DIR)]
    if "--baseline" in opts:
        _compare(
            paths,
            str(Path(opts["--baseline"]).resolve()),
            int(opts.get("--rounds", 1)),
            opts.get("--profile", ""),
            opts.get("--index", ""),
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="reuse-bench-") as index_dir:
        rows = []
        for step in ("build", "reuse"):
            rows.append(_run(step, index_dir, paths))
            print(rows[-1], flush=True)
        build, reuse = rows
        print(
            f"reuse pass: {reuse['seconds']} s = {reuse['seconds'] / build['seconds']:.0%} "
            f"of the build ({build['seconds']} s), peak {reuse['peak_mb']} MB, its workers "
            f"<= {reuse['workers_peak_mb']} MB (an upper bound: a child's peak counts the "
            f"parent's pages it was forked with before exec); all its processes together "
            f"<= {reuse['all_processes_peak_mb']} MB (build: main {build['peak_mb']} MB, "
            f"largest worker {build['workers_peak_mb']} MB, all together "
            f"{build['all_processes_peak_mb']} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
