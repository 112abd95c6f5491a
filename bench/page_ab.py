"""First pages of two code trees over one index, alternately, in one run, against the scan.

.venv/bin/python -m bench.page_ab OLD_TREE NEW_TREE INDEX_DIR [--phrases 200] [--worst]

Each tree (a checkout, e.g. ``git worktree add /tmp/old main``) answers in a process of its
own, phrase by phrase in alternating order, with the in-memory scan of the index's compact
texts (the benchmark's oracle) timed in this process between them; so machine noise falls on
all three alike. Prints p50 / p95 of each tree's first page (10 hits, snippets, total, four
facets), its ratio to the scan's, and thread CPU time (less disturbed by other jobs); checks
that both trees give the same total, hits, snippets and facet counts for every phrase.
``--worst`` adds the worst-case phrases (bench/worst.py), best of 3 each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.phrases import cut_phrases, quoted
from bench.stats import summary_ms
from bench.worst import worst_phrases

_WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import search
assert search.__file__.startswith(sys.argv[1]), search.__file__
index = search.SearchIndex(sys.argv[2])
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    q = json.loads(line)
    t0, c0 = time.perf_counter(), time.thread_time()
    r = index.search(q, per_page=10)
    c1, t1 = time.thread_time(), time.perf_counter()
    print(json.dumps({
        "ms": (t1 - t0) * 1000, "cpu_ms": (c1 - c0) * 1000, "total": r.total,
        "hits": [
            [h.id, h.matches, h.score, [[s.html, s.section, s.part, s.label, s.start, s.end]
                                        for s in h.snippets]]
            for h in r.hits
        ],
        "facets": r.facets,
    }, ensure_ascii=False), flush=True)
"""


class Tree:
    def __init__(self, name: str, tree: str, index: str) -> None:
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER, tree, index],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.ask_raw(None)

    def ask_raw(self, query: str | None) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if query is not None:
            self.proc.stdin.write(json.dumps(query, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def _texts(index_dir: str) -> list[str]:
    import search

    index = search.SearchIndex(index_dir)
    ctx, _ = index._context()
    texts = [ctx.compact(d).decode("utf-8") for d in ctx.table.live]
    index.close()
    return texts


def _ratio(a: dict, b: dict) -> str:
    return f"{a['p50'] / b['p50']:.2f}x / {a['p95'] / b['p95']:.2f}x"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.page_ab")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("index")
    p.add_argument("--phrases", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--worst", action="store_true")
    args = p.parse_args(argv)
    texts = _texts(args.index)
    phrases = cut_phrases(texts, args.phrases, args.seed + len(texts))
    trees = [Tree("old", args.old, args.index), Tree("new", args.new, args.index)]
    for t in trees:  # warm: the table, the columns
        t.ask_raw(quoted("法治政府建设"))
    lat: dict[str, list[float]] = {"scan": [], "old": [], "new": []}
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    differ = []
    for i, ph in enumerate(phrases):
        got = {}
        order = ["scan", "old", "new"]
        order = order[i % 3 :] + order[: i % 3]
        for name in order:
            if name == "scan":
                t0 = time.perf_counter()
                n = sum(1 for t in texts if ph in t)
                lat["scan"].append(time.perf_counter() - t0)
                continue
            r = trees[name == "new"].ask_raw(quoted(ph))
            lat[name].append(r.pop("ms") / 1000)
            cpu[name].append(r.pop("cpu_ms") / 1000)
            got[name] = r
        if got["old"] != got["new"] or got["new"]["total"] != n:
            differ.append(ph)
    s = {k: summary_ms(v) for k, v in lat.items()}
    c = {k: summary_ms(v) for k, v in cpu.items()}
    print(f"{len(texts):,} reports, {len(phrases)} phrases, index {args.index}")
    print(f"scan p50 / p95: {s['scan']['p50']:.2f} / {s['scan']['p95']:.2f} ms")
    for k in ("old", "new"):
        print(
            f"{k}: first page p50 / p95 {s[k]['p50']:.2f} / {s[k]['p95']:.2f} ms, "
            f"vs the scan {_ratio(s[k], s['scan'])}; CPU p50 / p95 "
            f"{c[k]['p50']:.2f} / {c[k]['p95']:.2f} ms"
        )
    print(f"answers differing (total, hits, snippets, facets): {len(differ)} {differ[:10]}")
    if args.worst:
        for ph, n in worst_phrases(texts, args.seed):
            best: dict[str, float] = {}
            ans = {}
            for name in ("old", "new", "old", "new", "old", "new"):
                r = trees[name == "new"].ask_raw(quoted(ph))
                best[name] = min(best.get(name, 1e9), r.pop("ms"))
                best[name + "_cpu"] = min(best.get(name + "_cpu", 1e9), r.pop("cpu_ms"))
                ans[name] = r
            same = ans["old"] == ans["new"] and ans["new"]["total"] == n
            differ += [] if same else [ph]
            print(
                f"worst {ph} ({n} reports), best of 3: old {best['old']:.1f} ms "
                f"(CPU {best['old_cpu']:.1f}), new {best['new']:.1f} ms "
                f"(CPU {best['new_cpu']:.1f}), "
                f"{'same answers' if same else 'ANSWERS DIFFER'}"
            )
    for t in trees:
        t.close()
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
