"""Bad input and failures: a clear 400/404/503 page or JSON error, never a 500 or a traceback."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web_fixtures import PHRASE, api, soup
from web import create_app

# ---------------------------------------------------------------- bad input

# (arguments, the API's English message and code, the page's Chinese message)
BAD_INPUT = [
    ({"q": "法" * 501}, "too long", "query_too_long", "检索式过长：501 个字符，最多 500 个"),
    (
        {"q": '"法治建设'},
        "unbalanced quote",
        "unbalanced_quote",
        "引号不成对：第 1 个字符开始的短语没有结束引号",
    ),
    ({"q": "OR"}, "OR needs a term", "empty_or", "OR 两边都需要检索词"),
    ({"q": "法治\x00建设"}, "NUL", "control_character", "控制字符"),
    ({"q": PHRASE, "page": "-3"}, "页码", "bad_page", "页码"),
    ({"q": PHRASE, "page": "abc"}, "页码", "bad_page", "页码"),
    ({"q": PHRASE, "year": "abc"}, "year must be", "bad_year", "年份应写作 2021 或 2021-2022"),
    ({"q": PHRASE, "section": "<script>"}, "unknown section", "unknown_section", "报告部分"),
    ({"q": PHRASE, "sort": "<script>"}, "排序", "bad_sort", "排序"),
    ({"q": PHRASE, "agency": "x\x00"}, "控制字符", "control_character", "控制字符"),
    (
        {"q": "agnecy:江海区"},
        "unknown field agnecy:",
        "unknown_field",
        "没有“agnecy:”这个字段（第 1 个字符）。可用的字段：agency（机构）",
    ),
]
PAGES = ["/search", "/compare", "/embed", "/export.csv"]


@pytest.fixture
def no_unexpected_errors(caplog):
    """Fails the test if a request reached the catch-all 500 handler."""
    caplog.set_level(logging.ERROR)
    yield
    assert not [r for r in caplog.records if "unexpected error" in r.getMessage()]


@pytest.mark.usefixtures("no_unexpected_errors")
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("args", "message", "code", "chinese"), BAD_INPUT)
def test_bad_input_is_a_400_page_with_the_message(client, path, args, message, code, chinese):
    r = client.get(path, query_string=args)
    assert r.status_code == 400
    assert r.mimetype == "text/html"
    text = r.get_data(as_text=True)
    shown = soup(r).select_one(".message.error").get_text()
    assert chinese in shown
    assert "<script>" not in text and "Traceback" not in text


@pytest.mark.usefixtures("no_unexpected_errors")
@pytest.mark.parametrize(("args", "message", "code", "chinese"), BAD_INPUT)
def test_bad_input_is_a_400_json_error(client, args, message, code, chinese):
    r = client.get("/api/search", query_string=args)
    data = r.get_json()
    assert r.status_code == 400
    assert data["ok"] is False and data["status"] == 400 and message in data["error"]
    assert data["code"] == code


@pytest.mark.usefixtures("no_unexpected_errors")
def test_query_error_page_keeps_the_query_in_the_form_as_text(client):
    q = '"<script>alert(1)</script>'
    r = client.get("/search", query_string={"q": q})
    text = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert soup(r).select_one("input[name=q]")["value"] == q


@pytest.mark.usefixtures("no_unexpected_errors")
@pytest.mark.parametrize("path", ["/search", "/compare", "/embed"])
def test_script_in_query_comes_back_as_text(client, path):
    q = '<script>alert("x")</script> "法治建设"'
    r = client.get(path, query_string={"q": q})
    text = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert not soup(r).select("script")


@pytest.mark.usefixtures("no_unexpected_errors")
def test_unknown_report_is_404(client):
    r = client.get("/doc/<script>nope")
    assert r.status_code == 404 and "没有这份报告" in r.get_data(as_text=True)
    assert "<script>" not in r.get_data(as_text=True)
    j = client.get("/api/doc/nope")
    assert j.status_code == 404
    assert j.get_json() == {
        "ok": False,
        "error": j.get_json()["error"],
        "status": 404,
        "code": "report_not_found",
    }
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/nothing").get_json()["status"] == 404
    bad_q = client.get(f"/doc/{api(client, q=PHRASE)['hits'][0]['id']}", query_string={"q": "OR"})
    assert bad_q.status_code == 400


@pytest.mark.usefixtures("no_unexpected_errors")
def test_empty_query_pages(client):
    assert "检索语法" in client.get("/search?q=").get_data(as_text=True)
    assert client.get("/compare").status_code == 200
    assert client.get("/embed").status_code == 200
    assert client.get("/export.csv").status_code == 400
    assert client.get("/api/search?q=").get_json()["status"] == 400


QUERY_PIECES = st.sampled_from(
    ['"', "“", "”", "(", ")", "-", "OR", "AND", "NOT", " ", "agency:", "year:", "section:",
     "<script>", "&amp;", "法治", "建设", "\x00", "\u200b", "２０２１", ":", "\\", "%"]
)  # fmt: skip
QUERIES = st.lists(st.one_of(QUERY_PIECES, st.text(max_size=5)), max_size=12).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=QUERIES, year=st.one_of(st.none(), st.text(max_size=6)), page=st.text(max_size=4))
def test_no_query_string_reaches_the_catch_all(app, caplog, q, year, page):
    client = app.test_client()
    args = {"q": q, "page": page, **({"year": year} if year is not None else {})}
    for path in ("/search", "/api/search"):
        caplog.clear()
        r = client.get(path, query_string=args)
        assert r.status_code in (200, 400), (path, args, r.status_code)
        if r.mimetype == "text/html":
            assert "<script>" not in r.get_data(as_text=True)
        assert not [rec for rec in caplog.records if "unexpected error" in rec.getMessage()]


def test_unexpected_error_is_a_friendly_logged_500(sample_index_dir, caplog):
    app = create_app({"SEARCH_INDEX": str(sample_index_dir)})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("secret internals")

    caplog.set_level(logging.ERROR)
    client = app.test_client()
    r = client.get("/boom")
    text = r.get_data(as_text=True)
    assert r.status_code == 500 and "服务器内部出错" in text
    assert "secret internals" not in text and "Traceback" not in text
    j = client.get("/api/boom")
    assert j.status_code == 500 and j.get_json() == {
        "ok": False,
        "error": "internal error",
        "status": 500,
        "code": "internal_error",
    }
    logged = [r for r in caplog.records if "unexpected error" in r.getMessage()]
    assert len(logged) == 2 and "secret internals" in str(logged[0].exc_info[1])


def test_missing_index_is_503_not_500(tmp_path):
    app = create_app({"SEARCH_INDEX": str(tmp_path / "none"), "SEARCH_BUILD_SAMPLES": False})
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    r = client.get("/search", query_string={"q": PHRASE})
    assert r.status_code == 503 and "索引" in r.get_data(as_text=True)
    assert client.get("/api/search", query_string={"q": PHRASE}).get_json()["status"] == 503
    assert not (tmp_path / "none").exists()  # nothing was written
