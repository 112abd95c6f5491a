"""The tightened cut (dagcut) and the C++ one (datcut) must give exactly jieba's words,
on real reports and odd mixtures; jieba 0.42.1 itself is the reference."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from search import analysis, clean_text
from search.dagcut import DagCutter
from search.datcut import DatCutter
from tests.conftest import ROOT, SAMPLES, corpus_files


@pytest.fixture(scope="module")
def tk():
    return analysis.jieba_tokenizer()


def _jieba_reference(tk, text: str) -> list[str]:
    return [w.lower() for w in tk.lcut(text, HMM=False) if not analysis._NOT_A_WORD.match(w)]


def _texts() -> list[str]:
    files = sorted(SAMPLES.glob("*.txt")) + corpus_files(40, seed=11)
    return [clean_text(f.read_text("utf-8", errors="replace")) for f in files]


@pytest.fixture(scope="module")
def blocks() -> set[str]:
    han = analysis.jieba_blocks()
    return {b for t in _texts() for b in han.findall(t)}


# DagCutter is the tightened Python cut; DatCutter jieba-fast-dat's C++ cut fed jieba's dictionary.
@pytest.mark.parametrize("cutter_class", [DagCutter, DatCutter], ids=["dagcut", "datcut"])
def test_blocks_cut_exactly_as_jieba_cuts_them(tk, blocks, cutter_class):
    cutter = cutter_class(tk)
    assert len(blocks) > 10_000
    differ = [b for b in blocks if cutter.cut(b) != list(tk.cut(b, HMM=False))]
    assert differ == []


def test_indexing_segments_with_the_cpp_cut(tk, tmp_path):
    # the pinned wheel is installed: a Python fallback here would hide its absence
    code = (
        "import search\nfrom search import analysis\n"
        "analysis.segment('法治政府建设')\n"
        "assert type(analysis._cutter).__name__ == 'DagCutter'\n"
        f"search.index_paths([{str(sorted(SAMPLES.glob('*.txt'))[0])!r}], {str(tmp_path)!r},"
        " workers=1, reuse=False)\n"
        "assert type(analysis._cutter).__name__ == 'DatCutter', analysis._cutter\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_segment_equals_jieba_on_reports(tk):
    for text in _texts():
        assert analysis.segment(text) == _jieba_reference(tk, text)


@pytest.mark.parametrize(
    "text",
    [
        "2022年ABC测试x1开展“谁执法谁普法”",
        "a1b2c3",
        "PM2.5监测和COVID-19防控",
        "第一责任人职责，放管服改革；双随机一公开！",
        "甲",
        "Ⅱ级 ①② 〔2022〕12号",
    ],
)
def test_mixtures_of_letters_digits_and_han(tk, text):
    assert analysis.segment(text) == _jieba_reference(tk, text)
    for blk in analysis.jieba_blocks().findall(text):
        assert DagCutter(tk).cut(blk) == list(tk.cut(blk, HMM=False))
        assert DatCutter(tk).cut(blk) == list(tk.cut(blk, HMM=False))


def test_remembered_blocks_do_not_change_the_answer(tk):
    text = _texts()[0]
    first = analysis.segment(text)
    assert analysis.segment(text) == first
    assert any(re.fullmatch(r"[\u4e00-\u9fff]{2,}", w) for w in first)
