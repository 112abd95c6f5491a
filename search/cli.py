"""The command line: ``python -m search index|search|stats|meta|indicators|serve``.

Output formats here are an interface other tools depend on: keep them.
Exit status: 0 success, 1 some files failed to index or another error,
2 a query or option that cannot be understood.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Iterator

from .errors import QueryError, SearchError
from .export import csv_chunks, jsonl_chunks, query_text
from .fields import REGISTRY, option_fields
from .formats import FORMATS, jsonl_stream, result_lines, text_stream
from .model import MatchRow
from .searcher import SearchIndex
from .store import resolve_index_dir


def _index(args) -> int:
    from tqdm import tqdm

    from .indexer import index_paths
    from .walk import printable_path

    bar = None

    def found(n: int) -> None:
        nonlocal bar
        bar = tqdm(
            total=n,
            unit="file",
            desc="indexing",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            leave=False,
        )

    try:
        summary = index_paths(
            args.paths,
            resolve_index_dir(args.index),
            prune=args.prune,
            progress=lambda n: bar.update(n) if bar else None,
            files_found=found,
            meta=args.meta,
        )
    finally:
        if bar is not None:
            bar.close()
    print(
        f"added {len(summary.added)}, updated {len(summary.updated)}, "
        f"unchanged {len(summary.unchanged)}, failed {len(summary.failed)}"
        + (f", duplicates skipped {len(summary.duplicates)}" if summary.duplicates else "")
        + (f", pruned {len(summary.pruned)}" if summary.pruned else "")
        + (f", skipped {len(summary.skipped)}" if summary.skipped else "")
        + f"; {summary.total} reports in {resolve_index_dir(args.index)}"
    )
    # File names can hold bytes that are not UTF-8 and control characters (a carriage
    # return would overwrite the line): printed escaped and stripped.
    show = printable_path
    for path, kept in summary.duplicates:
        print(
            f"  duplicate: {show(_local(path))} has the same text as {show(_local(kept))} "
            f"(kept {show(_local(kept))})"
        )
    for path, reason in summary.skipped:
        print(f"  skipped: {show(_local(path))}: {reason}")
    for path, reason in summary.failed:
        print(f"  failed: {show(_local(path))}: {reason}")
    report = summary.manifest
    if report is not None and report.file:
        print(
            f"manifest {report.file}: {report.rows} row{'s' if report.rows != 1 else ''}, "
            f"metadata changed for {report.changed} report{'s' if report.changed != 1 else ''}"
        )
    for note in report.notes if report is not None else ():
        print(f"  manifest: {note}")
    return 1 if summary.failed else 0


def _local(path: str) -> str:
    """A path the indexer names canonically, shown relative to here when it is below."""
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return path if rel.startswith(os.pardir) else rel


def _filters(args) -> dict:
    """The field options given (``--agency`` …: the registry's option fields)."""
    return {name: getattr(args, name, None) for name in option_fields()}


def _search(args) -> int:
    fmt = "json" if args.json else args.format or "text"
    if args.json and args.format is not None:
        print("error: give --json or --format, not both", file=sys.stderr)
        return 2
    try:
        index = SearchIndex(args.index, timeout=args.timeout)
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    queries = (line.rstrip("\n") for line in sys.stdin) if args.query == "-" else [args.query]
    status = 0
    tty = sys.stdout.isatty()
    first = True
    for query in queries:
        if args.query == "-" and not query.strip():
            continue
        try:
            if fmt in ("csv", "jsonl"):
                _write_rows(index, query, args, fmt, header=first)
                first = False
                continue
            result = index.search(query, sort=args.sort, per_page=args.limit, **_filters(args))
        except SearchError as exc:
            status = 2 if isinstance(exc, QueryError) else 1
            if fmt in ("json", "jsonl"):
                print(json.dumps(error_json(query, exc), ensure_ascii=False))
            print(f"error: {exc}", file=sys.stderr)
            continue
        if fmt == "json":
            print(
                json.dumps(
                    result.to_json(),
                    ensure_ascii=False,
                    indent=None if args.query == "-" else 2,
                )
            )
        else:
            sys.stdout.writelines(text_stream(result_lines(result, tty)))
            if args.query == "-":
                print()
        sys.stdout.flush()
    return status


def _write_rows(index: SearchIndex, query: str, args, fmt: str, header: bool) -> None:
    """The citation rows of the first ``--limit`` reports (0: all), as /export.csv has them."""
    filters = _filters(args)
    rows = _first_reports(index.export_rows(query, sort=args.sort, **filters), args.limit)
    write = csv_chunks if fmt == "csv" else jsonl_chunks
    chunks = write(rows, query_text(query, filters))
    if not header and fmt == "csv":
        next(chunks)  # one table for every query of ``search -``: BOM and header once
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def _first_reports(rows: Iterator[MatchRow], limit: int) -> Iterator[MatchRow]:
    """``rows`` up to the last row of the ``limit``-th report (every row with 0)."""
    report, n = None, 0
    try:
        for row in rows:
            if row.id != report:
                report, n = row.id, n + 1
                if limit and n > limit:
                    break
            yield row
    finally:
        rows.close()


def error_json(query: str, exc: SearchError) -> dict:
    """``{"query", "error", "code"}``: the English message and its stable code."""
    return {"query": query, "error": str(exc), "code": getattr(exc, "code", "search_error")}


def _width(s: str) -> int:
    # Han characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def _stats(args) -> int:
    stats = SearchIndex(args.index).stats()
    print(f"{stats.total} reports")
    years = list(stats.years)
    width = max([_width(a) for a in stats.agency_years] + [6])
    print("\n" + _pad("agency", width) + "  " + "  ".join(y.rjust(5) for y in years) + "  total")
    for agency, per_year in stats.agency_years.items():
        cells = "  ".join(str(per_year.get(y, "")).rjust(5) for y in years)
        print(f"{_pad(agency, width)}  {cells}  {stats.agencies[agency]:>5}")
    print(
        _pad("total", width)
        + "  "
        + "  ".join(str(stats.years[y]).rjust(5) for y in years)
        + f"  {stats.total:>5}"
    )
    return 0


def _indicators(args) -> int:
    from .indicator_rows import long_csv

    rows = SearchIndex(args.index).indicator_rows(args.query or "", **_filters(args))
    if args.format == "jsonl":
        sys.stdout.writelines(jsonl_stream(r.to_json() for r in rows))
    else:
        sys.stdout.writelines(long_csv(rows))
    return 0


def _meta(args) -> int:
    from .listing import to_csv, to_table

    reports = SearchIndex(args.index).report_metadata(missing=args.missing)
    if args.csv:
        sys.stdout.buffer.write(to_csv(reports).encode("utf-8"))
        return 0
    print(to_table(reports))
    what = f" missing {args.missing}" if args.missing else ""
    print(f"\n{len(reports)} report{'s' if len(reports) != 1 else ''}{what}")
    return 0


# Columns of context either side of the match in the concordance's text output.
_CONTEXT_COLUMNS = 36


def _clip_left(s: str, width: int) -> str:
    out = ""
    for ch in reversed(s):
        if _width(ch + out) > width:
            break
        out = ch + out
    return " " * (width - _width(out)) + out


def _clip_right(s: str, width: int) -> str:
    out = ""
    for ch in s:
        if _width(out + ch) > width:
            break
        out += ch
    return out


def _concordance(args) -> int:
    index = SearchIndex(args.index)
    result = index.concordance(
        args.query, sort=args.sort, page=args.page, per_page=args.limit, **_filters(args)
    )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    shown = len(result.lines)
    print(
        f"{result.total} line{'s' if result.total != 1 else ''} in {result.reports} "
        f"report{'s' if result.reports != 1 else ''} for {result.query}"
        + (f" (showing {shown}, page {result.page})" if shown < result.total else "")
    )
    for line in result.lines:
        described = (line.agency or "（未识别机构）", line.year, line.part)
        where = " · ".join(str(x) for x in described if x)
        left = " ".join(line.left.split())
        right = " ".join(line.right.split())
        print(
            f"{_clip_left(left, _CONTEXT_COLUMNS)}【{line.match}】"
            f"{_clip_right(right, _CONTEXT_COLUMNS)}  {where}"
        )
    return 0


def _serve(args) -> int:
    from web.serve import serve

    return serve(index_dir=args.index, host=args.host, port=args.port, workers=args.workers)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m search", description="Exact phrase search over 法治政府建设情况报告."
    )
    sub = p.add_subparsers(dest="command", required=True)

    def add_index_opt(sp):
        return sp.add_argument(
            "--index",
            metavar="DIR",
            default=None,
            help="index directory (default: $SEARCH_INDEX or ./index)",
        )

    def add_field_opts(sp) -> list:
        """``--agency``, ``--year`` …: one option per option field of the registry."""
        out = []
        for name in option_fields():
            meta = REGISTRY[name]
            flag = "--" + name.replace("_", "-")
            out.append(sp.add_argument(flag, dest=name, help=f"{meta.label}, e.g. {meta.example}"))
        return out

    sp = sub.add_parser("index", help="add or update reports from files and folders")
    sp.add_argument("paths", nargs="+", metavar="PATH")
    add_index_opt(sp)
    sp.add_argument(
        "--prune",
        action="store_true",
        help="drop reports whose files under the given folders are gone",
    )
    sp.add_argument(
        "--meta",
        metavar="FILE.csv",
        help="manifest: a CSV with a path column and any of agency, region, level, year, "
        "date, doc_number, title, url; its non-empty cells override what the text says",
    )
    sp.set_defaults(func=_index)

    sp = sub.add_parser("search", help="search the index ('-' reads one query a line)")
    sp.add_argument("query", metavar="QUERY")
    with_value = [
        add_index_opt(sp),
        sp.add_argument(
            "--limit", type=_nonneg, default=10, help="hits (reports) to show, 0 for all"
        ),
        *add_field_opts(sp),
        sp.add_argument("--sort", choices=("relevance", "date"), default="relevance"),
        sp.add_argument(
            "--format",
            choices=FORMATS,
            default=None,
            help="text (default): hits and snippets; csv / jsonl: every matching sentence of "
            "the hits, one row each, as /export.csv gives them",
        ),
    ]
    sp.add_argument("--json", action="store_true", help="print the result as one JSON object")
    sp.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="give up on a query after this long (exit 1; default: no limit)",
    )
    sp.set_defaults(func=_search)
    # For _query_first_dash: which options of ``search`` take the next argument.
    p.set_defaults(search_value_options=[o for a in with_value for o in a.option_strings])

    sp = sub.add_parser(
        "concordance", help="every match in its sentence, one line each (key word in context)"
    )
    sp.add_argument("query", metavar="QUERY")
    add_index_opt(sp)
    sp.add_argument("--limit", type=_nonneg, default=100, help="lines to show, 0 for all")
    sp.add_argument("--page", type=_positive, default=1, help="page of --limit lines")
    add_field_opts(sp)
    sp.add_argument("--sort", choices=("agency", "year", "part", "left", "right"), default="agency")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(func=_concordance)

    sp = sub.add_parser("stats", help="counts per agency and year")
    add_index_opt(sp)
    sp.set_defaults(func=_stats)

    sp = sub.add_parser("indicators", help="indicator values of the matching reports")
    sp.add_argument("query", metavar="QUERY", nargs="?", default="", help="default: all reports")
    add_index_opt(sp)
    add_field_opts(sp)
    sp.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    sp.set_defaults(func=_indicators)
    sp = sub.add_parser("meta", help="every report's metadata and where each field came from")
    add_index_opt(sp)
    sp.add_argument(
        "--missing",
        choices=("agency", "year", "region"),
        help="only the reports where this field is empty",
    )
    sp.add_argument(
        "--csv",
        action="store_true",
        help="CSV (UTF-8 with BOM) that can be edited and fed back with index --meta",
    )
    sp.set_defaults(func=_meta)

    sp = sub.add_parser(
        "serve", help="serve the web UI and JSON API (gunicorn workers, or waitress)"
    )
    add_index_opt(sp)
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=5000)
    sp.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes (default: one per core); 1 serves from one process (waitress)",
    )
    sp.set_defaults(func=_serve)

    from .reuse.cli import add_parser as add_reuse_parser

    add_reuse_parser(sub, add_index_opt)
    return p


def _nonneg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (all) or more")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not n > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return n


def _positive(value: str) -> int:
    n = _nonneg(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _query_first_dash(argv: list[str], value_options: list[str]) -> list[str]:
    """Put a search query that starts with ``-`` (``-"疫情"``) behind ``--``.

    argparse takes any such argument for an unknown option; a query is the one
    argument of ``search`` that is neither an option nor an option's value.
    """
    if not argv or argv[0] != "search":
        return argv
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            break
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            takes_value = "=" not in arg and any(o.startswith(name) for o in value_options)
            i += 2 if takes_value else 1
            continue
        if arg.startswith("-") and arg not in ("-", "-h"):
            return [argv[0], *rest[:i], *rest[i + 1 :], "--", arg]
        i += 1
    return argv


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_query_first_dash(argv, parser.get_default("search_value_options")))
    # pdfminer warns on stderr about every odd PDF object; a failed file is
    # already named in the summary, so only its errors are worth showing.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return args.func(args)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
