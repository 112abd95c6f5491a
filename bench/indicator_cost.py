"""What indicator extraction adds to a full index build (issue 11 §3: at most 25%).

    .venv/bin/python -m bench.indicator_cost [N]

Builds an index of N corpus texts (default 300) plus the samples with one worker,
without and with indicator extraction (twice each, the faster counts), then times
the extraction alone on the same cleaned texts.  On a shared machine the two builds
differ by more than the extraction costs, so the second figure is the one to trust.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import search.document as document
from search import SAMPLES_DIR, clean_text, find_sections
from search.indexer import index_paths
from search.indicators import extract_indicators

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _build(files: list[str], with_indicators: bool) -> float:
    document.extract_indicators = (
        extract_indicators if with_indicators else (lambda text, sections=None: [])
    )
    target = tempfile.mkdtemp(prefix="indicator-cost-")
    try:
        t0 = time.perf_counter()
        index_paths(files, target, workers=1)
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(target)
        document.extract_indicators = extract_indicators


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 300
    corpus = sorted(CORPUS.rglob("*.txt"))
    random.Random(7).shuffle(corpus)
    files = [str(f) for f in corpus[:n]] + [str(f) for f in sorted(SAMPLES_DIR.glob("*.txt"))]
    without = min(_build(files, False) for _ in range(2))
    with_ = min(_build(files, True) for _ in range(2))
    texts = [clean_text(Path(f).read_text(encoding="utf-8")) for f in files]
    sections = [find_sections(t) for t in texts]
    alone = 1e9
    for _ in range(3):
        t0 = time.perf_counter()
        for t, s in zip(texts, sections, strict=True):
            extract_indicators(t, s)
        alone = min(alone, time.perf_counter() - t0)
    chars = sum(map(len, texts))
    print(
        f"{len(files)} files, {chars / 1e6:.1f} M chars, 1 worker: build {without:.1f} s "
        f"without indicators, {with_:.1f} s with; extraction alone {alone:.2f} s "
        f"= {alone / without:.1%} of the build"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
