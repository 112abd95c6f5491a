"""The reuse pass (issue 12) against the build it follows, on a folder of texts.

    .venv/bin/python -m bench.reuse [PATH ...]      (default: ../shared/corpus and the samples)
    .venv/bin/python -m bench.reuse --synth N       (N synthetic reports, bench/synth.py)

Builds an index without the reuse pass in one process, then runs the pass in
another, and prints each one's wall time and peak memory (the build's worker
processes counted separately).  No figure is asserted anywhere: this prints them.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import DEFAULT_CORPUS, SEEDS_DIR


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _child(step: str, index_dir: str, paths: list[str]) -> None:
    start = time.perf_counter()
    if step == "build":
        from search import index_paths

        summary = index_paths(paths, index_dir, reuse=False)
        extra = {"reports": summary.total}
    else:
        from search.reuse import update_reuse

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
            }
        )
    )


def _synthetic(n: int) -> Path:
    """A folder of the first ``n`` synthetic reports (recombined real paragraphs)."""
    from bench import corpus, synth

    root = corpus.WORK / f"synth-reuse-{n}"
    loaded = corpus.load(corpus.corpus_files(DEFAULT_CORPUS), keep_cleaned=True, workers=2)
    pool = synth.paragraph_pool([d.cleaned for d in loaded.docs])
    synth.ensure(root, pool, n, seed=1)
    (root / "params.json").unlink(missing_ok=True)  # not a report: keep it out of the index
    return root


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2], argv[3:])
        return 0
    if argv[:1] == ["--synth"]:
        paths = [str(_synthetic(int(argv[1])))]
    else:
        paths = argv or [str(DEFAULT_CORPUS), str(SEEDS_DIR)]
    with tempfile.TemporaryDirectory(prefix="reuse-bench-") as index_dir:
        rows = []
        for step in ("build", "reuse"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.reuse", "--child", step, index_dir, *paths],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
            print(rows[-1], flush=True)
        build, reuse = rows
        print(
            f"reuse pass: {reuse['seconds']} s = {reuse['seconds'] / build['seconds']:.0%} "
            f"of the build ({build['seconds']} s), peak {reuse['peak_mb']} MB "
            f"(build: main {build['peak_mb']} MB, largest worker {build['workers_peak_mb']} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
