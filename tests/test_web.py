"""The web UI and JSON API through Flask's test client, on a real index of the five samples."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import search
from search.cli import main as cli_main
from tests.web_fixtures import AGENCIES, PHRASE, api, facet_links, soup
from web import create_app

# ---------------------------------------------------------------- pages


def test_home_has_search_box_and_syntax_help(client):
    r = client.get("/")
    page = soup(r)
    assert r.status_code == 200
    form = page.select_one("form.search-form")
    assert form["action"] == "/search" and form.select_one("input[name=q]")
    help_text = page.select_one("#help").get_text()
    for token in ('"精确短语"', "OR", "-", "agency:", "year:", "section:"):
        assert token in help_text
    assert "5" in page.select_one(".lead").get_text()  # reports in the index


def test_phrase_finds_all_five_reports_with_marked_snippets(client):
    page = soup(client.get("/search", query_string={"q": PHRASE}))
    assert page.select_one(".total .n").get_text() == "5"
    hits = page.select("li.hit")
    assert len(hits) == 5
    assert {h.select_one(".agency").get_text() for h in hits} == AGENCIES
    for hit in hits:
        snippets = hit.select(".snippet")
        assert 1 <= len(snippets) <= 3
        assert all(m.get_text() == "法治建设" for m in hit.select("mark"))
        assert hit.select("mark")
        # A snippet whose match is in a heading has no chip (test_web_answers.py).
        assert all(chip.get_text() for s in snippets for chip in s.select(".section"))
        assert re.fullmatch(r"\d+ 处匹配", hit.select_one(".count").get_text())
        assert re.fullmatch(r"20\d\d 年度", hit.select_one(".year").get_text())


def test_hit_shows_title_agency_year_date_and_match_count(client):
    data = api(client, q=PHRASE)
    page = soup(client.get("/search", query_string={"q": PHRASE}))
    by_title = {h.select_one(".hit-title a")["href"]: h for h in page.select("li.hit")}
    for hit in data["hits"]:
        shown = by_title[f"/doc/{hit['id']}?q=%22%E6%B3%95%E6%B2%BB%E5%BB%BA%E8%AE%BE%22"]
        assert shown.select_one(".hit-title").get_text() == hit["title"]
        assert shown.select_one(".agency").get_text() == hit["agency"]
        assert shown.select_one(".count").get_text() == f"{hit['matches']} 处匹配"
        if hit["date"]:
            assert shown.select_one(".date").get_text() == hit["date"]
    dated = [h for h in data["hits"] if h["date"] == "2022-02-25"]
    assert dated and dated[0]["agency"] == "新县卫生健康委员会"


def test_agency_facet_link_narrows_to_one_and_chip_removes_it(client):
    page = soup(client.get("/search", query_string={"q": PHRASE}))
    agencies = facet_links(page, "机构")
    assert set(agencies) == AGENCIES
    narrowed = soup(client.get(agencies["新县卫生健康委员会"]))
    assert narrowed.select_one(".total .n").get_text() == "1"
    assert [h.select_one(".agency").get_text() for h in narrowed.select("li.hit")] == [
        "新县卫生健康委员会"
    ]
    chip = narrowed.select_one(".chips a.chip")
    assert "新县卫生健康委员会" in chip.get_text()
    back = soup(client.get(chip["href"]))
    assert back.select_one(".total .n").get_text() == "5"
    # The active facet value links to the removal too.
    active = facet_links(narrowed, "机构")["新县卫生健康委员会"]
    assert "agency=" not in active


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("年份", "2021", 2),
        ("年份", "2022", 3),
        ("报告部分", "存在的不足和原因", 1),
        ("地区", "广东省江门市江海区", 1),
    ],
)
def test_year_section_and_region_facets_narrow(client, label, value, expected):
    page = soup(client.get("/search", query_string={"q": PHRASE}))
    href = facet_links(page, label)[value]
    narrowed = soup(client.get(href))
    assert narrowed.select_one(".total .n").get_text() == str(expected)
    assert len(narrowed.select("li.hit")) == expected


def test_filters_without_query_and_in_query_syntax(client):
    assert soup(client.get("/search?year=2021")).select_one(".total .n").get_text() == "2"
    page = soup(client.get("/search", query_string={"q": PHRASE + " year:2021-2022 agency:江海区"}))
    assert [h.select_one(".agency").get_text() for h in page.select("li.hit")] == [
        "江门市江海区卫生健康局"
    ]


def test_sort_by_date_orders_newest_first(client):
    data = api(client, q=PHRASE, sort="date")
    keys = [(h["year"], h["date"]) for h in data["hits"]]
    assert keys == sorted(keys, reverse=True)  # undated reports with their year
    page = soup(client.get("/search", query_string={"q": PHRASE, "sort": "date"}))
    assert page.select_one(".sort strong").get_text() == "日期"
    shown = [h.select_one(".hit-title a")["href"].split("?")[0][5:] for h in page.select(".hit")]
    assert shown == [h["id"] for h in data["hits"]]
    relevance = page.select_one(".sort a")
    assert relevance.get_text() == "相关度" and "sort=" not in relevance["href"]


def test_pagination_links(sample_index_dir):
    small = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_PAGE_SIZE": 2}
    )
    client = small.test_client()
    page1 = soup(client.get("/search", query_string={"q": PHRASE}))
    assert len(page1.select("li.hit")) == 2
    nav = page1.select_one("nav.pagination")
    assert nav.select_one(".current").get_text() == "1"
    assert [a.get_text() for a in nav.select("a")] == ["2", "3", "下一页"]
    page3 = soup(client.get(nav.select("a")[1]["href"]))
    assert len(page3.select("li.hit")) == 1
    assert page3.select_one("ol.hits")["start"] == "5"
    seen = {a["href"] for p in (page1, page3) for a in p.select(".hit-title a")}
    page2 = soup(client.get(nav.select("a")[0]["href"]))
    seen |= {a["href"] for a in page2.select(".hit-title a")}
    assert len(seen) == 5  # no report twice, none missing
    past = client.get("/search", query_string={"q": PHRASE, "page": 9})
    assert past.status_code == 200 and "这一页没有结果" in past.get_data(as_text=True)


def test_no_results_message(client):
    r = client.get("/search", query_string={"q": '"没有这个短语的报告"'})
    assert r.status_code == 200
    assert "没有找到匹配的报告" in soup(r).select_one(".message.empty").get_text()


def test_results_link_to_compare_and_export(client):
    page = soup(client.get("/search", query_string={"q": PHRASE, "year": "2022"}))
    compare = page.select_one("a.compare-link")["href"]
    assert compare.startswith("/compare?") and "year=2022" in compare
    rows = soup(client.get(compare)).select("table.compare tbody tr")
    assert len(rows) == 3
    assert page.select_one("a.export-link")["href"].startswith("/export.csv?")


def test_compare_has_one_row_per_agency(client):
    page = soup(client.get("/compare", query_string={"q": PHRASE}))
    rows = page.select("table.compare tbody tr")
    assert {r.select_one("th.agency a").get_text() for r in rows} == AGENCIES
    data = {h["agency"]: h for h in api(client, q=PHRASE)["hits"]}
    for row in rows:
        cells = [td.get_text(strip=True) for td in row.select("td")]
        hit = data[row.select_one("th.agency a").get_text()]
        assert cells[1] == "1"  # reports
        assert cells[2] == str(hit["year"])
        assert cells[3] == str(hit["matches"])
        assert row.select_one(".best mark").get_text() == "法治建设"
        assert row.select_one("a.source")["href"].startswith(f"/doc/{hit['id']}")
    narrowed = soup(client.get(rows[0].select_one("th.agency a")["href"]))
    assert narrowed.select_one(".total .n").get_text() == "1"


def test_doc_page_marks_every_match_with_a_list_to_jump_to(client):
    hit = next(h for h in api(client, q=PHRASE)["hits"] if h["doc_number"])
    page = soup(client.get(f"/doc/{hit['id']}", query_string={"q": PHRASE}))
    marks = page.select("article.report mark")
    assert marks and all(m.get_text() == "法治建设" for m in marks)
    anchors = [a["href"] for a in page.select(".matches li a")]
    assert len(anchors) == hit["matches"]
    for href in anchors:
        assert page.select_one(f"article.report mark{href}") is not None
    meta = {tr.th.get_text(): tr.td.get_text() for tr in page.select("table.metadata tr")}
    assert meta["机构"] == hit["agency"] == "新县卫生健康委员会"
    assert meta["发文字号"] == "新卫〔2022〕12号"
    assert meta["日期"] == "2022-02-25" and meta["年度"] == "2021"
    assert meta["源文件"] == Path(hit["path"]).name
    assert page.select("article.report h2")  # top-level headings
    assert page.select_one(".toc a")["href"].startswith("#s")


def test_doc_links_back_to_the_same_results(client):
    args = {"q": PHRASE, "year": "2022", "sort": "date"}
    page = soup(client.get("/search", query_string=args))
    doc = soup(client.get(page.select_one(".hit-title a")["href"]))
    back = doc.select_one(".crumbs a")["href"]
    results = client.get(back)
    assert back.startswith("/search?") and results.request.args.to_dict() == args
    assert soup(results).select_one(".total .n").get_text() == "3"


def test_doc_without_query_has_no_marks(client):
    doc_id = api(client, q=PHRASE)["hits"][0]["id"]
    page = soup(client.get(f"/doc/{doc_id}"))
    assert not page.select("mark") and not page.select(".matches")
    assert "法治建设" in page.select_one("article.report").get_text()


def test_embed_has_no_chrome_and_links_open_the_whole_window(client):
    r = client.get("/embed", query_string={"q": PHRASE})
    page = soup(r)
    assert r.status_code == 200
    assert not page.select(".site-header") and not page.select(".site-footer")
    assert page.select_one("base")["target"] == "_top"
    assert len(page.select("li.hit")) == 5 and page.select("mark")
    anchors = page.select("a[href]")
    assert anchors and all(a.get("target") == "_top" for a in anchors)
    # The search box stays in the frame.
    assert page.select_one("form")["target"] == "_self"
    assert page.select_one("form")["action"] == "/embed"


def test_export_csv_has_bom_and_one_row_per_matching_sentence(client):
    r = client.get("/export.csv", query_string={"q": PHRASE})
    assert r.status_code == 200
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    assert r.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0] == list(search.EXPORT_COLUMNS)
    body = rows[1:]
    total_matches = sum(h["matches"] for h in api(client, q=PHRASE)["hits"])
    assert sum(row[8].count("【") for row in body) == total_matches
    assert all("【法治建设】" in re.sub(r"\s", "", row[8]) for row in body)
    assert {row[0] for row in body} == AGENCIES
    one = client.get("/export.csv", query_string={"q": PHRASE, "agency": "新县卫生健康委员会"})
    one_rows = list(csv.reader(io.StringIO(one.data.decode("utf-8-sig"))))[1:]
    assert {row[0] for row in one_rows} == {"新县卫生健康委员会"}
    assert {row[3] for row in one_rows} == {"2022-02-25"}


def test_export_csv_is_streamed(client):
    r = client.get("/export.csv", query_string={"q": PHRASE})
    assert r.is_streamed


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_data(as_text=True) == "ok"


# ---------------------------------------------------------------- API


def test_api_search_is_the_cli_json_plus_page(client, sample_index_dir, capsys):
    data = api(client, q=PHRASE)
    assert list(data) == ["query", "total", "hits", "facets", "page", "per_page"]
    assert data["total"] == 5 and data["page"] == 1 and data["per_page"] == 10
    capsys.readouterr()
    assert cli_main(["search", PHRASE, "--index", str(sample_index_dir), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in data.items() if k not in ("page", "per_page")} == cli
    assert set(data["hits"][0]["snippets"][0]) == {"html", "text", "section", "part", "label"}
    assert set(data["facets"]) == {"agency", "year", "region", "section"}


def test_api_search_pages_and_per_page_limit(client):
    first, second = api(client, q=PHRASE, per_page=2), api(client, q=PHRASE, per_page=2, page=2)
    assert len(first["hits"]) == len(second["hits"]) == 2
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])
    assert len(api(client, q=PHRASE, per_page=100)["hits"]) == 5
    r = client.get("/api/search", query_string={"q": PHRASE, "per_page": 101})
    assert r.status_code == 400 and r.get_json()["ok"] is False


def test_api_doc_has_metadata_sections_and_text(client):
    doc_id = api(client, q=PHRASE, agency="新县卫生健康委员会")["hits"][0]["id"]
    data = client.get(f"/api/doc/{doc_id}").get_json()
    assert data["doc_number"] == "新卫〔2022〕12号" and data["year"] == 2021
    assert data["sections"] and {"heading", "level", "part", "start", "end"} <= set(
        data["sections"][0]
    )
    assert data["sections"][0]["heading"] in data["text"]
    assert "法治建设" in data["text"] and "[bookmark" not in data["text"]


def test_api_compare(client):
    data = client.get("/api/compare", query_string={"q": PHRASE}).get_json()
    assert {row["agency"] for row in data["agencies"]} == AGENCIES
