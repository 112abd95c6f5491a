"""An index with no reports, and each request's time budget (issue 15)."""

from __future__ import annotations

import json
import threading
import time

import pytest

import search
from search.cli import main as cli_main
from search.store import open_store
from web import create_app

from .web_fixtures import PHRASE, soup
from .worst_case import PHRASE as WORST_PHRASE
from .worst_case import index_with_worst

QUERIES = [PHRASE, "法治 建设", "agency:新县", '"的" OR "是"', 'section:不足 "法治"', "NOT 法治"]


@pytest.fixture(scope="module")
def empty_index_dir(tmp_path_factory):
    """An index as ``index`` leaves it when killed before its first commit."""
    d = tmp_path_factory.mktemp("empty-index")
    open_store(d, create=True)
    assert search.index_exists(d)
    return d


# ---------------------------------------------------------------- 0 reports


def test_an_index_with_no_reports_answers_no_reports(empty_index_dir):
    index = search.SearchIndex(empty_index_dir)
    assert len(index) == 0 and index.stats().total == 0
    for q in QUERIES:
        result = index.search(q)
        assert (result.total, result.hits) == (0, [])
        assert result.facets == {"agency": {}, "year": {}, "region": {}, "section": {}}
        assert index.count(q) == 0 and index.find_all(q) == []
        assert index.compare(q) == [] and list(index.export_rows(q)) == []
    with pytest.raises(search.DocumentNotFoundError):
        index.document("0000000000000000", PHRASE)
    # A bad query is still named as one.
    with pytest.raises(search.QueryError):
        index.search('"unclosed')


def test_the_cli_says_0_reports(empty_index_dir, capsys):
    assert cli_main(["search", PHRASE, "--index", str(empty_index_dir)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"0 reports match {PHRASE}"]
    assert cli_main(["search", PHRASE, "--index", str(empty_index_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
    assert cli_main(["stats", "--index", str(empty_index_dir)]) == 0
    assert capsys.readouterr().out.startswith("0 reports")


def test_every_page_answers_with_no_reports(empty_index_dir):
    app = create_app({"TESTING": True, "SEARCH_INDEX": str(empty_index_dir)})
    client = app.test_client()
    for path in ("/search", "/embed", "/compare", "/export.csv", "/api/search", "/api/compare"):
        for q in QUERIES:
            r = client.get(path, query_string={"q": q})
            assert r.status_code == 200, (path, q, r.status_code)
    assert client.get("/api/search", query_string={"q": PHRASE}).get_json()["total"] == 0
    page = soup(client.get("/search", query_string={"q": PHRASE}))
    assert not page.select("li.hit")
    csv_text = client.get("/export.csv", query_string={"q": PHRASE}).data.decode("utf-8-sig")
    assert csv_text.splitlines() == [",".join(search.EXPORT_COLUMNS)]
    assert client.get("/").status_code == 200
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    # Nothing was written into the empty index (no samples built there).
    assert search.SearchIndex(empty_index_dir).stats().total == 0


# ---------------------------------------------------------------- time budget


@pytest.fixture(scope="module")
def worst(tmp_path_factory):
    d = tmp_path_factory.mktemp("budget")
    return d / "ix", index_with_worst(d / "reports", d / "ix", 20_000)


def test_a_report_page_past_its_budget_is_a_named_error(worst):
    ix_dir, doc_id = worst
    index = search.SearchIndex(ix_dir, timeout=0.01)
    with pytest.raises(
        search.QueryTimeoutError, match=r"query timed out: not answered within 0\.01 s"
    ):
        index.document(doc_id, f'"{WORST_PHRASE}"')
    # The index is not left locked: another thread is answered at once.
    answers: list[int] = []
    other = threading.Thread(target=lambda: answers.append(len(index)))
    other.start()
    other.join(10)
    assert answers == [6]
    assert search.SearchIndex(ix_dir).document(doc_id, f'"{WORST_PHRASE}"').match_count > 20_000


def test_every_query_kind_checks_its_budget(sample_index_dir):
    index = search.SearchIndex(sample_index_dir, timeout=1e-9)
    for call in (
        lambda: index.search(PHRASE),
        lambda: index.search("法治 建设"),
        lambda: index.search('section:不足 "法治"'),
        lambda: index.compare(PHRASE),
        lambda: index.count('"法治建设工作"'),
        lambda: index.export_rows('"的"'),
        lambda: index.concordance('"的"', sort="left"),
        lambda: index.concordance('"的"', sort="agency"),
    ):
        with pytest.raises(search.QueryTimeoutError):
            call()
    assert len(index) == 5  # a call that has nothing long to do is answered


def test_a_streamed_export_is_not_cut_by_the_budget(worst):
    ix_dir, _ = worst
    index = search.SearchIndex(ix_dir, timeout=0.5)
    rows = index.export_rows('"的"')
    first = next(rows)
    time.sleep(0.6)  # a slow client: the budget is long spent
    assert 1 + sum(1 for _ in rows) > 20_000 and first.marked


def test_the_web_answers_503_timeout_and_the_cli_one_line(sample_index_dir, capsys):
    client = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_REQUEST_TIMEOUT": 1e-9}
    ).test_client()
    r = client.get("/api/search", query_string={"q": PHRASE})
    assert r.status_code == 503
    assert r.get_json()["code"] == "timeout" and r.get_json()["ok"] is False
    assert r.get_json()["error"].startswith("query timed out")
    for path in ("/search", "/compare"):
        r = client.get(path, query_string={"q": PHRASE})
        assert r.status_code == 503
        assert "查询超时" in soup(r).get_text()
    assert client.get("/healthz").status_code == 200
    status = cli_main(["search", PHRASE, "--index", str(sample_index_dir), "--timeout", "1e-9"])
    err = capsys.readouterr().err
    assert status == 1 and err.startswith("error: query timed out") and err.count("\n") == 1
