"""Proximity operators against plain phrases, on corpus reports, checked against a scan.

.venv/bin/python -m bench.operators                 # 600 corpus files, 40 pairs
.venv/bin/python -m bench.operators --files 0       # the whole corpus

Pairs of phrases are cut from one sentence of a random report, so every operator has reports
to find. Each pair is asked as a plain phrase, as two phrases (AND) and with NEAR/10,
BEFORE/10, /s, /p and NOT NEAR/10; every query's report set (all matches) and first page
(10 hits, snippets, total, facets) is timed, and each answer is checked against a brute-force
scan of the reports' cleaned texts written here, independently of search/proximity.py.
Writes bench/results/operators.{json,md}.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import time
from pathlib import Path

import search
from bench.corpus import DEFAULT_CORPUS, RESULTS, WORK, corpus_files
from bench.stats import machine, summary_ms
from search.fold import fold

N = 10
KINDS = {
    "phrase": '"{a}"',
    "and": '"{a}" "{b}"',
    "near": '"{a}" NEAR/{n} "{b}"',
    "before": '"{a}" BEFORE/{n} "{b}"',
    "sentence": '"{a}" /s "{b}"',
    "paragraph": '"{a}" /p "{b}"',
    "not_near": '"{a}" NOT NEAR/{n} "{b}"',
}
_CUTS = re.compile(r"\s+|[。！？；!?;]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


class Report:
    """A report as the scan sees it: compact folded text and sentence/paragraph starts in it."""

    __slots__ = ("id", "comp", "sentences", "paragraphs")

    def __init__(self, rid: str, text: str) -> None:
        f = fold(text)
        self.id = rid
        parts, sentences, paragraphs = [], [], []
        pos = last = 0
        for m in _CUTS.finditer(f):
            pos += m.start() - last
            parts.append(f[last : m.start()])
            last = m.end()
            if m.group()[0] in "。！？；!?;":
                parts.append(m.group())
                pos += 1
                sentences.append(pos)
            elif "\n" in m.group():
                sentences.append(pos)
                paragraphs.append(pos)
        parts.append(f[last:])
        self.comp = "".join(parts)
        self.sentences, self.paragraphs = sentences, paragraphs


def _occurrences(comp: str, term: str) -> list[tuple[int, int]]:
    out, at = [], comp.find(term)
    while at >= 0:
        out.append((at, at + len(term)))
        at = comp.find(term, at + 1)
    return out


def matches(r: Report, a: str, b: str, kind: str, n: int = N) -> bool:
    """Does report r match ``a KIND b``? Every pair of occurrences is tried."""
    aa = _occurrences(r.comp, a)
    if kind == "phrase":
        return bool(aa)
    bb = _occurrences(r.comp, b) if aa else []
    if kind == "and":
        return bool(bb)

    def gap(x, y):
        return max(y[0] - x[1], x[0] - y[1])

    if kind == "not_near":
        return any(all(x == y or gap(x, y) > n for y in bb) for x in aa)
    units = r.sentences if kind == "sentence" else r.paragraphs

    def unit(p: int) -> int:
        return bisect.bisect_right(units, p)

    for x in aa:
        for y in bb:
            if x == y:
                continue
            if kind == "near" and gap(x, y) <= n:
                return True
            if kind == "before" and x[1] <= y[0] and y[0] - x[1] <= n:
                return True
            if kind in ("sentence", "paragraph") and (
                unit(x[0]) == unit(x[1] - 1) == unit(y[0]) == unit(y[1] - 1)
            ):
                return True
    return False


def cut_pairs(reports: list[Report], count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` pairs (a, b) of 2-4 Han characters, a before b, from one sentence each."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        r = rng.choice(reports)
        if not r.sentences:
            continue
        i = rng.randrange(len(r.sentences))
        start = r.sentences[i - 1] if i else 0
        sentence = r.comp[start : r.sentences[i]]
        runs = [m.group() for m in _HAN.finditer(sentence) if len(m.group()) >= 2]
        words = [w[j : j + k] for w in runs for k in (2, 3, 4) for j in range(0, len(w) - k + 1, k)]
        if len(words) < 2:
            continue
        x, y = sorted(rng.sample(range(len(words)), 2))
        if words[x] != words[y]:
            out.append((words[x], words[y]))
    return out


def run(index: search.SearchIndex, reports: list[Report], pairs: list[tuple[str, str]]) -> dict:
    lat: dict[str, dict[str, list[float]]] = {k: {"scan": [], "all": [], "page": []} for k in KINDS}
    wrong: list[dict] = []
    found: dict[str, list[int]] = {k: [] for k in KINDS}
    for i, (a, b) in enumerate(pairs):
        kinds = list(KINDS)
        kinds = kinds[i % len(kinds) :] + kinds[: i % len(kinds)]
        for kind in kinds:
            q = KINDS[kind].format(a=a, b=b, n=N)
            t0 = time.perf_counter()
            want = {r.id for r in reports if matches(r, a, b, kind)}
            t1 = time.perf_counter()
            got = index.find_all(q)
            t2 = time.perf_counter()
            page = index.search(q, per_page=10)
            t3 = time.perf_counter()
            for name, t in (("scan", t1 - t0), ("all", t2 - t1), ("page", t3 - t2)):
                lat[kind][name].append(t)
            found[kind].append(len(want))
            if set(got) != want or len(got) != len(want) or page.total != len(want):
                wrong.append({"query": q, "want": len(want), "got": len(got), "total": page.total})
    return {
        "latency_ms": {k: {n: summary_ms(v) for n, v in d.items()} for k, d in lat.items()},
        "reports_found_median": {k: sorted(v)[len(v) // 2] if v else 0 for k, v in found.items()},
        "wrong": wrong,
    }


def _table(res: dict) -> str:
    rows = [
        f"Operators over {res['reports']} corpus reports, {res['pairs']} pairs, "
        f"load average {res['load_average']} ({res['date']}); answers wrong: "
        f"{len(res['result']['wrong'])} of {res['pairs'] * len(KINDS)}",
        "",
        "| query | reports found (median) | all matches p50 / p95 ms | first page p50 / p95 ms "
        "| scan p50 / p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    lat = res["result"]["latency_ms"]
    for kind, shape in KINDS.items():
        d, found = lat[kind], res["result"]["reports_found_median"][kind]
        rows.append(
            f"| `{shape.format(a='A', b='B', n=N)}` | {found} "
            f"| {d['all']['p50']:.2f} / {d['all']['p95']:.2f} "
            f"| {d['page']['p50']:.2f} / {d['page']['p95']:.2f} "
            f"| {d['scan']['p50']:.1f} / {d['scan']['p95']:.1f} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.operators",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--files", type=int, default=600, help="corpus files (0: all)")
    p.add_argument("--pairs", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--index", type=Path, default=None, help="reuse or build the index here")
    args = p.parse_args(argv)
    files = corpus_files(args.corpus, args.files or None, seed=args.seed)
    where = args.index or WORK / f"operators-{args.files or 'all'}"
    if not search.index_exists(where):
        print(f"building an index of {len(files)} files in {where} …", flush=True)
        search.index_paths(files, where)
    index = search.SearchIndex(where)
    reports = [Report(i, index.document(i).text) for i in index.all_ids()]
    pairs = cut_pairs(reports, args.pairs, args.seed)
    index.search('"法治政府建设" /s "推进"', per_page=10)  # warm caches, jieba and the maps
    res = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "load_average": round(os.getloadavg()[0], 2),
        "reports": len(reports),
        "pairs": len(pairs),
        "result": run(index, reports, pairs),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "operators.json").write_text(json.dumps(res, ensure_ascii=False, indent=1))
    table = _table(res)
    (RESULTS / "operators.md").write_text(table)
    print(table)
    return 1 if res["result"]["wrong"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
