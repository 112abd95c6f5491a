"""A report page with every match marked, built in one pass (issue 15)."""

from __future__ import annotations

import re

import pytest

import search
from search.snippets import section_at, sections_at
from web import create_app

from .web_fixtures import soup
from .worst_case import PHRASE, index_with_worst

LINES = 3_000
MARK = re.compile(r"<mark([^>]*)>")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """An index of the samples and a report with LINES matching lines; (index, report id)."""
    d = tmp_path_factory.mktemp("many-matches")
    doc_id = index_with_worst(d / "reports", d / "ix", LINES)
    return search.SearchIndex(d / "ix"), doc_id


def test_sections_at_agrees_with_section_at_on_every_sample(sample_index):
    for doc_id in sample_index.all_ids():
        doc = sample_index.document(doc_id)
        assert any(s.level > 1 for s in doc.sections) or doc.sections == []
        offsets = list(range(0, len(doc.text), 7)) + [len(doc.text)]
        assert sections_at(doc.sections, offsets) == [section_at(doc.sections, o) for o in offsets]


def test_every_match_is_marked_and_the_list_stops_at_1000(many):
    index, doc_id = many
    doc = index.document(doc_id, f'"{PHRASE}"')
    # The title holds the phrase too.
    assert doc.match_count == LINES + 1
    assert len(doc.matches) == 1000
    assert [m.anchor for m in doc.matches] == [f"m{i}" for i in range(1, 1001)]
    html = "".join(p.html for p in doc.paragraphs)
    ids = re.findall(r'<mark id="(m\d+)">' + PHRASE + "</mark>", html)
    assert ids == [f"m{i}" for i in range(1, LINES + 2)]
    # Every listed match links to a mark in the text.
    assert {m.anchor for m in doc.matches} <= set(ids)


def test_a_match_across_a_line_break_is_marked_on_both_lines(many):
    index, doc_id = many
    # "到位。" ends one paragraph and "第12项" starts the next: matched whitespace removed.
    doc = index.document(doc_id, '"落实到位。第12项"')
    assert doc.match_count == 1
    start = next(i for i, p in enumerate(doc.paragraphs) if 'id="m1"' in p.html)
    first, second = doc.paragraphs[start].html, doc.paragraphs[start + 1].html
    assert first.endswith('<mark id="m1">落实到位。</mark>')
    assert second.startswith("<mark>第12项</mark>")
    assert [m.html for m in doc.matches] == [doc.matches[0].html]


def test_a_section_restricted_query_marks_only_that_part(sample_index):
    hit = sample_index.search('section:不足 "法治"').hits[0]
    doc = sample_index.document(hit.id, 'section:不足 "法治"')
    assert doc.match_count and {m.part for m in doc.matches} == {"存在的不足和原因"}
    everywhere = sample_index.document(hit.id, '"法治"')
    assert everywhere.match_count > doc.match_count


def test_the_page_says_how_many_and_that_the_list_is_cut(many):
    index, doc_id = many
    app = create_app({"TESTING": True, "SEARCH_INDEX": str(index.index_dir)})
    page = soup(app.test_client().get(f"/doc/{doc_id}", query_string={"q": f'"{PHRASE}"'}))
    assert page.select_one("section.matches h2").get_text() == f"{LINES + 1} 处匹配"
    assert "仅列出前 1000 处" in page.select_one("section.matches").get_text()
    assert len(page.select("section.matches li")) == 1000
    assert len(page.select("article mark")) == LINES + 1
