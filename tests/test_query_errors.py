"""Issue 14: every query error has a stable ``code``; an unknown field is named, not searched."""

from __future__ import annotations

import pytest

from search import QueryError, parse_query
from search.errors import QUERY_ERROR_CODES
from search.query import Filter, Phrase, Words


@pytest.mark.parametrize(
    ("query", "code", "details"),
    [
        ('"法治建设', "unbalanced_quote", {"position": 1}),
        ("法治 “建设", "unbalanced_quote", {"position": 4}),
        ("(法治 OR 建设", "unclosed_paren", {"position": 1}),
        ("法治)", "unmatched_paren", {"position": 3}),
        ("OR", "empty_or", {}),
        ("法治 OR", "empty_or", {}),
        ("法治 AND", "empty_and", {}),
        ("NOT", "empty_not", {}),
        ("()", "empty_parentheses", {}),
        ('""', "empty_phrase", {}),
        ("   ", "empty_query", {}),
        ("year:abc", "bad_year", {"value": "abc"}),
        ("year:", "missing_value", {"field": "year"}),
        ("section:随便", "unknown_section", {"value": "随便"}),
        ("法治\x00建设", "control_character", {}),
        ("法" * 501, "query_too_long", {"length": 501, "limit": 500}),
        ("agnecy:江海区", "unknown_field", {"field": "agnecy", "position": 1}),
    ],
)
def test_each_error_has_a_stable_code_and_the_values_it_names(query, code, details):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert exc.value.code == code
    assert code in QUERY_ERROR_CODES
    assert {k: exc.value.details[k] for k in details} == details


def test_unknown_field_is_one_line_naming_it_and_the_known_fields():
    with pytest.raises(QueryError) as exc:
        parse_query('"法治" agnecy:江海区')
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith("unknown field agnecy: at character 6")
    for name in ("agency", "year", "region", "section", "title", "机构", "年份", "部分", "标题"):
        assert name in message


def test_unknown_field_with_a_quoted_value_or_in_parentheses():
    for query in ('agnecy:"江海区"', '("法治" OR Regoin:广东)', "-foo:bar"):
        with pytest.raises(QueryError) as exc:
            parse_query(query)
        assert exc.value.code == "unknown_field"


def test_known_fields_in_any_case_and_with_a_full_width_colon():
    assert parse_query("Agency:江海区") == Filter("agency", "江海区")
    assert parse_query("机构：江海区") == Filter("agency", "江海区")
    assert parse_query("agency：江海区") == Filter("agency", "江海区")


def test_colons_that_are_text_stay_text():
    # Inside quotes a colon is part of the phrase, whatever precedes it.
    assert parse_query('"agnecy:江海区"') == Phrase("agnecy:江海区")
    assert parse_query('"http://www.gov.cn"') == Phrase("http://www.gov.cn")
    # A URL, a time, a Han word before a (full-width) colon: searched as words.
    assert isinstance(parse_query("http://www.gov.cn"), Words)
    assert isinstance(parse_query("9:30"), Words)
    assert not isinstance(parse_query("通知：要求"), Filter)
    assert not isinstance(parse_query("机关:江海区"), Filter)


def test_library_filters_name_unknown_fields_too(sample_index):
    with pytest.raises(QueryError) as exc:
        sample_index.search('"法治"', agnecy="江海区")
    assert exc.value.code == "unknown_field"
