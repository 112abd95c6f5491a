"""A small collection full of reuse, recombined from the real paragraphs of the five
samples: what the speed work on the reuse pass (README, Reused text: scale) must leave
exactly as it was.

Sixteen reports of eight agencies over two years: each opens with the same sentence (a
template: eight agencies a year), draws its paragraphs from the samples' (exact copies,
found by sentence hashes and by the LSH), and rewords a few of them (a character changed
every 40: near duplicates only MinHash finds).  Deterministic: a fixed seed.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from pathlib import Path

import search

AGENCIES = (
    "江门市江海区卫生健康局",
    "韶关市武江区司法局",
    "信阳市新县教育局",
    "焦作市解放区民政局",
    "郑州市金水区财政局",
    "洛阳市西工区水利局",
    "南京市玄武区商务局",
    "杭州市西湖区审计局",
)
HEADINGS = (
    "一、{y}年度推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、{n}年度推进法治政府建设的工作安排",
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HEADING_LIKE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)])"
)
# The reuse store's tables, each in an order that does not depend on insertion order.
TABLES = {
    "docs": "SELECT row, id, agency, year FROM docs ORDER BY row",
    "sents": 'SELECT hash, doc, start, "end" FROM sents ORDER BY doc, start, hash',
    # rep 2, a member of a near-duplicate cluster (search/reuse/clusters.py), was a
    # representative (1) before the clusters: which paragraphs the LSH holds changed,
    # not the rows.
    "paras": "SELECT row, doc, start, sig, digest, MIN(rep, 1) FROM paras ORDER BY row",
    "links": "SELECT * FROM links ORDER BY a, a_start, a_end, b, b_start, b_end",
    "summary": "SELECT * FROM summary ORDER BY doc",
}


def _pool() -> list[str]:
    out = []
    for f in sorted(Path(search.SAMPLES_DIR).glob("*.txt")):
        for line in f.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            if len(line) >= 15 and len(_HAN.findall(line)) >= 10 and not _HEADING_LIKE.match(line):
                out.append(line)
    return out


def _reworded(para: str, rng: random.Random) -> str:
    chars = list(para)
    for i in range(rng.randrange(40), len(chars), 40):
        if _HAN.match(chars[i]):
            chars[i] = "事" if chars[i] != "事" else "务"
    return "".join(chars)


def write_mix(folder: Path) -> list[list[Path]]:
    """The sixteen reports, as two batches of files (indexed one after the other)."""
    rng = random.Random(12)
    pool = _pool()
    files = []
    for i in range(16):
        agency, year = AGENCIES[i % 8], 2021 + i // 8
        lines = [
            agency,
            f"关于{year}年法治政府建设工作情况的报告",
            f"{year}年,{agency}在区委、区政府的坚强领导下,深入学习贯彻习近平法治思想,"
            "全面落实法治政府建设实施纲要,现将本年度法治政府建设情况报告如下:",
        ]
        for heading in HEADINGS:
            lines.append(heading.format(y=year, n=year + 1))
            for _ in range(rng.randint(2, 4)):
                para = pool[rng.randrange(len(pool))]
                lines.append(_reworded(para, rng) if rng.random() < 0.3 else para)
        lines += [agency, f"{year + 1}年1月{i + 1}日"]
        path = folder / f"r{i:02d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return [files[:10], files[10:]]


def store_digests(index_dir: Path) -> dict[str, str]:
    """sha256 of every table of the index's reuse store (rows in a fixed order)."""
    con = sqlite3.connect(Path(index_dir) / "reuse.sqlite")
    try:
        return {
            t: hashlib.sha256(repr(con.execute(q).fetchall()).encode()).hexdigest()
            for t, q in TABLES.items()
        }
    finally:
        con.close()


def reports_digest(index_dir: Path) -> str:
    """sha256 of every report's reuse as the API gives it (``/api/reuse/<id>``)."""
    from search.reuse import reuse_report
    from search.reuse.source import IndexTexts

    with IndexTexts(index_dir) as texts:
        ids = sorted(texts.records)
    got = [reuse_report(i, index_dir).to_json() for i in ids]
    return hashlib.sha256(repr(got).encode()).hexdigest()
