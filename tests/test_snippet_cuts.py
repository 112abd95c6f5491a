"""Issue 14: a shortened sentence shows ``…`` where text was cut, in ``text`` and ``html``."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from search.snippets import ELLIPSIS, TextMap, make_snippets, opening, quote_sentence

MARK = re.compile(r"</?mark>")
CLAUSE = "开展卫生监督执法检查工作，"


def test_a_long_sentence_cut_on_both_sides_says_so():
    text = "前言。" + CLAUSE * 30 + "全面推行证明事项告知承诺制，" + CLAUSE * 30 + "。后记。"
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["告知承诺制"]), [])
    assert snip.text.startswith(ELLIPSIS) and snip.text.endswith(ELLIPSIS)
    assert snip.html.startswith(ELLIPSIS) and snip.html.endswith(ELLIPSIS)
    inner = snip.text[1:-1]
    assert inner in text and inner.startswith("开展") and "告知承诺制" in inner
    assert MARK.sub("", snip.html) == snip.text


def test_a_cut_at_the_start_only():
    text = CLAUSE * 30 + "最后全面推行证明事项告知承诺制。"
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["告知承诺制"]), [])
    assert snip.text.startswith(ELLIPSIS) and snip.text.endswith("告知承诺制。")


def test_a_whole_sentence_has_no_ellipsis():
    text = "第一句话。我们推进法治建设工作；第三句。"
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["法治建设"]), [])
    assert snip.text == "我们推进法治建设工作；" and ELLIPSIS not in snip.html


def test_a_sentence_without_end_marks_cut_by_the_window_says_so():
    text = "甲" * 1000 + "法治建设" + "乙" * 1000
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["法治建设"]), [])
    assert snip.text.startswith(ELLIPSIS) and snip.text.endswith(ELLIPSIS)


def test_the_opening_snippet_is_marked_when_cut():
    text = CLAUSE * 30 + "。第二句。"
    [snip] = opening(TextMap.of(text), [])
    assert snip.text.startswith("开展") and snip.text.endswith(ELLIPSIS)


def test_quote_sentence_is_what_a_citation_table_needs():
    text = "前言。" + CLAUSE * 30 + "全面推行证明事项告知承诺制，" + CLAUSE * 30 + "。"
    s = text.index("告知承诺制")
    q = quote_sentence(text, [(s, s + 5)])
    assert q.text.startswith(ELLIPSIS) and q.text.endswith(ELLIPSIS)
    assert "<mark>告知承诺制</mark>" in q.html and q.cut_start and q.cut_end
    assert text[q.start : q.end] == q.text[1:-1]


ENDS = "。；\n"


@given(
    st.lists(st.sampled_from([CLAUSE, "推行法治，", "。", "；", "\n", "法治"]), max_size=80),
    st.lists(st.sampled_from([CLAUSE, "法治", "。", "\n"]), max_size=80),
)
def test_a_snippet_without_ellipsis_is_a_whole_sentence(before, after):
    text = "".join(before) + "告知承诺制" + "".join(after)
    tm = TextMap.of(text)
    for snip in make_snippets(tm, tm.find_all(["告知承诺制"]), []):
        body = snip.text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
        assert text[snip.start : snip.end].strip() == body
        cut_start = snip.start > 0 and text[snip.start - 1] not in ENDS
        cut_end = snip.end < len(text) and text[snip.end - 1] not in ENDS
        assert snip.text.startswith(ELLIPSIS) == cut_start
        assert snip.text.endswith(ELLIPSIS) == cut_end
