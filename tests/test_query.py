"""Parsing the query language, and the one-line errors for what cannot be parsed."""

import pytest

from search import QueryError, parse_query
from search.query import And, Filter, Not, Or, Phrase, Words


def test_quoted_phrase_is_compact_and_nfkc():
    assert parse_query('"法治 建设"') == Phrase("法治建设")
    assert parse_query("“２０２２年 度”") == Phrase("2022年度")


def test_chinese_quotes_and_mixed_closing_quote():
    assert parse_query("“放管服”") == Phrase("放管服")
    assert parse_query('“放管服"') == Phrase("放管服")


def test_bare_words_are_segmented_and_all_required():
    node = parse_query("法治政府 放管服")
    assert isinstance(node, And)
    assert [type(c) for c in node.children] == [Words, Words]
    assert node.children[1].tokens == ("放管服",)


def test_or_not_minus_and_parentheses():
    node = parse_query('("告知承诺制" OR 放管服) -"双随机"')
    assert isinstance(node, And)
    assert isinstance(node.children[0], Or)
    assert node.children[1] == Not(Phrase("双随机"))
    assert isinstance(parse_query("NOT 法治"), Not)


def test_a_hyphen_inside_a_word_is_not_negation():
    node = parse_query("2021-2025年")
    assert isinstance(node, Words)


def test_fields():
    node = parse_query('agency:江海区 year:2021-2022 region:广东 section:不足 title:"法治 政府"')
    assert node.children == (
        Filter("agency", "江海区"),
        Filter("year", "2021-2022", 2021, 2022),
        Filter("region", "广东"),
        Filter("section", "存在的不足和原因"),
        Filter("title", "法治政府"),
    )
    assert parse_query("year:2022") == Filter("year", "2022", 2022, 2022)
    assert parse_query("机构:江海区") == Filter("agency", "江海区")


def test_unknown_prefix_with_colon_is_a_word():
    assert isinstance(parse_query("通知:要求"), Words | And)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"法治建设', "unbalanced quote"),
        ("“法治建设", "unbalanced quote"),
        ("(法治 OR 建设", "unbalanced parenthesis"),
        ("法治)", "no opening parenthesis"),
        ("OR", "OR needs a term on both sides"),
        ("法治 OR", "OR needs a term on both sides"),
        ("OR 法治", "OR needs a term on both sides"),
        ("法治 AND", "AND needs a term on both sides"),
        ("NOT", "needs a term after it"),
        ("()", "empty parentheses"),
        ('""', "empty phrase"),
        ("   ", "empty query"),
        ("year:abc", "year must be a year"),
        ("year:", "year: needs a value"),
        ("section:随便", "unknown section"),
        ("法治\x00建设", "control character"),
        ("法" * 501, "query too long"),
    ],
)
def test_errors_are_one_line_and_name_the_problem(query, message):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_str_round_trips_the_meaning():
    node = parse_query('("告知承诺制" OR 放管服) -"双随机" year:2021')
    assert parse_query(str(node)) == node
