"""Issue 10 §3 on the web: /advanced writes the query, /search/within adds a clause, chips drop one.

Flask's test client over the sample index; a bad form field is a 400 page
naming it in Chinese, never a 500.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import search
from tests.web_fixtures import PHRASE, api, soup
from web import create_app


@pytest.fixture
def no_unexpected_errors(caplog):
    """Fails the test if a request reached the catch-all 500 handler."""
    caplog.set_level(logging.ERROR)
    yield
    assert not [r for r in caplog.records if "unexpected error" in r.getMessage()]


def _target(response) -> tuple[str, dict[str, str]]:
    """Where a redirect goes: its path and its arguments."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    url = urlsplit(response.headers["Location"])
    return url.path, {k: v[0] for k, v in parse_qs(url.query).items()}


def _ids(client, **args) -> list[tuple[str, int]]:
    return [(h["id"], h["matches"]) for h in api(client, per_page=100, **args)["hits"]]


# ---------------------------------------------------------------- /advanced


def test_the_form_has_every_field_and_no_script(client):
    r = client.get("/advanced")
    assert r.status_code == 200
    page = soup(r)
    form = page.select_one("form.advanced-form")
    assert form["method"] == "get"
    names = {e["name"] for e in form.select("input[name], select[name]")}
    assert names >= {
        "first",
        "operator",
        "distance",
        "second",
        "section",
        "level",
        "agency",
        "other",
    }
    assert {"year_from", "year_to"} <= names
    assert [o["value"] for o in form.select("select[name=operator] option")] == list(
        search.ADVANCED_OPERATORS
    )
    assert [o["value"] for o in form.select("select[name=section] option")][1:] == list(
        search.PARTS
    )
    levels = [o["value"] for o in form.select("select[name=level] option")]
    assert levels == ["", *search.level_values()]
    years = [o["value"] for o in form.select("select[name=year_from] option")][1:]
    assert years and years == sorted(years, reverse=True)
    assert not page.select("script")
    assert page.select_one("#help table.syntax")  # the syntax help beside it


@pytest.mark.parametrize(
    ("fields", "query"),
    [
        ({"operator": "and"}, '"复议" "纠错"'),
        ({"operator": "not"}, '"复议" -"纠错"'),
        ({"operator": "sentence"}, '"复议" /s "纠错"'),
        ({"operator": "paragraph"}, '"复议" /p "纠错"'),
        ({"operator": "near", "distance": "1"}, '"复议" NEAR/1 "纠错"'),
        ({"operator": "before", "distance": "1"}, '"复议" BEFORE/1 "纠错"'),
        ({"operator": "not_near", "distance": "5"}, '"复议" NOT NEAR/5 "纠错"'),
    ],
)
def test_the_form_sends_its_query_to_the_results_page(client, fields, query):
    r = client.get(
        "/advanced", query_string={"go": "1", "first": "复议", "second": "纠错", **fields}
    )
    path, args = _target(r)
    assert path == "/search" and args == {"q": query}
    page = client.get(r.headers["Location"])
    assert soup(page).select_one("input.q")["value"] == query  # the user sees the syntax
    assert _ids(client, q=query) == _ids(
        client, q=search.build_query(search.AdvancedQuery(first="复议", second="纠错", **fields))
    )


def test_the_form_s_query_finds_the_pair_the_readme_names(client):
    r = client.get(
        "/advanced",
        query_string={
            "go": "1",
            "first": "复议",
            "operator": "near",
            "distance": "1",
            "second": "纠错",
            "year_from": "2022",
            "section": "主要举措和成效",
        },
    )
    _, args = _target(r)
    assert args["q"] == '"复议" NEAR/1 "纠错" section:主要举措和成效 year:2022'
    page = soup(client.get(r.headers["Location"]))
    assert [a.get_text() for a in page.select(".hit .agency")] == ["解放区卫健委"]
    assert _ids(client, q=args["q"]) == _ids(client, q="复议 间隔1字 纠错 部分:举措 年份:2022")


def test_the_form_keeps_the_sort_and_the_template_switch(client):
    r = client.get(
        "/advanced", query_string={"go": "1", "first": "法治建设", "sort": "date", "hide": "1"}
    )
    assert _target(r) == ("/search", {"q": '"法治建设"', "sort": "date", "hide": "1"})


def test_preview_shows_the_query_and_a_link_to_run_it(client):
    r = client.get(
        "/advanced",
        query_string={"go": "1", "preview": "1", "first": 'say "hi"', "agency": "江海区"},
    )
    assert r.status_code == 200
    page = soup(r)
    written = '「say "hi"」 agency:江海区'
    assert page.select_one(".written-query").get_text() == written
    link = urlsplit(page.select_one("a.run-written")["href"])
    assert parse_qs(link.query)["q"] == [written]
    assert page.select_one("input[name=first]")["value"] == 'say "hi"'


def test_the_form_is_prefilled_from_the_search_it_came_from(client):
    results = soup(client.get("/search", query_string={"q": '"复议" /s "纠错"', "year": "2022"}))
    link = results.select_one(".advanced-link a")["href"]
    page = soup(client.get(link))
    assert page.select_one("input[name=first]")["value"] == "复议"
    assert page.select_one("input[name=second]")["value"] == "纠错"
    assert page.select_one("select[name=operator] option[selected]")["value"] == "sentence"
    assert page.select_one("select[name=year_from] option[selected]")["value"] == "2022"


def test_what_the_form_has_no_field_for_is_kept_as_further_conditions(client):
    q = '"复议" /s "纠错" (监督 OR 诉讼) region:广东 -"疫情"'
    page = soup(client.get("/advanced", query_string={"q": q, "agency": "解放区"}))
    other = page.select_one("input[name=other]")["value"]
    assert other == '(监督 OR 诉讼) region:广东 -"疫情"'
    fields = {e["name"]: e.get("value", "") for e in page.select("form.advanced-form input[name]")}
    fields["operator"] = "sentence"
    r = client.get("/advanced", query_string=fields)
    _, args = _target(r)
    assert _ids(client, q=args["q"]) == _ids(client, q=q, agency="解放区")


def test_a_query_the_form_cannot_read_is_kept_whole_with_the_error(client):
    r = client.get("/advanced", query_string={"q": '"复议 纠错'})
    assert r.status_code == 400
    page = soup(r)
    assert "引号不成对" in page.select_one(".message.error").get_text()
    assert page.select_one("input[name=other]")["value"] == '"复议 纠错'


BAD_FORMS = [
    ({"first": "复议", "operator": "sentence"}, "“同句”需要填写第二个词"),
    ({"second": "纠错", "operator": "near"}, "需要填写第一个词"),
    ({"first": "复议", "operator": "not"}, "需要填写第二个词"),
    ({"first": "复议", "operator": "<script>"}, "没有“<script>”这种关系"),
    (
        {"first": "a", "second": "b", "operator": "near", "distance": "abc"},
        "间隔字数应是 0 到 10000",
    ),
    ({"first": "a", "second": "b", "operator": "near", "distance": "99999"}, "间隔字数"),
    ({"first": "复议", "year_from": "20x1"}, "年份应写作"),
    ({"first": "复议", "section": "结论"}, "没有“结论”这个报告部分"),
    ({"first": "复议", "level": "部级"}, "level 只能是 县区级 / 市级"),
    ({"first": "复议", "other": "agnecy:江海区"}, "没有“agnecy:”这个字段"),
    ({"first": "复议", "other": "(a"}, "括号不成对"),
    ({"first": "复\x00议"}, "控制字符"),
    ({"first": "法" * 600}, "检索式过长"),
    ({"first": 'a"b」c』'}, "第一个词同时含有"),
    ({}, "请输入检索词"),
]


@pytest.mark.usefixtures("no_unexpected_errors")
@pytest.mark.parametrize(("fields", "chinese"), BAD_FORMS)
def test_a_bad_field_is_a_400_form_that_names_it(client, fields, chinese):
    r = client.get("/advanced", query_string={"go": "1", **fields})
    assert r.status_code == 400
    page = soup(r)
    assert chinese in page.select_one(".message.error").get_text()
    assert page.select_one("form.advanced-form")  # the form again, to correct
    if "first" in fields and "\x00" not in fields["first"]:
        assert page.select_one("input[name=first]")["value"] == fields["first"]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@pytest.mark.usefixtures("no_unexpected_errors")
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            name: _TEXT
            for name in (
                "first",
                "operator",
                "distance",
                "second",
                "section",
                "level",
                "agency",
                "year_from",
                "year_to",
                "other",
                "sort",
                "hide",
            )
        },
    )
)
def test_no_form_input_is_a_500(client, fields):
    r = client.get("/advanced", query_string={"go": "1", **fields})
    assert r.status_code in (303, 400), r.status_code
    if r.status_code == 303:
        target = client.get(r.headers["Location"])
        assert target.status_code in (200, 400)  # a bad sort is the results page's to name


# ---------------------------------------------------------------- /search/within and the chips


def test_within_adds_a_clause_and_keeps_every_filter(client):
    args = {
        "q": PHRASE,
        "year": "2022",
        "agency": "卫",
        "region": "省",
        "section": "举措",
        "sort": "date",
        "hide": "1",
        "page": "3",
        "within": "复议 OR 诉讼",
    }
    path, target = _target(client.get("/search/within", query_string=args))
    assert path == "/search"
    assert target == {
        "q": '"法治建设" (复议 OR 诉讼)',
        "year": "2022",
        "agency": "卫",
        "region": "省",
        "section": "举措",
        "sort": "date",
        "hide": "1",
    }  # and back to page 1


def test_the_results_page_s_within_box_carries_the_search(client):
    page = soup(client.get("/search", query_string={"q": PHRASE, "year": "2022", "sort": "date"}))
    form = page.select_one("form.within-form")
    hidden = {e["name"]: e["value"] for e in form.select("input[type=hidden]")}
    assert hidden == {"q": PHRASE, "year": "2022", "sort": "date"}
    assert form.select_one("input[name=within]")


def test_within_narrows_the_results(client):
    r = client.get("/search/within", query_string={"q": PHRASE, "within": '"复议"'})
    _, args = _target(r)
    before = {i for i, _ in _ids(client, q=PHRASE)}
    after = {i for i, _ in _ids(client, **args)}
    assert after and after < before
    assert _ids(client, **args) == _ids(client, q=f'{PHRASE} AND "复议"')


def test_an_empty_within_goes_back_to_the_same_search(client):
    r = client.get("/search/within", query_string={"q": PHRASE, "year": "2022", "within": " "})
    assert _target(r) == ("/search", {"q": PHRASE, "year": "2022"})


@pytest.mark.usefixtures("no_unexpected_errors")
@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        ({"q": PHRASE, "within": '"复议'}, "引号不成对"),
        ({"q": PHRASE, "within": "/s 纠错"}, "两边都需要检索词"),
        ({"q": PHRASE, "within": "x\x00"}, "控制字符"),
        ({"q": '"法治', "within": "复议"}, "引号不成对"),
        ({"q": PHRASE, "within": "复议", "page": "-1"}, "页码"),
        ({"q": PHRASE, "within": '"' + "法" * 495 + '"'}, "检索式过长"),
    ],
)
def test_a_bad_within_is_a_400_results_page_that_keeps_what_was_typed(client, args, chinese):
    r = client.get("/search/within", query_string=args)
    assert r.status_code == 400
    page = soup(r)
    assert chinese in page.select_one(".message.error").get_text()
    assert page.select_one("input.q")["value"] == args["q"].replace("\x00", "")


def test_a_bad_filter_is_named_by_the_results_page_within_sends_it_to(client):
    r = client.get("/search/within", query_string={"q": PHRASE, "within": "复议", "year": "abc"})
    assert _target(r)[1]["year"] == "abc"
    page = client.get(r.headers["Location"])
    assert page.status_code == 400
    assert "年份应写作" in soup(page).select_one(".message.error").get_text()


def test_chips_show_each_clause_and_remove_it(client):
    q = '"法治建设" "复议" (监督 OR 诉讼)'
    page = soup(client.get("/search", query_string={"q": q, "year": "2022"}))
    chips = page.select(".clause-chips a.chip")
    assert [c.code.get_text() for c in chips] == ['"法治建设"', '"复议"', "(监督 OR 诉讼)"]
    targets = [parse_qs(urlsplit(c["href"]).query) for c in chips]
    assert targets == [
        {"q": ['"复议" (监督 OR 诉讼)'], "year": ["2022"]},
        {"q": ['"法治建设" (监督 OR 诉讼)'], "year": ["2022"]},
        {"q": ['"法治建设" "复议"'], "year": ["2022"]},
    ]
    for chip in chips:
        assert client.get(chip["href"]).status_code == 200


def test_one_clause_shows_no_chip_and_a_bad_query_none(client):
    assert not soup(client.get("/search", query_string={"q": PHRASE})).select(".clause-chips")
    bad = client.get("/search", query_string={"q": '"法治 复议'})
    assert bad.status_code == 400 and not soup(bad).select(".clause-chips")
    assert soup(bad).select_one(".syntax-details table.syntax")  # help beside the error


def test_the_home_page_links_the_form_and_shows_the_syntax_help(client):
    page = soup(client.get("/"))
    assert page.select_one(".advanced-link a")["href"] == "/advanced"
    help_text = page.select_one("#help").get_text()
    assert "高级检索" in help_text and "在结果中检索" in help_text and "同句" in help_text


def test_under_a_url_prefix_the_redirects_keep_it(sample_index_dir, monkeypatch):
    monkeypatch.setenv("SEARCH_URL_PREFIX", "/portal/search")
    client = create_app({"SEARCH_INDEX": str(sample_index_dir)}).test_client()
    r = client.get("/portal/search/search/within", query_string={"q": PHRASE, "within": "复议"})
    assert _target(r)[0] == "/portal/search/search"
    r = client.get("/portal/search/advanced", query_string={"go": "1", "first": "复议"})
    assert _target(r)[0] == "/portal/search/search"
    form = soup(client.get("/portal/search/advanced")).select_one("form.advanced-form")
    assert form["action"] == "/portal/search/advanced"
