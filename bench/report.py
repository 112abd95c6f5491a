"""The Markdown report: figures, ratios to the peers, and the issue's targets met or missed."""

from __future__ import annotations

import math

from bench.stats import percentile

MB = 1_000_000
EXPONENT_TARGET = 0.75  # our reading of "grows clearly slower than the collection" (linear = 1)

# Figures the issue quotes, measured earlier on this machine, shown beside ours for reference.
ISSUE_REFERENCE = {
    "fts5": "build 8.4 s; p50 0.40 / p95 88 ms",
    "scan": "p50 10.9 / p95 17.7 ms",
    "tantivy bigrams (not run)": "build 3.2 s; p50 0.14 / p95 3.2 ms",
}


def _f(x: float | None, nd: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.{nd}f}"


def _mb(n: int | None) -> str:
    return "—" if n is None else f"{n / MB:,.1f}"


def _times(peer: float, ours: float) -> str:
    if not ours or not peer or math.isnan(ours) or math.isnan(peer):
        return "—"
    r = peer / ours
    return f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.1f}x slower"


def _met(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[ok]


def targets(res: dict) -> list[dict]:
    """Each target of issue 5 with our figure and met / missed (None: not measured or n/a)."""
    quick = res["mode"] == "quick"
    b, q = res["build"], res["queries"]
    lat = q["latency_ms"]
    a = lat["ours_find_all"]
    rows = [
        (
            "build of the 58 MB corpus",
            "≤ 45 s",
            f"{b['seconds']:.1f} s" + (" (quick subset)" if quick else ""),
            None if quick else b["seconds"] <= 45,
        ),
        ("(a) all matches p50", "≤ 2 ms", f"{_f(a['p50'])} ms", a["p50"] <= 2),
        ("(a) all matches p95", "≤ 20 ms", f"{_f(a['p95'])} ms", a["p95"] <= 20),
        (
            "(a) p50 vs the scan",
            "several times faster (≥ 3x)",
            _times(lat["scan"]["p50"], a["p50"]),
            lat["scan"]["p50"] >= 3 * a["p50"],
        ),
    ]
    if "fts5" in lat:
        rows.append(
            (
                "(a) p95 vs FTS5 trigram",
                "better p95",
                f"{_f(a['p95'])} vs {_f(lat['fts5']['p95'])} ms",
                a["p95"] < lat["fts5"]["p95"],
            )
        )
    h = res.get("http") or {}
    if "latency_ms" in h:
        rows += [
            (
                "HTTP first page p95, 4 clients",
                "≤ 50 ms",
                f"{_f(h['latency_ms']['p95'])} ms",
                h["latency_ms"]["p95"] <= 50,
            ),
            ("HTTP errors", "0", str(h["errors"]), h["errors"] == 0),
            (
                "server RSS (peak under load)",
                "≤ 300 MB",
                f"{_mb(h['rss_peak_bytes'])} MB",
                h["rss_peak_bytes"] <= 300 * MB,
            ),
            (
                "first answer after start",
                "≤ 3 s",
                f"{h['first_answer_s']:.2f} s",
                h["first_answer_s"] <= 3,
            ),
        ]
    else:
        rows.append(("HTTP", "see issue", h.get("error") or h.get("skipped") or "not run", None))
    sc = res.get("scale") or {}
    exp = (sc.get("exponent") or {}).get("ours_find_all_p50")
    top = max((p["reports"] for p in sc.get("points", [])), default=0)
    rows.append(
        (
            "query growth to 30,000 reports",
            f"exponent < 1 (≤ {EXPONENT_TARGET})",
            f"(a) p50 ∝ N^{exp:.2f} up to {top:,} reports (scan: N^"
            f"{_f((sc.get('exponent') or {}).get('scan_p50'))})"
            if exp is not None
            else (sc.get("skipped") or "not run"),
            None if exp is None else exp <= EXPONENT_TARGET,
        )
    )
    exact_ok = _all_exact(res)
    rows.append(
        (
            "exactness on every query",
            "recall = precision = 1.0",
            "all queries equal to the scan" if exact_ok else "mismatches: see below",
            exact_ok,
        )
    )
    return [{"what": w, "target": t, "figure": f, "met": m} for w, t, f, m in rows]


def _exact_sets(res: dict) -> list[tuple[str, dict]]:
    out = [("corpus", res["queries"]["exactness"])]
    out += [
        (f"{s['reports']:,} synthetic", s["queries"]["exactness"])
        for s in (res.get("scale") or {}).get("sizes", [])
    ]
    return out


def _all_exact(res: dict) -> bool:
    for _, ex in _exact_sets(res):
        for name in ("ours_find_all", "page"):
            if ex.get(name, {}).get("bad_queries"):
                return False
    h = res.get("http") or {}
    return not h.get("wrong_totals")


def markdown(res: dict) -> str:
    m, c, b, q = res["machine"], res["corpus"], res["build"], res["queries"]
    lat, ex = q["latency_ms"], q["exactness"]
    a, pg = lat["ours_find_all"], lat["page"]
    out = [
        f"# Benchmark ({res['mode']} run, {res['date']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; Python {m['python']}, "
        f"SQLite {m['sqlite']}, {m['os']}. Command: `{res['command']}`.",
        "",
        "Load average (1 min) as each phase started, since other work shares this machine: "
        + ", ".join(f"{k} {v}" for k, v in res.get("load_average", {}).items())
        + ".",
        "",
        f"Texts: {c['files']:,} files ({c['cleaned_bytes'] / MB:.1f} MB cleaned), "
        f"{c['reports']:,} reports after deduplication ({c['duplicates']} duplicates, "
        f"{len(c['failed'])} unreadable), {c['unique_bytes'] / MB:.1f} MB cleaned, "
        f"{c['compact_chars'] / 1e6:.1f} M compact characters. "
        f"{q['phrases']} phrases of 2-8 Han characters (seed {res['args']['seed']}): median "
        f"{q['matches']['median']} matching reports, max {q['matches']['max']}, "
        f"{q['matches']['zero']} with none.",
        "",
        "## Targets (issue 5)",
        "",
        "| what | target | figure | |",
        "|---|---|---|---|",
        *[
            f"| {t['what']} | {t['target']} | {t['figure']} | {_met(t['met'])} |"
            for t in res["targets"]
        ],
        "",
        "## Build",
        "",
        "| engine | build s | MB/s cleaned | size on disk MB | peak memory |",
        "|---|---|---|---|---|",
        f"| ours (Whoosh + jieba) | {b['seconds']:.1f} (child wall {b['wall_seconds']:.1f}) "
        f"| {b['mb_per_s']:.2f} | {_mb(b['index_bytes'])} | {_peaks(b)} |",
    ]
    if "fts5" in res:
        f5 = res["fts5"]
        out.append(
            f"| SQLite FTS5 trigram | {f5['build_seconds']:.1f} | "
            f"{c['unique_bytes'] / MB / f5['build_seconds']:.2f} | "
            f"{_mb(f5['size_bytes'])} | (in the benchmark process) |"
        )
    out += [
        "",
        f"Cross-check: the index holds {b['total']:,} reports "
        f"({b['duplicates']} duplicates skipped, {len(b['failed'])} failed); "
        f"the peers hold {c['reports']:,}.",
        "",
    ]
    fq = q["first"]
    out += [
        "## Phrase queries (same phrases, same run, engines interleaved)",
        "",
        f"Cold path, reported apart: open {fq['open_ms']:.1f} ms, first (a) "
        f"{fq['first_find_all_ms']:.1f} ms, first (b) {fq['first_search_ms']:.1f} ms.",
        "",
        "| engine | p50 ms | p95 ms | max ms | recall | precision | (a) p50 vs it | "
        "(a) p95 vs it | issue's reference |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    names = {
        "ours_find_all": "ours (a) all matches",
        "page": "ours (b) first page + facets",
        "scan": "in-memory scan",
        "fts5": "FTS5 trigram",
    }
    for key, label in names.items():
        if key not in lat:
            continue
        s = lat[key]
        e = ex.get(key, {"recall": 1.0, "precision": 1.0} if key == "scan" else {})
        rec = (
            _f(e.get("recall"), 4)
            if "recall" in e
            else (f"totals {e['totals_ok']}/{q['phrases']}" if "totals_ok" in e else "—")
        )
        vs = (
            ("—", "—")
            if key in ("ours_find_all", "page")
            else (_times(s["p50"], a["p50"]), _times(s["p95"], a["p95"]))
        )
        out.append(
            f"| {label} | {_f(s['p50'])} | {_f(s['p95'])} | {_f(s['max'], 1)} | {rec} | "
            f"{_f(e.get('precision'), 4)} | {vs[0]} | {vs[1]} | "
            f"{ISSUE_REFERENCE.get(key, '')} |"
        )
    out.append(
        f"| tantivy bigrams (not run) | | | | | | | | "
        f"{ISSUE_REFERENCE['tantivy bigrams (not run)']} |"
    )
    out += _by_length(q)
    out += [
        "",
        f"(b) first page vs the scan: p50 {_times(lat['scan']['p50'], pg['p50'])}, "
        f"p95 {_times(lat['scan']['p95'], pg['p95'])}"
        + (
            f"; vs FTS5 (ids only): p50 {_times(lat['fts5']['p50'], pg['p50'])}, p95 "
            f"{_times(lat['fts5']['p95'], pg['p95'])}."
            if "fts5" in lat
            else "."
        ),
        "",
    ]
    out += _http(res.get("http") or {})
    out += _scale(res.get("scale") or {})
    out += _mismatches(res)
    return "\n".join(out) + "\n"


def _by_length(q: dict) -> list[str]:
    """p50 per phrase length: FTS5 answers 1-2 characters with instr(), a full scan."""
    phrases, raw = q.get("phrase_list"), q.get("raw_ms", {})
    if not phrases:
        return []
    names = [k for k in ("ours_find_all", "page", "scan", "fts5") if k in raw]
    lengths = sorted({len(p) for p in phrases})
    out = [
        "",
        "p50 ms by phrase length (phrases of that length):",
        "",
        "| engine | "
        + " | ".join(f"{n} ({sum(len(p) == n for p in phrases)})" for n in lengths)
        + " |",
        "|---|" + "---|" * len(lengths),
    ]
    for name in names:
        cells = []
        for n in lengths:
            xs = [ms for p, ms in zip(phrases, raw[name], strict=True) if len(p) == n]
            cells.append(_f(percentile(xs, 50)))
        label = {"ours_find_all": "ours (a)", "page": "ours (b)", "fts5": "FTS5 trigram"}
        out.append(f"| {label.get(name, name)} | " + " | ".join(cells) + " |")
    return out


def _peaks(b: dict) -> str:
    p = b["sampled_peak_bytes"]
    return (
        f"main {_mb(b['rusage_main_maxrss'])} MB, largest worker "
        f"{_mb(b['rusage_worker_maxrss'])} MB (getrusage); sampled all processes: RSS sum "
        f"{_mb(p['total_rss'])} MB, PSS {_mb(p['total_pss'])} MB"
    )


def _http(h: dict) -> list[str]:
    if "latency_ms" not in h:
        return ["## HTTP", "", f"Not measured: {h.get('error') or h.get('skipped')}.", ""]
    s = h["latency_ms"]
    return [
        f"## HTTP `/api/search` first pages ({h['clients']} clients, {h['seconds']:.0f} s)",
        "",
        "| first answer after start | requests | req/s | p50 ms | p95 ms | max ms | errors | "
        "wrong totals | server RSS idle / peak MB | server CPU ms/request | server cores busy |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {h['first_answer_s']:.2f} s | {h['requests']:,} | {h['throughput_rps']:.0f} | "
        f"{_f(s['p50'])} | {_f(s['p95'])} | {_f(s['max'], 1)} | {h['errors']} | "
        f"{h['wrong_totals']} | {_mb(h['rss_idle_bytes'])} / {_mb(h['rss_peak_bytes'])} | "
        f"{_f(h.get('server_cpu_ms_per_request'), 1)} | {_f(h.get('server_cores_busy'))} |",
        "",
        *([f"Errors: {'; '.join(h['error_samples'])}", ""] if h["errors"] else []),
    ]


def _scale(sc: dict) -> list[str]:
    skipped = [
        f"{s['files']:,} reports (build estimated at {s['estimated_build_s']:.0f} s "
        f"from the corpus build's MB/s, over --max-build-seconds)"
        for s in sc.get("skipped_sizes", [])
    ]
    if not sc.get("sizes"):
        why = sc.get("skipped") or "; ".join(skipped) or "not run"
        return ["## Scale", "", f"Skipped: {why}.", ""]
    out = [
        "## Scale (synthetic reports recombined from real paragraphs)",
        "",
        "| collection | reports | cleaned MB | build s | MB/s | index MB | build peak RSS sum MB "
        "| (a) p50 | (a) p95 | (b) p50 | (b) p95 | scan p50 | median matches | exact |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sc["points"]:
        built = _f(s.get("build_s"), 1)
        if s.get("extend_s") is not None:
            built += f" ({_f(s['build_s'] - s['extend_s'], 0)} + {_f(s['extend_s'], 0)})"
        out.append(
            f"| {s['label']} | {s['reports']:,} | {s['mb']:.1f} | {built} | "
            f"{_f(s.get('mb_per_s'))} | {_mb(s.get('index_bytes'))} | {_mb(s.get('peak_rss'))} | "
            f"{_f(s['a_p50'])} | {_f(s['a_p95'])} | {_f(s['b_p50'])} | {_f(s['b_p95'])} | "
            f"{_f(s['scan_p50'])} | {s['median_matches']} | {'yes' if s['exact'] else '**no**'} |"
        )
    e = sc.get("exponent", {})
    e2 = sc.get("exponent_synthetic", {})
    if sc.get("incremental") and len(sc["points"]) > 2:
        out += [
            "",
            "--incremental-scale: each synthetic size after the first is the previous "
            "size's index plus the extra reports; its build time is the sum, shown as "
            "(previous + added).",
        ]
    out += [
        "",
        "Growth exponent k in latency ∝ reports^k (least squares on log-log; "
        "first over all sizes, then over the synthetic ones only):",
        "",
        "| figure | k, all sizes | k, synthetic only |",
        "|---|---|---|",
    ]
    for key in e:
        out.append(f"| {key} | {_f(e[key])} | {_f(e2.get(key))} |")
    if skipped:
        out += ["", "Skipped: " + "; ".join(skipped) + "."]
    return [*out, ""]


def _mismatches(res: dict) -> list[str]:
    out = []
    for label, ex in _exact_sets(res):
        for name, e in ex.items():
            for bad in e.get("bad", []):
                out.append(
                    f"- {label}, {name}: 「{bad['phrase']}」 want {bad['want']}"
                    + (f", got {bad['got']}" if "got" in bad else "")
                    + (f", {bad['note']}" if bad.get("note") else "")
                    + (f", missing {bad['missing']}" if bad.get("missing") else "")
                    + (f", extra {bad['extra']}" if bad.get("extra") else "")
                )
    h = res.get("http") or {}
    out += [f"- HTTP: {w}" for w in h.get("wrong_samples", [])]
    if not out:
        return [
            "## Exactness",
            "",
            "Every answer of every engine equals the scan's (as a set of report ids).",
            "",
        ]
    return ["## Exactness: mismatches against the scan", "", *out[:200], ""]
