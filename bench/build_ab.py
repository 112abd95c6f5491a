"""Index builds of two code trees and FTS5 trigram on the same texts, alternately, in one run.

.venv/bin/python -m bench.build_ab OLD_TREE                  # the corpus, 2 rounds
.venv/bin/python -m bench.build_ab OLD_TREE --scale 2000 --rounds 1 --reuse

OLD_TREE is a checkout of the code before a change (``git worktree add /tmp/old COMMIT``);
this tree is "new". Each round builds FTS5, old, new (the order of old and new swapped every
round), each index in a child process (``bench.build``'s sampling of the RSS of the child and
all its workers), ``reuse=False`` unless ``--reuse``: the index alone. Prints every build's
seconds, ratio to the same round's FTS5, index size by file kind, and peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus, peers, sizes
from bench.stats import dir_size

CHILD = """
import json, sys, time
sys.path.insert(0, {tree!r})
import search
assert search.__file__.startswith({tree!r}), search.__file__
spec = json.load(open({spec!r}))
t = time.perf_counter()
search.index_paths(spec["files"], spec["index_dir"], workers=spec["workers"], reuse=spec["reuse"])
print(json.dumps({{"seconds": time.perf_counter() - t}}))
"""


def _build(tree: Path, files: list[str], out: Path, workers: int | None, reuse: bool) -> dict:
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    spec = out.with_suffix(".json")
    spec.write_text(
        json.dumps({"files": files, "index_dir": str(out), "workers": workers, "reuse": reuse})
    )
    code = CHILD.format(tree=str(tree), spec=str(spec))
    child = subprocess.Popen([sys.executable, "-c", code], cwd=tree, stdout=subprocess.PIPE)
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            total = proc.memory_info().rss
            for k in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += k.memory_info().rss
            peak = max(peak, total)
        time.sleep(0.1)
    if child.returncode != 0:
        raise RuntimeError(f"build with {tree} failed")
    secs = json.loads(child.stdout.read())["seconds"]
    return {
        "seconds": secs,
        "index_bytes": dir_size(out),
        "peak_rss": peak,
        "files": file_kinds(out),
    }


def file_kinds(index_dir: Path) -> dict[str, int]:
    """Bytes of an index folder by kind: each segment's sub-files by extension, other files
    by name."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    out: dict[str, int] = {}
    store = FileStorage(str(index_dir))
    for f in sorted(index_dir.iterdir()):
        if f.suffix == ".seg":
            seg = CompoundStorage(store.open_file(f.name), use_mmap=False)
            for name in seg.list():
                kind = "seg:" + name.split(".", 1)[-1]
                out[kind] = out.get(kind, 0) + seg.file_length(name)
            seg.close()
        elif f.is_file():
            out[f.name] = out.get(f.name, 0) + f.stat().st_size
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.build_ab",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", type=Path, help="a checkout of the code before the change")
    p.add_argument("--scale", type=int, default=0, help="N synthetic reports (0: the corpus)")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--reuse", action="store_true", help="include the reuse pass")
    args = p.parse_args(argv)
    trees = {"old": args.old.resolve(), "new": corpus.ROOT}
    base = sizes.corpus_collection(corpus.DEFAULT_CORPUS, keep_cleaned=bool(args.scale))
    c = sizes.synthetic(base.loaded, args.scale, 1) if args.scale else base
    work = corpus.WORK / "build_ab"
    work.mkdir(parents=True, exist_ok=True)
    text = c.loaded.unique_bytes
    print(f"{c.label}: {len(c.files)} files, {text / 2**20:.1f} MB text", flush=True)
    rows = []
    for r in range(args.rounds):
        fts = peers.Fts5Trigram(work / "fts5.sqlite")
        fts.build(c.loaded.docs)
        fts.close()
        print(f"round {r + 1}: FTS5 trigram {fts.build_seconds:.1f} s", flush=True)
        for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
            b = _build(trees[name], c.files, work / name, args.workers, args.reuse)
            b.update(name=name, round=r + 1, fts5_s=fts.build_seconds)
            rows.append(b)
            secs, size, rss = b["seconds"], b["index_bytes"], b["peak_rss"]
            print(
                f"round {r + 1}: {name} {secs:.1f} s = {secs / fts.build_seconds:.2f}x FTS5, "
                f"index {size / 2**20:.1f} MB = {size / text:.2f}x text, "
                f"peak RSS {rss / 2**20:.0f} MB",
                flush=True,
            )
    for name in ("old", "new"):
        last = [x for x in rows if x["name"] == name][-1]
        kinds = ", ".join(
            f"{k} {v / 2**20:.1f}"
            for k, v in sorted(last["files"].items(), key=lambda kv: -kv[1])
            if v > 2**16
        )
        print(f"{name} index files (MB): {kinds}")
    out = corpus.RESULTS / "build_ab.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"text_bytes": text, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
