"""Markdown of issue 13's table (bench.targets13): figures per collection, then each target
met or missed. Sizes not measured (100,000) are projected from the synthetic curve, and the
table says so."""

from __future__ import annotations

import math

MB = 2**20


def _f(x: float | None, nd: int = 2) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{nd}f}"


def _build_s(b: dict) -> str:
    if b.get("borrowed"):
        return "not measured (index copied)"
    return f"{_f(b['seconds'], 0)}{' (pre-built)' if b.get('reused') else ''}"


def _peak_mb(b: dict) -> float | None:
    peak = b["sampled_peak_bytes"]["total_rss"]
    return None if peak is None else peak / MB


def _row(r: dict) -> str:
    if "queries" not in r:
        return f"| {r['label']} | {r['reports']:,} | (built only) |"
    lat = r["queries"]["latency_ms"]
    ex = r["queries"]["exactness"]
    b, p = r["build"], r["peers"]
    page, scan, ours, tan = lat["page"], lat["scan"], lat["ours_find_all"], lat["tantivy"]
    worst = max((w["best_ms"] for w in r.get("worst", [])), default=None)
    exact = all(v["bad_queries"] == 0 for v in ex.values()) and all(
        w["total_ok"] for w in r.get("worst", [])
    )
    return (
        f"| {r['label']} | {r['reports']:,} | {r['text_bytes'] / MB:,.0f} "
        f"| {_f(page['p50'])} / {_f(page['p95'])} "
        f"| {_f(page['p50'] / scan['p50'])}x / {_f(page['p95'] / scan['p95'])}x "
        f"| {_f(ours['p50'])} / {_f(ours['p95'])} "
        f"| {_f(tan['p50'], 3)} / {_f(tan['p95'], 3)} "
        f"| {_f(ours['p95'] / tan['p95'], 1)}x "
        f"| {_f(worst, 1)} "
        f"| {_build_s(b)} "
        f"| {_f(p['fts5_s'], 1)} / {_f(p['tantivy_s'], 1)} "
        f"| {_f(b['seconds'] / p['fts5_s'] if b['seconds'] else None, 1)}x "
        f"| {_f(b['index_bytes'] / r['text_bytes'], 1)}x "
        f"| {_f(_peak_mb(b), 0)} "
        f"| {r['queries']['matches']['median']} | {'yes' if exact else 'NO'} |"
    )


def _project(rows: list[dict], key, n: int = 100_000) -> float | None:
    """``key(row)`` at ``n`` reports on the power law through the two largest synthetic sizes."""
    pts = [(r["reports"], key(r)) for r in rows if r["label"] != "corpus" and "queries" in r]
    if len(pts) < 2:
        return None
    (n1, y1), (n2, y2) = pts[-2], pts[-1]
    if y1 <= 0 or y2 <= 0 or n1 == n2:
        return None
    k = math.log(y2 / y1) / math.log(n2 / n1)
    return y2 * (n / n2) ** k


def targets(res: dict) -> list[tuple[str, str, str, bool | None]]:
    rows = [r for r in res["rows"] if "queries" in r]
    corpus = next((r for r in rows if r["label"] == "corpus"), None)
    out = []
    if corpus:
        lat = corpus["queries"]["latency_ms"]
        r50 = lat["page"]["p50"] / lat["scan"]["p50"]
        r95 = lat["page"]["p95"] / lat["scan"]["p95"]
        out.append(
            (
                "first page on the corpus, p50 / p95 vs the scan",
                "≤ 0.1x / ≤ 0.25x",
                f"{r50:.2f}x / {r95:.2f}x",
                r50 <= 0.1 and r95 <= 0.25,
            )
        )

    def lat_of(name, q):
        return lambda r: r["queries"]["latency_ms"][name][q]

    p50 = _project(rows, lat_of("page", "p50"))
    p95 = _project(rows, lat_of("page", "p95"))
    if p50 is not None:
        out.append(
            (
                "first page at 100,000, p50 / p95 (projected)",
                "≤ 5 / ≤ 100 ms",
                f"{p50:.1f} / {p95:.1f} ms",
                p50 <= 5 and p95 <= 100,
            )
        )
        a95 = _project(rows, lat_of("ours_find_all", "p95"))
        out.append(
            ("all matches at 100,000, p95 (projected)", "≤ 50 ms", f"{a95:.1f} ms", a95 <= 50)
        )
        w = _project(rows, lambda r: max(x["best_ms"] for x in r["worst"]))
        out.append(("worst case at 100,000 (projected)", "≤ 300 ms", f"{w:.0f} ms", w <= 300))
        if all(r["build"]["seconds"] for r in rows):
            bs = _project(rows, lambda r: r["build"]["seconds"])
            out.append(
                ("build of 100,000 (projected)", "≤ 20 min", f"{bs / 60:.0f} min", bs <= 1200)
            )
    rows = [r for r in rows if r["build"]["seconds"]]
    for r in rows:
        ratio = r["build"]["seconds"] / r["peers"]["fts5_s"]
        out.append((f"build vs FTS5 trigram, {r['label']}", "≤ 2x", f"{ratio:.1f}x", ratio <= 2))
    for r in rows:
        size = r["build"]["index_bytes"] / r["text_bytes"]
        out.append((f"index size / text, {r['label']}", "≤ 3x", f"{size:.1f}x", size <= 3))
        peak = r["build"]["sampled_peak_bytes"]["total_rss"] / MB
        out.append(
            (f"build peak memory, {r['label']}", "≤ 4,096 MB", f"{peak:,.0f} MB", peak <= 4096)
        )
    e = res.get("exponent", {})
    if e.get("page_p50") is not None:
        out.append(
            (
                "growth of first-page p50 / p95 over the synthetic sizes",
                "≤ 0.5 (aim)",
                f"N^{e['page_p50']:.2f} / N^{e['page_p95']:.2f}",
                e["page_p50"] <= 0.5 and e["page_p95"] <= 0.5,
            )
        )
    return out


def markdown(res: dict) -> str:
    m = res["machine"]
    lines = [
        f"# Issue 13 targets, {res['date']}",
        "",
        f"`{res['command']}` on {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB, Python "
        f"{m['python']}, SQLite {m['sqlite']}. Load average at each collection's queries: "
        + ", ".join(f"{r['label']} {r['load_average']}" for r in res["rows"])
        + ".",
        "",
        "| collection | reports | text MB | first page p50 / p95 ms | page / scan p50 / p95 "
        "| all matches p50 / p95 ms | tantivy-bigram p50 / p95 ms | all / tantivy p95 "
        "| worst case ms | build s | FTS5 / tantivy build s | build / FTS5 | index / text "
        "| build peak RSS MB | median matches | exact |",
        "|" + "---|" * 16,
    ]
    lines += [_row(r) for r in res["rows"]]
    lines += ["", "Worst-case phrases (first page, best of 3 / first, ms):", ""]
    for r in res["rows"]:
        ws = ", ".join(
            f"{w['phrase']} ({w['share']:.0%}) {w['best_ms']:.1f} / {w['first_ms']:.1f}"
            for w in r.get("worst", [])
        )
        lines.append(f"- {r['label']}: {ws}")
    e = res.get("exponent", {})
    lines += [
        "",
        "Growth exponents over the synthetic sizes: "
        + ", ".join(f"{k} N^{_f(v)}" for k, v in e.items()),
        "",
        "| target | goal | measured | |",
        "|---|---|---|---|",
    ]
    for name, goal, got, ok in targets(res):
        lines.append(f"| {name} | {goal} | {got} | {'met' if ok else '**missed**'} |")
    return "\n".join(lines) + "\n"
