"""Time every engine on every phrase, interleaved, and check each answer against the scan."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.phrases import quoted
from bench.stats import summary_ms

PER_PAGE = 10
SNIPPETS = 3


@dataclass
class Exactness:
    """Micro-averaged over all queries: true / false positives, misses, and the bad queries."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    bad: list[dict] = field(default_factory=list)

    def add(self, phrase: str, got: Sequence[str], want: set[str], note: str = "") -> None:
        got_set = set(got)
        extra, missing = got_set - want, want - got_set
        self.tp += len(got_set & want)
        self.fp += len(extra)
        self.fn += len(missing)
        if extra or missing or len(got_set) != len(got) or note:
            self.bad.append(
                {
                    "phrase": phrase,
                    "want": len(want),
                    "got": len(got),
                    "missing": sorted(missing)[:5],
                    "extra": sorted(extra)[:5],
                    "note": note or ("duplicate ids" if len(got_set) != len(got) else ""),
                }
            )

    def as_dict(self) -> dict:
        return {
            "recall": self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0,
            "precision": self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0,
            "bad_queries": len(self.bad),
            "bad": self.bad[:50],
        }


@dataclass
class PageExactness:
    """First pages: are the hits matching reports, and is the total the scan's count?"""

    hits_ok: int = 0
    hits_bad: int = 0
    totals_ok: int = 0
    bad: list[dict] = field(default_factory=list)

    def add(self, phrase: str, ids: list[str], want: set[str], note: str) -> None:
        good = sum(1 for i in ids if i in want)
        self.hits_ok += good
        self.hits_bad += len(ids) - good
        self.totals_ok += "total" not in note
        if note or good != len(ids):
            self.bad.append(
                {
                    "phrase": phrase,
                    "want": len(want),
                    "note": note,
                    "extra": [i for i in ids if i not in want][:5],
                }
            )

    def as_dict(self) -> dict:
        seen = self.hits_ok + self.hits_bad
        return {
            "precision": self.hits_ok / seen if seen else 1.0,
            "totals_ok": self.totals_ok,
            "bad_queries": len(self.bad),
            "bad": self.bad[:50],
        }


def _page_check(result, want: set[str]) -> tuple[list[str], str]:
    """The first page's ids, and what is wrong with the page ("" when nothing)."""
    ids = [h.id for h in result.hits]
    problems = []
    if result.total != len(want):
        problems.append(f"total {result.total} != {len(want)}")
    if len(ids) != min(PER_PAGE, len(want)):
        problems.append(f"{len(ids)} hits on the first page")
    if any(not 1 <= len(h.snippets) <= SNIPPETS for h in result.hits):
        problems.append("a hit without 1-3 snippets")
    return ids, "; ".join(problems)


def run(
    phrases: Sequence[str],
    oracle: Callable[[str], list[str]],
    set_engines: dict[str, Callable[[str], list[str]]],
    page_engine: Callable[[str], object] | None = None,
) -> dict:
    """Latencies (ms) of the oracle, every set engine and the page engine, and exactness.

    The engines take turns in a rotating order on each phrase, so machine noise falls on all.
    A page answer is right when its total equals the oracle's count, its hits are matching
    reports, it shows min(10, total) hits and each has 1-3 snippets."""
    lat: dict[str, list[float]] = {"scan": [], **{k: [] for k in set_engines}}
    exact: dict[str, Exactness | PageExactness] = {k: Exactness() for k in set_engines}
    if page_engine is not None:
        lat["page"], exact["page"] = [], PageExactness()
    counts: list[int] = []
    names = list(lat)
    for i, phrase in enumerate(phrases):
        order = names[i % len(names) :] + names[: i % len(names)]
        answers: dict[str, object] = {}
        for name in order:
            if name == "scan":
                fn: Callable[[str], object] = oracle
            elif name == "page":
                fn = page_engine  # type: ignore[assignment]
            else:
                fn = set_engines[name]
            t0 = time.perf_counter()
            answers[name] = fn(phrase)
            lat[name].append(time.perf_counter() - t0)
        want = set(answers["scan"])  # type: ignore[arg-type]
        counts.append(len(want))
        for name in set_engines:
            exact[name].add(phrase, answers[name], want)  # type: ignore[arg-type]
        if page_engine is not None:
            ids, note = _page_check(answers["page"], want)
            exact["page"].add(phrase, ids, want, note)
    return {
        "latency_ms": {k: summary_ms(v) for k, v in lat.items()},
        "raw_ms": {k: [round(x * 1000, 4) for x in v] for k, v in lat.items()},
        "exactness": {k: v.as_dict() for k, v in exact.items()},
        "matches": {
            "median": sorted(counts)[len(counts) // 2] if counts else 0,
            "max": max(counts, default=0),
            "zero": sum(1 for c in counts if c == 0),
            "sum": sum(counts),
        },
    }


def ours(index) -> tuple[Callable[[str], list[str]], Callable[[str], object]]:
    """Our engine's two benchmark queries: (a) all matching ids, (b) the first page."""

    def find_all(phrase: str) -> list[str]:
        return index.find_all(quoted(phrase))

    def page(phrase: str):
        return index.search(quoted(phrase), per_page=PER_PAGE)

    return find_all, page


def first_queries(index_dir: str, phrase: str) -> tuple[object, dict]:
    """Open the index and time the first (a) and first (b) query: the cold path, reported apart."""
    import search

    t0 = time.perf_counter()
    index = search.SearchIndex(index_dir)
    t1 = time.perf_counter()
    index.find_all(quoted(phrase))
    t2 = time.perf_counter()
    index.search(quoted(phrase), per_page=PER_PAGE)
    t3 = time.perf_counter()
    return index, {
        "open_ms": (t1 - t0) * 1000,
        "first_find_all_ms": (t2 - t1) * 1000,
        "first_search_ms": (t3 - t2) * 1000,
    }
