"""Server-rendered SVG charts: the trend (bars of each year's share, or one line per
level / province) and the tile-grid map of China's provinces.

Hand-written rather than pygal or matplotlib: the page's CSP forbids the inline <style>
and <script> pygal emits, and matplotlib would need a CJK font file on the server to
draw Chinese.  Here the text stays text, drawn by the reader's own Chinese fonts, so
labels are readable in the page, in a saved .svg and when pasted into a paper.  Only
presentation attributes are used (no style attribute or element).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

import search

FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','SimHei',sans-serif"
SERIES = ("#1f5fa8", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285", "#c2255c", "#495057")
MAX_LINES = len(SERIES)  # a trend split by province draws the groups with most matches
SHADES = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")  # four classes of a positive share
NO_MATCH, NO_REPORTS = "#ffffff", "#eeeeee"
Link = Callable[..., str] | None

# Tile-grid map: each province a square at (column, row), roughly where it lies.
TILES = {
    "黑龙江省": (7, 0), "内蒙古自治区": (4, 1), "北京市": (5, 1), "辽宁省": (6, 1),
    "吉林省": (7, 1), "新疆维吾尔自治区": (0, 2), "甘肃省": (1, 2), "宁夏回族自治区": (2, 2),
    "山西省": (3, 2), "河北省": (4, 2), "天津市": (5, 2), "西藏自治区": (0, 3),
    "青海省": (1, 3), "陕西省": (2, 3), "河南省": (3, 3), "山东省": (4, 3),
    "四川省": (1, 4), "重庆市": (2, 4), "湖北省": (3, 4), "安徽省": (4, 4), "江苏省": (5, 4),
    "上海市": (6, 4), "云南省": (1, 5), "贵州省": (2, 5), "湖南省": (3, 5), "江西省": (4, 5),
    "浙江省": (5, 5), "广西壮族自治区": (2, 6), "广东省": (3, 6), "福建省": (4, 6),
    "台湾省": (5, 6), "海南省": (2, 7), "澳门特别行政区": (3, 7), "香港特别行政区": (4, 7),
}  # fmt: skip


def pct(share: float | None) -> str:
    """50.0% / 33.3%; "—" when there were no reports to divide by."""
    return "—" if share is None else f"{share * 100:.1f}%"


def _nice_max(value: float) -> float:
    for top in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1.0):
        if value <= top:
            return top
    return 1.0


def _svg(width: int, height: int, title: str, body: list[str], cls: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="13"><title>{escape(title)}</title>'
        f'<rect class="bg" width="{width}" height="{height}" fill="#ffffff"/>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _a(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def trend_title(trend: search.Trend) -> str:
    split = {"level": "（按层级）", "province": "（按省份）"}.get(trend.by, "")
    return f"{trend.query or '全部报告'}：各年度匹配报告占当年报告的比例{split}"


def trend_svg(
    trend: search.Trend, link: Link = None, width: int = 640, height: int = 300
) -> Markup:
    """Bars of each year's share (count / reports above each bar), or with ``trend.by``
    one line per group.  ``link(year=...)`` makes each bar a link filtering by its year."""
    left, right, top, bottom = 52, 16, 48, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    title = trend_title(trend)
    groups = trend.groups[:MAX_LINES] if trend.by else [""]
    shares = [p.share or 0.0 for p in trend.points if p.group in groups]
    ymax = _nice_max(max(shares, default=0.0))
    body = [f'<text class="chart-title" x="{left}" y="20" font-size="14" font-weight="bold" '
            f'fill="#222">{escape(title)}</text>']  # fmt: skip
    for k in range(5):  # gridlines and y labels: 0, 1/4 ... of the top
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#dddddd"/><text class="tick" x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end" fill="#555">{pct(ymax * k / 4)}</text>')  # fmt: skip
    n = max(1, len(trend.years))
    step = plot_w / n
    for i, year in enumerate(trend.years):
        x = left + step * i + step / 2
        body.append(f'<text class="year" x="{x:.1f}" y="{top + plot_h + 18}" '
                    f'text-anchor="middle" fill="#222">{year}</text>')  # fmt: skip
    if not trend.by:
        bar_w = min(56.0, step * 0.6)
        for i, year in enumerate(trend.years):
            p = trend.point(year)
            h = plot_h * (p.share or 0.0) / ymax
            x, y = left + step * i + (step - bar_w) / 2, top + plot_h - h
            tip = f"{year}年：{p.reports} 份报告中 {p.matching} 份匹配（{pct(p.share)}）"
            bar = (f'<g class="bar"><title>{escape(tip)}</title><rect x="{x:.1f}" y="{y:.1f}" '
                   f'width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" fill="{SERIES[0]}"/>'
                   f'<text class="value" x="{x + bar_w / 2:.1f}" y="{y - 6:.1f}" '
                   f'text-anchor="middle" fill="#222">{p.matching}/{p.reports}</text>'
                   "</g>")  # fmt: skip
            body.append(_a(link(year=year) if link and p.reports else None, bar))
        body.append(f'<text class="note" x="{left}" y="{height - 6}" fill="#555">'
                    "柱高：匹配报告占当年报告的比例；柱上：匹配数/报告数</text>")  # fmt: skip
        return _svg(width, height, title, body, "trend")
    for j, group in enumerate(groups):
        pts = []
        for i, year in enumerate(trend.years):
            p = trend.point(year, group)
            if p.reports:
                x = left + step * i + step / 2
                pts.append((x, top + plot_h - plot_h * (p.share or 0.0) / ymax, p))
        color = SERIES[j]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in pts)
        body.append(f'<g class="series"><polyline points="{line}" fill="none" stroke="{color}" '
                    f'stroke-width="2"/>')  # fmt: skip
        for x, y, p in pts:
            tip = f"{group} {p.year}年：{p.reports} 份报告中 {p.matching} 份匹配（{pct(p.share)}）"
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">'
                        f"<title>{escape(tip)}</title></circle>")  # fmt: skip
        body.append("</g>")
        lx, ly = left + (j % 4) * (plot_w / 4), height + 4 + 18 * (j // 4)
        body.append(f'<g class="legend-item"><rect x="{lx:.1f}" y="{ly - 9}" width="10" '
                    f'height="10" fill="{color}"/><text x="{lx + 14:.1f}" y="{ly}" fill="#222">'
                    f"{escape(group)}</text></g>")  # fmt: skip
    return _svg(width, height + 10 + 18 * ((len(groups) + 3) // 4), title, body, "trend lines")


def shade(share: float | None, top: float) -> str:
    if share is None:
        return NO_REPORTS
    if share == 0:
        return NO_MATCH
    k = min(len(SHADES) - 1, int(share / top * len(SHADES) - 1e-9)) if top else 0
    return SHADES[k]


def map_svg(pmap: search.ProvinceMap, link: Link = None) -> Markup:
    """The tile-grid map: each province a square shaded by its matching share, named,
    with its share; ``link(region=...)`` makes each tile a link filtering by it."""
    size, gap, left, top = 62, 4, 10, 34
    width, height = left * 2 + 8 * (size + gap), top + 8 * (size + gap) + 70
    top_share = _nice_max(max((p.share or 0.0 for p in pmap.provinces), default=0.0))
    title = f"{pmap.query or '全部报告'}：各省份匹配报告占该省报告的比例"
    body = [f'<text class="chart-title" x="{left}" y="20" font-size="14" font-weight="bold" '
            f'fill="#222">{escape(title)}</text>']  # fmt: skip
    for p in pmap.provinces:
        col, row = TILES[p.province]
        x, y = left + col * (size + gap), top + row * (size + gap)
        fill = shade(p.share, top_share)
        dark = fill in SHADES[2:]
        ink = "#ffffff" if dark else "#222"
        tip = f"{p.province}：{p.reports} 份报告中 {p.matching} 份匹配（{pct(p.share)}）"
        tile = (f'<g class="tile"><title>{escape(tip)}</title><rect x="{x}" y="{y}" '
                f'width="{size}" height="{size}" rx="4" fill="{fill}" stroke="#999999"/>'
                f'<text class="name" x="{x + size / 2}" y="{y + 26}" text-anchor="middle" '
                f'fill="{ink}">{escape(p.short)}</text><text class="share" x="{x + size / 2}" '
                f'y="{y + 45}" text-anchor="middle" font-size="11" fill="{ink}">'
                f"{pct(p.share) if p.reports else '无报告'}</text></g>")  # fmt: skip
        body.append(_a(link(region=p.province) if link and p.reports else None, tile))
    ly = top + 8 * (size + gap) + 6
    classes = [(NO_REPORTS, "无报告"), (NO_MATCH, "0%")] + [
        (c, f"≤{pct(top_share * (k + 1) / len(SHADES))}") for k, c in enumerate(SHADES)
    ]
    body.append(
        f'<text class="legend-title" x="{left}" y="{ly + 12}" fill="#222">图例（匹配比例）</text>'
    )
    for k, (color, label) in enumerate(classes):
        x = left + k * 82
        body.append(f'<g class="legend-item"><rect x="{x}" y="{ly + 22}" width="16" height="16" '
                    f'fill="{color}" stroke="#999999"/><text x="{x + 21}" y="{ly + 35}" '
                    f'fill="#222">{escape(label)}</text></g>')  # fmt: skip
    if pmap.unknown.reports:
        u = pmap.unknown
        body.append(f'<text class="note" x="{left}" y="{ly + 60}" fill="#555">省份未识别的报告：'
                    f"{u.reports} 份，其中 {u.matching} 份匹配（不在图中）</text>")  # fmt: skip
    return _svg(width, height, title, body, "map")
