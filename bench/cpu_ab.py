"""CPU time per query of one code tree over an existing index: for before/after comparisons
on a loaded machine, where wall time varies more than the change being measured.

    python -m bench.cpu_ab TREE INDEX_DIR PHRASES.json

``TREE`` is a checkout whose ``search`` package is timed (e.g. ``git archive main`` unpacked),
``PHRASES.json`` a benchmark result (``bench/results/latest.json``: its phrase list).  Run
the trees alternately, in one session; the index is opened read-only.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def _p(xs: list[float], k: int) -> float:
    return statistics.quantiles(xs, n=100)[k - 1]


def main(argv: list[str]) -> int:
    tree, index_dir, results = argv
    sys.path.insert(0, tree)
    import search

    assert search.__file__.startswith(tree), f"timed {search.__file__}, not {tree}"
    with open(results, encoding="utf-8") as f:
        phrases = json.load(f)["queries"]["phrase_list"]
    index = search.SearchIndex(index_dir)
    index.find_all('"法治"')
    index.search('"法治"', per_page=10)
    a, b = [], []
    for p in phrases:
        t0 = time.process_time()
        index.find_all(f'"{p}"')
        t1 = time.process_time()
        index.search(f'"{p}"', per_page=10)
        t2 = time.process_time()
        a.append((t1 - t0) * 1000)
        b.append((t2 - t1) * 1000)
    print(
        f"{tree}: (a) all matches p50 {statistics.median(a):.2f} p95 {_p(a, 95):.2f} ms | "
        f"(b) first page p50 {statistics.median(b):.2f} p95 {_p(b, 95):.2f} ms | "
        f"{len(phrases)} phrases, CPU time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
