"""Issue 10 §3: the 高级检索 form writes the query, search within results adds a clause.

The form must find exactly what typing its query finds: each term is one exact
phrase whatever characters it holds, and clauses are cut where the parser found
them, never inside a quote or a parenthesis.  Checked on the samples' own pairs
(tests/test_proximity.py read them) and on generated queries.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import search
from search import (
    AdvancedQuery,
    QueryError,
    add_clause,
    advanced_form,
    build_query,
    join_clauses,
    parse_query,
    query_clauses,
    remove_clause,
    split_clauses,
)
from search.analysis import compact
from search.fields import Filter
from search.proximity import Near
from search.query import And, Not, Phrase

JIEFANG, WUJIANG = "000_", "002_"


def hits(index, query: str) -> dict[str, int]:
    """Matched reports (by sample file prefix) and each one's count."""
    return {h.path[:4]: h.matches for h in index.search(query, per_page=0).hits}


def ranked(index, query: str) -> list[tuple[str, int]]:
    return [(h.id, h.matches) for h in index.search(query, per_page=0).hits]


def flat(node) -> Counter:
    """A conjunction's clauses, nested conjunctions opened (how the engine reads them)."""
    if isinstance(node, And):
        return sum((flat(c) for c in node.children), Counter())
    return Counter([node])


# ---------------------------------------------------------------- the form writes the query


@pytest.mark.parametrize(
    ("operator", "distance", "written", "node"),
    [
        ("and", "", '"复议" "纠错"', And((Phrase("复议"), Phrase("纠错")))),
        ("not", "", '"复议" -"纠错"', And((Phrase("复议"), Not(Phrase("纠错"))))),
        ("sentence", "", '"复议" /s "纠错"', Near(("复议",), ("纠错",), "sentence")),
        ("paragraph", "", '"复议" /p "纠错"', Near(("复议",), ("纠错",), "paragraph")),
        ("near", "1", '"复议" NEAR/1 "纠错"', Near(("复议",), ("纠错",), "near", 1)),
        ("before", "", '"复议" BEFORE/10 "纠错"', Near(("复议",), ("纠错",), "before", 10)),
        ("not_near", "0", '"复议" NOT NEAR/0 "纠错"', Near(("复议",), ("纠错",), "not_near", 0)),
    ],
)
def test_every_operator_is_written_in_the_query_language(operator, distance, written, node):
    form = AdvancedQuery(first="复议", operator=operator, distance=distance, second="纠错")
    assert build_query(form) == written
    assert parse_query(written) == node


@pytest.mark.parametrize(
    ("form", "typed", "found"),
    [
        (dict(operator="near", distance="1"), "复议 间隔1字 纠错", {JIEFANG: 1}),
        (dict(operator="near", distance="0"), '"复议" NEAR/0 "纠错"', {}),
        (dict(operator="before", distance="1"), '"复议" BEFORE/1 "纠错"', {JIEFANG: 1}),
        (dict(operator="sentence"), "同句(复议 纠错)", {JIEFANG: 1}),
        (
            dict(operator="sentence", section="存在的不足和原因"),
            'section:不足 "复议" /s "纠错"',
            {},
        ),
        (dict(operator="paragraph", year_from="2022"), "同段(复议 纠错) year:2022", {JIEFANG: 2}),
    ],
)
def test_the_form_finds_what_typing_finds_on_the_samples(sample_index, form, typed, found):
    query = build_query(AdvancedQuery(first="复议", second="纠错", **form))
    assert hits(sample_index, query) == hits(sample_index, typed) == found
    assert ranked(sample_index, query) == ranked(sample_index, typed)


@pytest.mark.parametrize(
    ("form", "typed"),
    [
        (
            dict(first="述法", operator="near", distance="3", second="党组书记"),
            '"述法" NEAR/3 "党组书记"',
        ),
        (dict(first="述法", operator="paragraph", second="党组书记"), '"述法" /p "党组书记"'),
        (dict(first="述法", operator="sentence", second="党组书记"), '"述法" /s "党组书记"'),
        (
            dict(first="行政复议", operator="not_near", distance="20", second="诉讼"),
            '"行政复议" NOT NEAR/20 "诉讼"',
        ),
        (dict(first="法治建设", operator="not", second="疫情"), '"法治建设" -"疫情"'),
        (dict(first="法治建设", agency="江海区"), '"法治建设" agency:江海区'),
        (dict(first="法治", year_from="2021", year_to="2022"), '"法治" year:2021-2022'),
        (dict(first="法治", year_to="2021"), '"法治" year:2021'),
        (dict(first="法治", other='region:广东 -"疫情"'), '"法治" region:广东 -"疫情"'),
        (dict(first="法治建设", level="县区级"), '"法治建设" 层级:县区级'),
        (dict(first="法治建设", level="县"), '"法治建设" level:县区级'),
    ],
)
def test_more_forms_match_their_typed_queries(sample_index, form, typed):
    query = build_query(AdvancedQuery(**form))
    assert parse_query(query) == parse_query(typed)
    assert ranked(sample_index, query) == ranked(sample_index, typed)


def test_the_readme_pairs_are_found_and_not_found_through_the_form(sample_index):
    near = AdvancedQuery(first="述法", operator="near", distance="3", second="党组书记")
    assert hits(sample_index, build_query(near)) == {WUJIANG: 1}
    closer = AdvancedQuery(first="述法", operator="near", distance="2", second="党组书记")
    assert hits(sample_index, build_query(closer)) == {}


def test_filters_are_written_after_the_terms():
    form = AdvancedQuery(
        first="复议",
        operator="sentence",
        second="纠错",
        section="存在的不足和原因",
        agency="江门市 江海区",
        year_from="2022",
        year_to="2021",
        other="(a OR b)",
    )
    assert build_query(form) == (
        '"复议" /s "纠错" (a OR b) section:存在的不足和原因 agency:"江门市 江海区" year:2022-2021'
    )
    node = parse_query(build_query(form))
    assert Filter("year", "2022-2021", 2021, 2022) in node.children
    assert Filter("agency", "江门市江海区") in node.children


# ---------------------------------------------------------------- terms: quoting and hostile input


@pytest.mark.parametrize(
    "term",
    [
        "OR",
        "NOT",
        "AND",
        "-疫情",
        "(复议",
        "纠错)",
        "agency:江海区",
        "year:2021",
        "NEAR/3",
        "/s",
        "同句(复议 纠错)",
        "复议间隔3字纠错",
        "“双随机、一公开”",
        "互联网+监管",
        "\\",
        "①",
        "（一）",
        "ａｇｅｎｃｙ：江海区",
        "http://www.gov.cn",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "法治  政府\t建设",
    ],
)
def test_a_term_is_one_exact_phrase_whatever_it_holds(term):
    query = build_query(AdvancedQuery(first=term))
    assert parse_query(query) == Phrase(compact(term))


@pytest.mark.parametrize(
    ("term", "written"),
    [
        ('say "hi"', '「say "hi"」'),
        ("＂全角引号＂", "「＂全角引号＂」"),
        ('「引」"号"', '「「引」"号"』'.replace("「「", "『「")),
        ('"」', '『"」』'),
        ("『』", '"『』"'),
    ],
)
def test_a_term_is_quoted_with_a_mark_it_does_not_contain(term, written):
    assert build_query(AdvancedQuery(first=term)) == written
    assert parse_query(written) == Phrase(compact(term))


def test_a_term_with_every_closing_quote_is_refused_with_a_reason():
    with pytest.raises(QueryError) as exc:
        build_query(AdvancedQuery(first='a"b」c』'))
    assert exc.value.code == "unquotable_term"
    assert exc.value.details["field"] == "first"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.text(max_size=30),
    second=st.text(max_size=30),
    operator=st.sampled_from(["and", "not", "sentence", "paragraph", "near", "before", "not_near"]),
    distance=st.integers(0, 10_000),
)
def test_any_two_terms_give_their_exact_phrases_or_a_named_error(first, second, operator, distance):
    form = AdvancedQuery(first=first, operator=operator, distance=str(distance), second=second)
    try:
        node = parse_query(build_query(form))
    except QueryError as exc:
        assert exc.code in {
            "control_character",
            "empty_query",
            "missing_term",
            "unquotable_term",
        }, exc
        return
    a, b = compact(first), compact(second)
    if operator == "and":
        expected = [Phrase(t) for t in (a, b) if t]
        assert node == (expected[0] if len(expected) == 1 else And(tuple(expected)))
    elif operator == "not":
        assert node == (And((Phrase(a), Not(Phrase(b)))) if a else Not(Phrase(b)))
    else:
        d = distance if operator in ("near", "before", "not_near") else 0
        assert node == Near((a,), (b,), operator, d)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (dict(), "empty_query"),
        (dict(first="  \u3000 "), "empty_query"),
        (dict(first="复议", operator="sentence"), "missing_term"),
        (dict(second="纠错", operator="near"), "missing_term"),
        (dict(first="复议", operator="not"), "missing_term"),
        (dict(first="复议", operator="within"), "bad_operator"),
        (dict(first="复议", operator="near", second="b", distance="-1"), "bad_distance"),
        (dict(first="复议", operator="near", second="b", distance="10001"), "bad_distance"),
        (dict(first="复议", operator="near", second="b", distance="十"), "bad_distance"),
        (dict(first="复议", year_from="二〇二一"), "bad_year"),
        (dict(first="复议", year_from="2021-"), "bad_year"),
        (dict(first="复议", section="结论"), "unknown_section"),
        (dict(first="复议", level="区长"), "bad_value"),
        (dict(first="复议", other='"未闭合'), "unbalanced_quote"),
        (dict(first="复议", other="agnecy:江海区"), "unknown_field"),
        (dict(first="复\x00议"), "control_character"),
        (dict(agency="江海区\x1b"), "control_character"),
        (dict(first="法" * 501), "query_too_long"),
        (dict(first="法" * 300, second="治" * 300), "query_too_long"),
    ],
)
def test_a_bad_field_is_named(fields, code):
    with pytest.raises(QueryError) as exc:
        build_query(AdvancedQuery(**fields))
    assert exc.value.code == code


def test_the_distance_may_be_typed_in_full_width_digits_and_defaults_to_ten():
    wide = AdvancedQuery(first="复议", operator="near", distance="１５", second="纠错")
    assert build_query(wide) == '"复议" NEAR/15 "纠错"'
    empty = AdvancedQuery(first="复议", operator="before", distance=" ", second="纠错")
    assert build_query(empty) == '"复议" BEFORE/10 "纠错"'


def test_the_level_select_offers_the_registry_s_levels_and_writes_level(sample_index):
    assert search.level_values() == ("县区级", "市级", "省级", "乡镇级", "国家级")
    query = build_query(AdvancedQuery(first="法治建设", level="县区级", section="不足"))
    assert query == '"法治建设" section:不足 level:县区级'
    county = hits(sample_index, query)
    assert county and county == hits(sample_index, '"法治建设" 部分:不足 层级:县区级')
    assert advanced_form("层级:市级 “法治”") == AdvancedQuery(first="法治", level="市级")


def test_filters_alone_make_a_query(sample_index):
    query = build_query(AdvancedQuery(agency="江海区", year_from="2021"))
    assert query == "agency:江海区 year:2021"
    assert set(hits(sample_index, query)) == {"004_"}


# ---------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    ("query", "clauses"),
    [
        ('"复议" /s "纠错" section:不足', ['"复议" /s "纠错"', "section:不足"]),
        ('"a b" c AND -"d e"', ['"a b"', "c", '-"d e"']),
        ("a OR b", ["(a OR b)"]),
        ("a b OR c", ["(a b OR c)"]),
        ("(a OR b) c", ["(a OR b)", "c"]),
        ("同句(复议 纠错) NOT 诉讼", ["同句(复议 纠错)", "NOT 诉讼"]),
        ("复议 NOT NEAR/5 诉讼 法治", ["复议 NOT NEAR/5 诉讼", "法治"]),
        ("复议间隔3字纠错 y", ["复议间隔3字纠错", "y"]),
        ('agency:"江门 江海" 法治', ['agency:"江门 江海"', "法治"]),
        ("“法治 (建设” （监督 OR 复议）", ["“法治 (建设”", "（监督 OR 复议）"]),
        ('「a"b」 『c」d』', ['「a"b」', "『c」d』"]),
        ("法治 ， 建设", ["法治", "建设"]),
        ("①法治", ["①", "法治"]),
        ("NOT (a OR b) -(c d)", ["NOT (a OR b)", "-(c d)"]),
    ],
)
def test_clauses_are_cut_where_the_parser_found_them(query, clauses):
    assert split_clauses(query) == clauses
    assert parse_query(join_clauses(clauses)) == parse_query(query)


# Generated queries: atoms of every kind, joined by spaces or AND, sometimes ORed.
_ATOMS = st.sampled_from(
    [
        '"复议"',
        "“纠错”",
        '「a"b」',
        "法治 建设",
        "监督",
        "-疫情",
        'NOT "诉讼"',
        "year:2021",
        "年份:2021-2022",
        "section:不足",
        'agency:"江海 区"',
        "region：广东",
        '"复议" /s "纠错"',
        "复议 NEAR/5 纠错",
        "复议 间隔3字 纠错",
        "同段(述法 党组书记)",
        "(复议 OR 诉讼) /p 纠错",
        '"行政复议" NOT NEAR/20 "诉讼"',
        "(a OR b)",
        "（法治 OR 依法）",
        "(a (b OR c))",
        "，",
        "①",
    ]
)
_QUERIES = st.builds(
    lambda atoms, seps, ored: (
        (" OR " if ored else "").join(
            [atoms[0]] + [s + a for s, a in zip(seps, atoms[1:], strict=False)]
        )
        if ored
        else atoms[0] + "".join(s + a for s, a in zip(seps, atoms[1:], strict=False))
    ),
    st.lists(_ATOMS, min_size=1, max_size=6),
    st.lists(st.sampled_from([" ", " AND ", "  ", "\u3000"]), min_size=6, max_size=6),
    st.booleans(),
)


def _valid(query: str) -> bool:
    try:
        parse_query(query)
        split_clauses(query)
    except QueryError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(query=_QUERIES)
def test_split_join_remove_and_add_keep_the_query_s_meaning(query):
    if not _valid(query):
        return
    node = parse_query(query)
    clauses = split_clauses(query)
    assert parse_query(join_clauses(clauses)) == node
    for i in range(len(clauses)):
        rest = remove_clause(query, i)
        others = sum((flat(parse_query(c)) for j, c in enumerate(clauses) if j != i), Counter())
        assert (flat(parse_query(rest)) if rest else Counter()) == others
    added = add_clause(query, '"复议" /s "纠错" OR "诉讼"')
    extra = parse_query('"复议" /s "纠错" OR "诉讼"')
    expected = flat(node) + (Counter() if extra in flat(node) else Counter([extra]))
    assert flat(parse_query(added)) == expected


@settings(max_examples=200, deadline=None)
@given(query=_QUERIES)
def test_the_form_prefilled_from_a_query_writes_the_same_query_again(query):
    if not _valid(query):
        return
    assert flat(parse_query(build_query(advanced_form(query)))) == flat(parse_query(query))


@pytest.mark.parametrize(
    ("query", "filters", "form"),
    [
        (
            '"复议" NEAR/1 "纠错" section:不足 year:2021-2022',
            {},
            AdvancedQuery(
                first="复议",
                operator="near",
                distance="1",
                second="纠错",
                section="存在的不足和原因",
                year_from="2021",
                year_to="2022",
            ),
        ),
        (
            '"法治建设" -"疫情" region:广东',
            {"agency": "江海区", "year": "2021"},
            AdvancedQuery(
                first="法治建设",
                operator="not",
                second="疫情",
                agency="江海区",
                year_from="2021",
                other="region:广东",
            ),
        ),
        ("法治 建设", {}, AdvancedQuery(other="法治 建设")),
        ("(复议 OR 诉讼) /s 纠错", {}, AdvancedQuery(other="(复议 OR 诉讼) /s 纠错")),
        (
            "同句(复议 纠错) “监督”",
            {},
            AdvancedQuery(first="复议", operator="sentence", second="纠错", other="“监督”"),
        ),
    ],
)
def test_the_form_is_prefilled_from_the_query_and_the_url_filters(query, filters, form):
    assert advanced_form(query, filters) == form


@pytest.mark.parametrize(
    "query",
    [
        '"复议" NEAR/1 "纠错" year:2022',
        '"法治建设" -"疫情" agency:卫生健康',
        "(复议 OR 诉讼) /s 纠错 section:举措",
        '"述法" /p "党组书记" "法治" OR "依法行政"',
    ],
)
def test_a_prefilled_form_finds_the_same_reports(sample_index, query):
    again = build_query(advanced_form(query))
    assert hits(sample_index, again) == hits(sample_index, query)


def test_within_adds_a_clause_and_the_chips_remove_each(sample_index):
    query = add_clause('"法治建设"', '"复议"')
    assert query == '"法治建设" "复议"'
    narrowed = hits(sample_index, query)
    assert set(narrowed) <= set(hits(sample_index, '"法治建设"'))
    assert narrowed == hits(sample_index, '"法治建设" AND "复议"')
    chips = query_clauses(query)
    assert [(c.text, c.without) for c in chips] == [
        ('"法治建设"', '"复议"'),
        ('"复议"', '"法治建设"'),
    ]


def test_within_wraps_an_or_and_keeps_one_on_the_left_whole():
    assert add_clause('"a" OR "b"', '"c"') == '("a" OR "b") "c"'
    assert add_clause('"c"', '"a" OR "b"') == '"c" ("a" OR "b")'
    assert parse_query(add_clause("a OR b", "c OR d")) == And(
        (parse_query("a OR b"), parse_query("c OR d"))
    )


def test_within_adds_each_clause_of_a_conjunction_once():
    assert add_clause('"复议" year:2021', 'year:2021 "纠错"  "复议"') == '"复议" year:2021 "纠错"'
    assert add_clause("", '"纠错"') == '"纠错"'
    assert add_clause('"复议"', "“复议”") == '"复议"'


@pytest.mark.parametrize(
    ("query", "clause", "code"),
    [
        ('"复议"', '"纠错', "unbalanced_quote"),
        ('"复议"', "(纠错", "unclosed_paren"),
        ('"复议"', "，", "empty_query"),
        ('"复议"', "  ", "empty_query"),
        ('"复议"', "/s 纠错", "empty_proximity"),
        ('"复议', '"纠错"', "unbalanced_quote"),
        ('"复议"', '"' + "法" * 495 + '"', "query_too_long"),
    ],
)
def test_a_bad_clause_or_query_is_named(query, clause, code):
    with pytest.raises(QueryError) as exc:
        add_clause(query, clause)
    assert exc.value.code == code


def test_removing_a_clause_that_is_not_there_is_an_error():
    assert remove_clause('"a" "b"', 1) == '"a"'
    assert remove_clause('"a"', 0) == ""
    with pytest.raises(QueryError) as exc:
        remove_clause('"a" "b"', 2)
    assert exc.value.code == "no_such_clause"
