"""Time ``search.index_paths`` in a child process while sampling its memory.

Run as ``python -m bench.build IN.json OUT.json`` by ``run_build``; the child reports its own
time and ``getrusage`` peaks (its own, and the largest of its reaped workers), the parent
samples psutil RSS of the child and all its descendants.
"""

from __future__ import annotations

import contextlib
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import ROOT
from bench.stats import dir_size

SAMPLE_SECONDS = 0.1
PSS_EVERY = 30  # samples between PSS readings (reading smaps of a big process is costly)


def run_build(
    files: list[str], index_dir: Path, workers: int | None = None, fresh: bool = True
) -> dict:
    """Index ``files`` at ``index_dir`` (emptied first when ``fresh``) in a child process;
    figures as a dict."""
    import psutil

    if fresh and index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    spec = index_dir.parent / f"{index_dir.name}.in.json"
    result = index_dir.parent / f"{index_dir.name}.out.json"
    spec.write_text(
        json.dumps({"files": files, "index_dir": str(index_dir), "workers": workers}),
        encoding="utf-8",
    )
    result.unlink(missing_ok=True)
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.build", str(spec), str(result)], cwd=ROOT
    )
    proc = psutil.Process(child.pid)
    peak = {
        "main_rss": 0,
        "workers_rss_sum": 0,
        "worker_rss_max": 0,
        "total_rss": 0,
        "total_pss": 0,
    }
    n = 0
    while child.poll() is None:
        try:
            main_rss = proc.memory_info().rss
            kids = proc.children(recursive=True)
        except psutil.Error:
            break
        rss = []
        for k in kids:
            with contextlib.suppress(psutil.Error):
                rss.append(k.memory_info().rss)
        peak["main_rss"] = max(peak["main_rss"], main_rss)
        peak["workers_rss_sum"] = max(peak["workers_rss_sum"], sum(rss))
        peak["worker_rss_max"] = max([peak["worker_rss_max"], *rss])
        peak["total_rss"] = max(peak["total_rss"], main_rss + sum(rss))
        if n % PSS_EVERY == 0:
            pss = 0
            for p in [proc, *kids]:
                with contextlib.suppress(psutil.Error, AttributeError):
                    pss += p.memory_full_info().pss
            peak["total_pss"] = max(peak["total_pss"], pss)
        n += 1
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - t0
    if child.wait() != 0 or not result.exists():
        raise RuntimeError(f"index build failed (exit {child.returncode}); see the output above")
    out = json.loads(result.read_text(encoding="utf-8"))
    out["wall_seconds"] = wall
    out["index_bytes"] = dir_size(index_dir)
    out["sampled_peak_bytes"] = peak
    out["samples"] = n
    return out


def _child(spec_path: str, out_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    import search

    t1 = time.perf_counter()
    summary = search.index_paths(spec["files"], spec["index_dir"], workers=spec["workers"])
    t2 = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    Path(out_path).write_text(
        json.dumps(
            {
                "seconds": t2 - t1,
                "import_seconds": t1 - t0,
                "added": len(summary.added),
                "updated": len(summary.updated),
                "unchanged": len(summary.unchanged),
                "failed": [list(f) for f in summary.failed],
                "duplicates": len(summary.duplicates),
                "total": summary.total,
                "rusage_main_maxrss": own,
                "rusage_worker_maxrss": kids,
            }
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2]))
