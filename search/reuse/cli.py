"""``python -m search reuse``: one report's reuse, or every reported pair as CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from dataclasses import asdict

from ..errors import DocumentNotFoundError, SearchError
from ..model import PARTS
from ..store import resolve_index_dir
from .report import TEMPLATE_AGENCIES, assemble, char_weights, doc_table, part_array
from .source import IndexTexts
from .store import connect
from .templates import template_sentences

CSV_COLUMNS = ("report", "source", "part", "chars", "share", "kind")


def add_parser(sub, add_index_opt) -> None:
    sp = sub.add_parser("reuse", help="text a report shares with others (templates, copies)")
    sp.add_argument("report", nargs="?", metavar="REPORT_ID")
    add_index_opt(sp)
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.add_argument("--all", action="store_true", help="every reported pair, one row each")
    sp.add_argument("--format", choices=("csv", "json"), default="csv", help="with --all")
    sp.add_argument("--update", action="store_true", help="only bring the reuse data up to date")
    sp.add_argument(
        "--templates", action="store_true", help="template sentences: used by >= K agencies a year"
    )
    sp.add_argument("--k", type=int, default=TEMPLATE_AGENCIES, help="with --templates")
    sp.add_argument("--year", type=int, help="with --templates: only this year")
    sp.add_argument("--limit", type=int, default=100, help="with --templates (0: all)")
    sp.set_defaults(func=run)


def run(args) -> int:
    index_dir = resolve_index_dir(args.index)
    if not (args.report or args.all or args.update or args.templates):
        raise SearchError("reuse needs a REPORT_ID, --all, --templates or --update")
    if args.k < 1 or args.limit < 0:
        raise SearchError("--k must be at least 1 and --limit at least 0")
    from .update import ensure_reuse  # datasketch: imported only when it is needed

    done = ensure_reuse(index_dir)
    if args.update:
        print(
            f"reuse: compared {len(done.added)}, removed {len(done.removed)}; {done.total} reports"
        )
        return 0
    if args.templates:
        _templates(index_dir, args)
        return 0
    con = connect(index_dir)
    try:
        with IndexTexts(index_dir) as texts:
            docs = doc_table(con)
            if args.all:
                _all(con, texts, docs, args.format)
                return 0
            if args.report not in texts.records:
                raise DocumentNotFoundError(f"no report with id {args.report!r} in the index")
            got = assemble(con, texts.get(args.report), docs=docs)
            if args.json:
                print(json.dumps(got.to_json(), ensure_ascii=False))
            else:
                _show(got, texts.records[args.report])
    finally:
        con.close()
    return 0


def _templates(index_dir, args) -> None:
    rows = template_sentences(index_dir, k=args.k, year=args.year, limit=args.limit)
    if args.json:
        for r in rows:
            print(json.dumps(asdict(r), ensure_ascii=False))
        return
    print(f"{len(rows)} template sentences (used by at least {args.k} agencies in a year)")
    for r in rows:
        print(
            f"{r.agencies:>5} agencies {r.reports:>5} reports  {r.year or '----'}  "
            f"first: {r.first_agency or '（未识别机构）'} · {r.first_year or '年份未知'} "
            f"{r.first_id}\n        {r.text}"
        )


def _show(got, record: dict) -> None:
    print(
        f"{got.id}  {record.get('agency') or '（未识别机构）'} · "
        f"{record.get('year') or '年份未知'}: "
        f"{got.share:.1%} of its text found in other reports"
    )
    for part, share in got.by_part.items():
        print(f"  {part}: {share:.1%}")
    if got.sources:
        print("sources:")
    for s in got.sources[:10]:
        print(f"  {s.share:6.1%}  {s.chars:>6} chars  {s.kind:<8} {s.id}  {s.agency} · {s.year}")


def _all(con, texts: IndexTexts, docs, fmt: str) -> None:
    """One row per (report, source, part, kind): the characters of that part from that source.

    ``share`` is those characters over the characters (whitespace removed) of that
    part of the report.
    """
    out = csv.writer(sys.stdout) if fmt == "csv" else None
    if out:
        out.writerow(CSV_COLUMNS)
    for doc_id in sorted(texts.records):
        rep = texts.get(doc_id)
        got = assemble(con, rep, docs=docs)
        if not got.spans:
            continue
        weights = char_weights(rep.text)
        parts = part_array(rep.text, rep.sections)
        per: dict[tuple[str, str, int], int] = defaultdict(int)
        for s in got.spans:
            counted = weights[s.start : s.end]
            for p in range(len(PARTS)):
                n = int((counted & (parts[s.start : s.end] == p)).sum())
                if n:
                    per[s.source_id, s.kind, p] += n
        size = {p: int((weights & (parts == p)).sum()) for p in range(len(PARTS))}
        for (src, kind, p), n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0])):
            row = (doc_id, src, PARTS[p], n, round(n / size[p], 4), kind)
            if out:
                out.writerow(row)
            else:
                print(json.dumps(dict(zip(CSV_COLUMNS, row, strict=True)), ensure_ascii=False))
