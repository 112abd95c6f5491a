"""Constructed reuse cases cut from the real sample reports (issue 12), shared by the
reuse tests, the web tests and the browser tests.

Report A is sample 004 (江门市江海区卫生健康局, 2021).  B is sample 003 (新县卫生健康委员会,
2021) with two of A's paragraphs pasted in, their names and numbers changed the way a
copier does; C is sample 002 (韶关市武江区卫生健康局, 2022) with one of A's paragraphs
lightly reworded; D is A rewritten for 2022 (the same agency a year later).  Samples
000 and 001 are unrelated to all of them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

import search
from search.document import prepare_text
from search.fold import fold
from search.reuse.source import IndexTexts

SAMPLES = search.SAMPLES_DIR
A_FILE = SAMPLES / "004_218fc4b49fdc6f41.txt"


def raw_sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def _a_paragraph(start: str) -> str:
    text = prepare_text(A_FILE.read_text(encoding="utf-8"), analyze=False).text
    # Folded (ASCII brackets and commas), as the report's text is compared.
    return next(fold(line) for line in text.split("\n") if fold(line).startswith(start))


# A's paragraph on decisions, as 新县 would paste it: its own name, year and 我委.
NAMES_CHANGED = (
    _a_paragraph("(二)推进科学民主依法决策")
    .replace("(二)", "(十一)")
    .replace("2020年", "2021年")
    .replace("我局", "我委")
    .replace("江海区卫生健康局", "新县卫生健康委员会")
)
# A's paragraph of approval counts with every count changed.
NUMBERS_CHANGED = re.sub(
    r"\d+",
    lambda m: str(int(m.group()) * 3 + 1),
    _a_paragraph("(四)依法开展行政审批工作").replace("(四)", "(十二)"),
)
# A's paragraph on services, lightly reworded: 5 edits in 270 characters.
REWORDED = (
    _a_paragraph("(三)不断提升卫生健康服务能力")
    .replace("升级改造", "更新改造")
    .replace("并以医联体", "以医联体")
    .replace("有效提升", "切实提升")
    .replace("规范药品采购", "规范药品集中采购")
    .replace("常态化", "长效化")
)
STOCK_SENTENCE = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"


def _insert_before(raw: str, heading: str, paragraphs: list[str]) -> str:
    at = raw.index(heading)
    return raw[:at] + "\n" + "\n".join(paragraphs) + "\n" + raw[at:]


def write_reports(folder) -> dict[str, str]:
    files = {
        "a": raw_sample("004_218fc4b49fdc6f41.txt"),
        "b": _insert_before(
            raw_sample("003_80ca85fa625d7763.txt"),
            "二、工作中存在的短板",
            [NAMES_CHANGED, NUMBERS_CHANGED],
        ),
        "c": _insert_before(
            raw_sample("002_a6447469db452940.txt"), "二、", [REWORDED, STOCK_SENTENCE]
        ),
        "d": raw_sample("004_218fc4b49fdc6f41.txt").replace("2021", "2022").replace("758", "801"),
        "x": _insert_before(raw_sample("000_babe59551d9384b9.txt"), "二、", [STOCK_SENTENCE]),
        "y": _insert_before(raw_sample("001_cc230d041acd38b8.txt"), "二、", [STOCK_SENTENCE]),
    }
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return files


def build_reuse_index(src: Path, index_dir: Path):
    """Index the constructed reports in two runs; (index_dir, ids by name, reports by name)."""
    write_reports(src)
    # Two runs: the second batch is compared with the first, not recomputed with it.
    search.index_paths([src / "a.txt", src / "b.txt", src / "x.txt"], index_dir)
    search.index_paths([src / n for n in ("c.txt", "d.txt", "y.txt")], index_dir)
    with IndexTexts(index_dir) as texts:
        ids = {rec["path"].rsplit("/", 1)[-1][0]: doc_id for doc_id, rec in texts.records.items()}
        reports = {name: texts.get(doc_id) for name, doc_id in ids.items()}
    return index_dir, ids, reports


# A's plan for the next year (its last three lines before the signature), and E: A's
# report a year later where the first item became a result, the second was dropped
# and the third is planned again.
PLAN_ITEMS = (
    "一是加强法律法规培训,树立“法治”思维和依法行政意识。",
    "二是加强卫生行政管理部门的监管和服务职能,加强法治宣传。",
    "三是加强监督执法和服务工作,",
)
FOLLOWED_UP = "组织开展法律法规培训12场,干部职工“法治”思维和依法行政意识进一步树立。"


def next_year_report() -> str:
    raw = raw_sample("004_218fc4b49fdc6f41.txt").replace("2021", "2022")
    raw = _insert_before(raw, "二、推进法治建设", [FOLLOWED_UP])
    for line in raw.split("\n"):
        if line.startswith(("一是加强法律法规培训", "二是加强卫生行政管理部门")):
            raw = raw.replace(line + "\n", "")
    return raw


def copied_chars(text: str, lo: int, para: str, source: str) -> np.ndarray:
    """Which characters of ``text`` are ``para`` (pasted at ``lo``) as ``source`` wrote it:
    the ground truth of what was reused (a copier's edits were not), whitespace excluded."""
    truth = np.zeros(len(text), dtype=bool)
    sm = SequenceMatcher(None, fold(para), fold(source), autojunk=False)
    for blk in sm.get_matching_blocks():
        if blk.size >= 4:  # a shared character or three is not a copy
            truth[lo + blk.a : lo + blk.a + blk.size] = True
    return truth & np.array([not c.isspace() for c in text], dtype=bool)
