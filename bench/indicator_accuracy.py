"""Accuracy of indicator extraction against hand labels (issue 11).

    .venv/bin/python -m bench.indicator_accuracy [--split tune|heldout|final|all] [--misses]
        [--ids i102-i127] [--texts devset/texts] [--extra devset/itexts]

A value is right when its (indicator, value, unit) equals a labelled one of the same
report (each label matches at most once).  precision = right / extracted,
recall = right / labelled, per split.  The reports are listed in
devset/indicator_reports.tsv (s* = bundled samples, d* = the dev set's texts,
i* = excerpts collected for indicators); labels in devset/indicators.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from search import clean_text
from search.indicators import extract_indicators

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "devset" / "indicator_reports.tsv"
LABELS = ROOT / "devset" / "indicators.jsonl"
DEFAULT_TEXTS = ROOT / "devset" / "texts"
DEFAULT_EXTRA = ROOT / "devset" / "itexts"


def _key(indicator: str, value: float, unit: str) -> tuple[str, float, str]:
    return indicator, round(float(value), 6), unit


def _text_path(row: dict, texts: Path, extra: Path) -> Path:
    rid = row["id"]
    if rid.startswith("s"):
        return ROOT / row["path"]
    return (extra if rid.startswith("i") else texts) / row["path"]


def _id_key(rid: str) -> tuple[str, int]:
    return rid[:1], int(rid[1:]) if rid[1:].isdigit() else -1


def in_ranges(rid: str, ranges: str | None) -> bool:
    """Whether a report id lies in ``ranges`` ("i090-i101,i102-i127,s000"); None: all.
    A round keeps its ids after it moves to tune, so it can be scored again on its own."""
    if not ranges:
        return True
    for part in ranges.split(","):
        lo, _, hi = part.strip().partition("-")
        if _id_key(lo) <= _id_key(rid) <= _id_key(hi or lo):
            return True
    return False


def evaluate(split: str, texts: Path, extra: Path, ids: str | None = None) -> dict:
    labels: dict[str, list[dict]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            labels.setdefault(d["id"], []).append(d)
    with REPORTS.open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f, delimiter="\t")
            if split in ("all", r["split"]) and in_ranges(r["id"], ids)
        ]
    result = {
        "reports": 0,
        "missing": [],
        "extracted": 0,
        "labelled": 0,
        "right": 0,
        "wrong": [],
        "missed": [],
    }
    for row in rows:
        path = _text_path(row, texts, extra)
        if not path.is_file():
            result["missing"].append(str(path))
            continue
        result["reports"] += 1
        found = extract_indicators(clean_text(path.read_text(encoding="utf-8")))
        want = Counter(
            _key(d["indicator"], d["value"], d["unit"]) for d in labels.get(row["id"], [])
        )
        result["labelled"] += sum(want.values())
        result["extracted"] += len(found)
        for v in found:
            k = _key(v.indicator, v.value, v.unit)
            if want[k] > 0:
                want[k] -= 1
                result["right"] += 1
            else:
                result["wrong"].append((row["id"], v.indicator, v.text, v.sentence[:60]))
        for d in labels.get(row["id"], []):
            k = _key(d["indicator"], d["value"], d["unit"])
            if want[k] > 0:
                want[k] -= 1
                result["missed"].append((row["id"], d["indicator"], d["text"], d["sentence"]))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.indicator_accuracy")
    ap.add_argument(
        "--split",
        choices=("tune", "heldout", "final", "all"),
        default=None,
        help="one split (default: tune, heldout and final separately)",
    )
    ap.add_argument("--misses", action="store_true", help="list wrong and missed values")
    ap.add_argument(
        "--ids", default=None, help="only these report ids, e.g. i102-i127 (with --split all)"
    )
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    ap.add_argument("--extra", type=Path, default=DEFAULT_EXTRA)
    args = ap.parse_args(argv)
    for split in [args.split] if args.split else ["tune", "heldout", "final"]:
        r = evaluate(split, args.texts, args.extra, args.ids)
        p = r["right"] / r["extracted"] if r["extracted"] else 1.0
        rec = r["right"] / r["labelled"] if r["labelled"] else 1.0
        print(
            f"{split}: {r['reports']} reports, {r['labelled']} labelled, "
            f"{r['extracted']} extracted, {r['right']} right: "
            f"precision {p:.1%}, recall {rec:.1%}"
        )
        if r["missing"]:
            print(f"  {len(r['missing'])} texts not found, e.g. {r['missing'][0]}", file=sys.stderr)
        if args.misses:
            for w in r["wrong"]:
                print("  wrong :", " | ".join(w))
            for m in r["missed"]:
                print("  missed:", " | ".join(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
