"""Accuracy of the reuse pass (issue 12), and the figures its thresholds are chosen from.

    .venv/bin/python -m bench.reuse_accuracy [FOLDER]

1. The constructed cases of tests/reuse_cases.py: the share of each pasted, renamed,
   renumbered or reworded paragraph found, and what unrelated reports share.
2. On FOLDER (real reports of different agencies; default: the bundled samples),
   every passage two reports of different agencies share, with no length threshold
   and no template rule: how long are the stock phrases that unrelated reports have
   in common, and how long are real copies?  MIN_PASSAGE sits between the two.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

import search
from search.reuse import report as rr
from search.reuse.source import IndexTexts
from search.reuse.store import connect


def _coverage(text: str, spans, truth: np.ndarray, source: str) -> float:
    covered = np.zeros(len(text), dtype=bool)
    for s in spans:
        if s.source_id == source:
            covered[s.start : s.end] = True
    return float((covered & truth).sum() / truth.sum())


def constructed() -> None:
    from search.fold import fold
    from tests.reuse_cases import (
        NAMES_CHANGED,
        NUMBERS_CHANGED,
        REWORDED,
        build_reuse_index,
        copied_chars,
    )

    with tempfile.TemporaryDirectory() as tmp:
        src, ix = Path(tmp, "src"), Path(tmp, "ix")
        src.mkdir()
        index_dir, ids, reports = build_reuse_index(src, ix)
        for name, para, case in (
            ("b", NAMES_CHANGED, "pasted, names and year changed"),
            ("b", NUMBERS_CHANGED, "pasted, every number changed"),
            ("c", REWORDED, "lightly reworded (5 edits)"),
        ):
            rep = reports[name]
            lo = fold(rep.text).index(fold(para[:30]))
            got = search.reuse_report(ids[name], index_dir)
            truth = copied_chars(rep.text, lo, para, reports["a"].text)
            cov = _coverage(rep.text, got.spans, truth, ids["a"])
            print(
                f"  {case:<34} {len(para):>4} chars, {int(truth.sum()):>4} copied: "
                f"{cov:.1%} of the copied characters found"
            )
        d = search.reuse_report(ids["d"], index_dir)
        print(f"  same agency a year later (self)    share {d.share:.1%}, kind {d.sources[0].kind}")
        for name in ("x", "y"):
            got = search.reuse_report(ids[name], index_dir)
            print(f"  unrelated report {name}: share {got.share:.1%}, {len(got.spans)} spans")


def passages(folder: str) -> None:
    with tempfile.TemporaryDirectory() as ix:
        search.index_paths([folder], ix)
        con = connect(ix)
        docs = rr.doc_table(con)
        lengths: list[tuple[int, str, str, str]] = []
        with IndexTexts(ix) as texts:
            for doc_id in sorted(texts.records):
                rep = texts.get(doc_id)
                row, agency, year = con.execute(
                    "SELECT row, agency, year FROM docs WHERE id = ?", (doc_id,)
                ).fetchone()
                weights = rr.char_weights(rep.text)
                per: dict[int, list] = {}
                for c in rr._intervals(con, row, year, 1 << 30):
                    s_id, s_agency, s_year = docs[c[2]]
                    if s_agency and s_agency != agency and s_id > doc_id:  # each pair once
                        per.setdefault(c[2], []).append(c)
                for src, found in per.items():
                    for lo, hi, n in _groups(found, weights):
                        lengths.append((n, doc_id, docs[src][0], rep.text[lo:hi]))
        con.close()
    n_reports = len({d for _, d, _, _ in lengths} | {s for _, _, s, _ in lengths})
    print(f"  {len(lengths)} shared passages between reports of different agencies")
    bins = Counter(
        "<=20"
        if n <= 20
        else "21-40"
        if n <= 40
        else "41-59"
        if n < 60
        else "60-99"
        if n < 100
        else ">=100"
        for n, *_ in lengths
    )
    print(
        "  length (chars):",
        ", ".join(f"{b}: {bins[b]}" for b in ("<=20", "21-40", "41-59", "60-99", ">=100")),
    )
    print(f"  reports involved: {n_reports}")
    lengths.sort(reverse=True)
    print("  longest below MIN_PASSAGE:")
    for n, a, b, text in [x for x in lengths if x[0] < rr.MIN_PASSAGE][:8]:
        print(f"    {n:>3}  {a} {b}  {text.strip()[:70]}")
    print("  longest at or above it:")
    for n, a, b, text in [x for x in lengths if x[0] >= rr.MIN_PASSAGE][:8]:
        print(f"    {n:>4}  {a} {b}  {text.strip()[:70]}")


def _groups(found: list, weights: np.ndarray):
    """Passages as report.py groups them: (start, end, characters) per group."""
    found.sort()
    group: list = []
    end = s_start = s_end = -rr.GAP - 1
    out = []

    def flush() -> None:
        if group:
            lo, hi = group[0][0], max(c[1] for c in group)
            covered = np.zeros(hi - lo, dtype=bool)
            for c in group:
                covered[c[0] - lo : c[1] - lo] = True
            out.append((lo, hi, int((covered & weights[lo:hi]).sum())))

    for c in found:
        if c[0] - end > rr.GAP or not s_start - rr.GAP <= c[3] <= s_end + rr.GAP:
            flush()
            group = []
            s_start, s_end = c[3], c[4]
        group.append(c)
        end, s_start, s_end = max(end, c[1]), min(s_start, c[3]), max(s_end, c[4])
    flush()
    return out


def main(argv: list[str]) -> int:
    print("constructed cases:")
    constructed()
    folder = argv[0] if argv else str(search.SAMPLES_DIR)
    print(f"passages shared between different agencies in {folder}:")
    passages(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
