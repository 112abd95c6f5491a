"""Snippets: escaped, cut at sentence ends, whole matches marked, no length limit."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from search import snippets
from search.model import Section
from search.snippets import MAX_SNIPPET, TextMap, make_snippets, mark, sentence_bounds

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def test_mark_escapes_everything_but_the_mark():
    html = mark("a<b>&“法治”</b>", [(6, 8)])
    assert html == "a&lt;b&gt;&amp;“<mark>法治</mark>”&lt;/b&gt;"


def test_text_map_finds_matches_across_whitespace():
    tm = TextMap.of("一、加强组织领导\n1.健全法治 体系。")
    assert tm.compact == "一、加强组织领导1.健全法治体系。"
    spans = tm.find_all(["领导1.健全", "法治体系"])
    assert [tm.text[s:e] for s, e in spans] == ["领导\n1.健全", "法治 体系"]


def test_overlapping_matches_merge_into_one_mark():
    tm = TextMap.of("推进法治政府建设")
    assert tm.find_all(["法治政府", "政府建设"]) == [(2, 8)]


def test_snippet_is_the_sentence_around_the_match():
    text = "第一句话。我们推进法治建设工作；第三句。"
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["法治建设"]), [])
    assert snip.text == "我们推进法治建设工作；"
    assert MARK.findall(snip.html) == ["法治建设"]


def test_long_sentences_are_trimmed_at_clause_marks():
    clause = "开展卫生监督执法检查工作，"
    text = clause * 30 + "全面推行证明事项告知承诺制，" + clause * 30 + "。"
    s, e = sentence_bounds(text, text.index("告知承诺制"), text.index("告知承诺制") + 5)
    assert e - s <= MAX_SNIPPET
    assert text[s - 1] == "，"  # starts right after a clause mark, not mid-word
    assert text[e - 1] == "，"


def test_snippets_name_their_section_and_prefer_different_sections():
    text = "一、主要举措\n落实放管服改革。再次落实放管服。\n二、存在问题\n放管服推进不到位。"
    secs = [
        Section("一、主要举措", 1, "主要举措和成效", 0, 24),
        Section("二、存在问题", 1, "存在的不足和原因", 24, len(text)),
    ]
    tm = TextMap.of(text)
    snips = make_snippets(tm, tm.find_all(["放管服"]), secs, limit=2)
    assert [s.section for s in snips] == ["一、主要举措", "二、存在问题"]
    assert [s.part for s in snips] == ["主要举措和成效", "存在的不足和原因"]


def test_matches_past_whoosh_charlimit_are_highlighted():
    text = "前文内容。" * 8000 + "这里写明谁执法谁普法责任制。"
    assert len(text) > 32768 + 1000
    tm = TextMap.of(text)
    [snip] = make_snippets(tm, tm.find_all(["谁执法谁普法"]), [])
    assert MARK.findall(snip.html) == ["谁执法谁普法"]
    assert snip.start > 32768


@given(st.text(alphabet=st.sampled_from("法治建设 \n\t\u3000ab。"), max_size=60))
def test_text_map_points_every_compact_character_home(text):
    tm = TextMap.of(text)
    home = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert tm.compact == "".join(text[i] for i in home)
    assert [tm.to_text(c) for c in range(len(tm.compact))] == home


@given(
    st.text(alphabet="法治政府。！？；!?;\n，a ", max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_sentence_start_is_just_after_the_last_end_mark(text, a, b):
    lo, start = sorted((min(a, len(text)), min(b, len(text))))
    found = max(text.rfind(c, lo, start) for c in "。！？；!?;\n")
    m = snippets._UP_TO_LAST_END.match(text, lo, start)
    assert (m.end() if m else lo) == (found + 1 if found >= 0 else lo)
