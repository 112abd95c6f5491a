"""The collections of issue 13's table: the corpus and synthetic sizes, their texts and builds.

Each collection gets a folder ``bench/work/t13/<label>/`` holding its index and the figures of
the build that made it (``build.json``). A build takes 20+ minutes at 30,000 reports on two
shared cores, so ``python -m bench.targets13 --build-only --scale 30000`` can make it ahead
of the measuring run (in the background), which then reuses it and says so in its table; the
FTS5 and tantivy peers are always built in the measuring run itself, on the same texts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench import build, corpus, synth
from bench.stats import dir_size

ROOT = corpus.WORK / "t13"


@dataclass
class Collection:
    label: str  # "corpus" or the synthetic size, "30000"
    files: list[str]
    loaded: corpus.Loaded

    @property
    def folder(self) -> Path:
        return ROOT / self.label

    @property
    def index_dir(self) -> Path:
        return self.folder / "index"


def log(msg: str) -> None:
    import sys

    print(f"[t13 {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def corpus_collection(corpus_dir: Path, keep_cleaned: bool) -> Collection:
    files = corpus.corpus_files(corpus_dir)
    loaded = corpus.load(files, keep_cleaned=keep_cleaned, workers=os.cpu_count() or 1)
    return Collection("corpus", files, loaded)


def synthetic(base: corpus.Loaded, n: int, seed: int) -> Collection:
    """The first ``n`` synthetic reports (the files of ``bench.synth``, shared with
    ``python -m bench``), read back as the index reads them."""
    pool = synth.paragraph_pool([d.cleaned for d in base.docs])
    files = synth.ensure(corpus.WORK / "synth", pool, n, seed)
    loaded = corpus.load(files, workers=os.cpu_count() or 1)
    return Collection(str(n), files, loaded)


def _fingerprint(c: Collection) -> dict:
    return {"files": len(c.files), "reports": len(c.loaded.docs), "bytes": c.loaded.cleaned_bytes}


def borrow_index(c: Collection, source: Path) -> dict:
    """Copy an index of the same texts built elsewhere (another run, ``index_paths`` over
    the same files); its build was not measured here and the table says so."""
    if c.folder.exists():
        shutil.rmtree(c.folder)
    c.folder.mkdir(parents=True)
    shutil.copytree(source, c.index_dir, ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    log(f"{c.label}: index copied from {source}")
    return {
        "borrowed": str(source),
        "seconds": None,
        "index_bytes": dir_size(c.index_dir),
        "sampled_peak_bytes": {"total_rss": None},
        "reused": True,
    }


def build_index(c: Collection, workers: int | None, rebuild: bool) -> dict:
    """Build ``c``'s index (or reuse one built for the same texts); the build's figures."""
    marker = c.folder / "build.json"
    if not rebuild and marker.exists() and c.index_dir.exists():
        old = json.loads(marker.read_text(encoding="utf-8"))
        if old.get("fingerprint") == _fingerprint(c):
            log(f"{c.label}: reusing the index built {old['built_at']}")
            return {**old, "reused": True}
    c.folder.mkdir(parents=True, exist_ok=True)
    log(f"{c.label}: building the index of {len(c.files):,} files")
    b = build.run_build(c.files, c.index_dir, workers, fresh=True)
    b["mb_per_s"] = c.loaded.cleaned_bytes / 2**20 / b["seconds"]
    b["fingerprint"] = _fingerprint(c)
    b["built_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    b["load_average_after"] = round(os.getloadavg()[0], 2)
    marker.write_text(json.dumps(b, indent=1), encoding="utf-8")
    log(f"{c.label}: built in {b['seconds']:.0f} s")
    return {**b, "reused": False}


def drop(c: Collection) -> None:
    if c.folder.exists():
        shutil.rmtree(c.folder)
