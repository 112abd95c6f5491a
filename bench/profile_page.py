"""Where the first page's time goes: cProfile over the benchmark's phrases on one index.

.venv/bin/python -m bench.profile_page INDEX_DIR [--phrases 200] [--top 25] [--worst]

The phrases are cut from the index's own compact texts as ``python -m bench`` cuts them;
``--worst`` profiles the worst-case phrases (bench/worst.py) instead. Prints the profile's
top entries by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time

from bench.phrases import cut_phrases, quoted
from bench.worst import worst_phrases


def _texts(index) -> list[str]:
    ctx, _ = index._context()
    return [ctx.compact(d).decode("utf-8") for d in ctx.table.live]


def main(argv: list[str] | None = None) -> int:
    import search

    p = argparse.ArgumentParser(prog="python -m bench.profile_page")
    p.add_argument("index")
    p.add_argument("--phrases", type=int, default=200)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--worst", action="store_true")
    args = p.parse_args(argv)
    index = search.SearchIndex(args.index)
    texts = _texts(index)
    if args.worst:
        phrases = [ph for ph, _ in worst_phrases(texts, args.seed)]
    else:
        phrases = cut_phrases(texts, args.phrases, args.seed)
    index.search(quoted(phrases[0]), per_page=10)  # warm: table, columns
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for ph in phrases:
        index.search(quoted(ph), per_page=10)
    prof.disable()
    wall = time.perf_counter() - t0
    print(
        f"{len(phrases)} first pages over {len(texts):,} reports: {wall * 1000:.0f} ms "
        f"under the profiler ({wall * 1000 / len(phrases):.2f} ms a page)"
    )
    stats = pstats.Stats(prof, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
