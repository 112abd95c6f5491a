"""Searching the bundled samples: hits, facets over all matches, filters, sorting, views."""

from __future__ import annotations

import re

import pytest

from search import PARTS, DocumentNotFoundError, QueryError

MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)


def test_phrase_hits_carry_metadata_and_marked_snippets(sample_index):
    result = sample_index.search('"法治建设"')
    assert result.total == 5
    for hit in result.hits:
        assert hit.agency and hit.year in (2021, 2022) and hit.title
        assert 1 <= len(hit.snippets) <= 3
        for snip in hit.snippets:
            assert MARK.findall(snip.html) and all(m == "法治建设" for m in MARK.findall(snip.html))
        assert hit.matches >= len(hit.snippets)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_facets_count_all_matches_not_just_the_page(sample_index):
    result = sample_index.search('"法治建设"', per_page=1)
    assert len(result.hits) == 1
    assert sum(result.facets["agency"].values()) == 5
    assert sum(result.facets["year"].values()) == 5
    assert set(result.facets["year"]) == {"2021", "2022"}
    assert set(result.facets["section"]) <= set(PARTS)


def test_pages_cover_every_hit_once(sample_index):
    pages = [sample_index.search('"卫生"', per_page=2, page=p).hits for p in (1, 2, 3)]
    ids = [h.id for page in pages for h in page]
    assert len(ids) == len(set(ids)) == 5


def test_sort_by_date_puts_the_newest_first(sample_index):
    hits = sample_index.search('"法治"', sort="date").hits
    keys = [(h.year, h.date) for h in hits]
    assert keys == sorted(keys, reverse=True)


def test_sort_by_date_keeps_undated_reports_with_their_year(sample_index):
    # Issue 14: undated 2022 reports came after 新县's 2021 report dated 2022-02-25.
    # The year covered comes first; within it the date, undated reports last.
    hits = sample_index.search('"法治"', sort="date").hits
    assert [(h.year, h.date) for h in hits] == [
        (2022, "2022-11-18"),
        (2022, ""),
        (2022, ""),
        (2021, "2022-02-25"),
        (2021, "2021-12-10"),
    ]


def test_year_agency_and_region_filters(sample_index):
    assert sample_index.search('"法治"', year="2021").total == 2
    assert sample_index.search('"法治" year:2022').total == 3
    assert sample_index.search('"法治" year:2021-2022').total == 5
    one = sample_index.search('"法治"', agency="江海区")
    assert [h.agency for h in one.hits] == ["江门市江海区卫生健康局"]
    assert sample_index.search('"法治" region:广东').total == 2
    assert sample_index.search('"法治" -region:广东').total == 3


def test_section_restricts_where_the_phrase_may_be(sample_index):
    everywhere = sample_index.search('"放管服"')
    in_shortcomings = sample_index.search('"放管服"', section="不足")
    assert 0 < in_shortcomings.total < everywhere.total
    for hit in in_shortcomings.hits:
        assert {s.part for s in hit.snippets} == {"存在的不足和原因"}
    assert sample_index.search('"放管服" section:不足').total == in_shortcomings.total


def test_boolean_operators_follow_set_algebra(sample_index):
    def ids(q):
        return set(sample_index.find_all(q))

    a, b = ids('"述法"'), ids('"双随机"')
    assert ids('"述法" OR "双随机"') == a | b
    assert ids('"述法" "双随机"') == a & b
    assert ids('"双随机" -"述法"') == b - a
    assert ids('"双随机" NOT "述法"') == b - a


def test_bare_words_all_must_occur(sample_index):
    both = set(sample_index.find_all("告知承诺制 放管服"))
    assert both == set(sample_index.find_all("告知承诺制")) & set(sample_index.find_all("放管服"))
    assert both


def test_bad_queries_and_options_raise_query_errors(sample_index):
    for kwargs in ({"sort": "random"}, {"page": 0}, {"per_page": -1}):
        with pytest.raises(QueryError):
            sample_index.search('"法治"', **kwargs)
    with pytest.raises(QueryError):
        sample_index.search('"法治', year="abc")


def test_compare_has_one_row_per_agency(sample_index):
    rows = sample_index.compare('"放管服"')
    assert len(rows) == len({r.agency for r in rows}) == sample_index.search('"放管服"').total
    for row in rows:
        assert row.reports == 1 and row.matches >= 1 and row.years
        assert row.best is not None and "<mark>放管服</mark>" in row.best.html


def test_export_has_one_row_per_matching_sentence(sample_index):
    rows = list(sample_index.export_rows('"放管服"'))
    total = sum(h.matches for h in sample_index.search('"放管服"', per_page=0).hits)
    assert sum(r.matches for r in rows) == total
    assert all("放管服" in r.sentence.replace("\n", "") for r in rows)
    assert all(r.marked.count("【放管服】") == r.matches for r in rows)


def test_document_view_marks_every_match(sample_index):
    hit = sample_index.search('"放管服"').hits[0]
    doc = sample_index.document(hit.id, '"放管服"')
    html = "".join(p.html for p in doc.paragraphs)
    assert len(MARK.findall(html)) == len(doc.matches) == hit.matches
    assert [m.anchor for m in doc.matches] == [f"m{i + 1}" for i in range(len(doc.matches))]
    assert any(p.heading_level == 1 for p in doc.paragraphs)
    assert doc.agency == hit.agency and doc.text.count("\n") + 1 == len(doc.paragraphs)


def test_unknown_document_is_named(sample_index):
    with pytest.raises(DocumentNotFoundError, match="nope"):
        sample_index.document("nope")


def test_stats_count_agencies_and_years(sample_index):
    stats = sample_index.stats()
    assert stats.total == 5
    assert stats.years == {"2021": 2, "2022": 3}
    assert sum(stats.agencies.values()) == 5
