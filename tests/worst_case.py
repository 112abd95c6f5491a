"""The report page's worst case from issue 15, generated: many short lines, each a match."""

from __future__ import annotations

from pathlib import Path

import search

PHRASE = "法治政府建设"


def worst_report(lines: int) -> str:
    """A report of ``lines`` short paragraphs, each holding PHRASE and 的 (~66 bytes a line)."""
    body = "\n".join(f"第{n}项：持续推进{PHRASE}的工作，落实到位。" for n in range(1, lines + 1))
    return f"关于2022年{PHRASE}情况的报告\n{body}\n"


def index_with_worst(folder: Path, index_dir: Path, lines: int) -> str:
    """Index the samples and one generated report into ``index_dir``; the report's id."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "worst.txt"
    path.write_text(worst_report(lines), encoding="utf-8")
    summary = search.index_paths([path, search.SAMPLES_DIR], index_dir)
    assert not summary.failed, summary.failed
    (hit,) = search.SearchIndex(index_dir).search(f'"第{lines}项：持续"').hits
    return hit.id
