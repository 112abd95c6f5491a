"""Issue 14 in the web UI and API: section: after a facet click, snippet labels, compare."""

from __future__ import annotations

import pytest

from search import PARTS
from tests.web_fixtures import api, facet_links, soup

SECTION_QUERY = 'section:不足 "法治"'


def test_a_facet_click_keeps_the_section(client):
    page = soup(client.get("/search", query_string={"q": SECTION_QUERY}))
    base = {a["href"] for a in page.select(".hit-title a")}
    clicks = [(label, value) for label in ("年份", "地区") for value in facet_links(page, label)]
    assert ("年份", "2021") in clicks
    for label, value in clicks:
        href = facet_links(page, label)[value]
        narrowed = soup(client.get(href))
        hits = narrowed.select("li.hit")
        assert {a["href"].split("?")[0] for a in narrowed.select(".hit-title a")} <= {
            h.split("?")[0] for h in base
        }
        assert "新县卫生健康委员会" not in {h.select_one(".agency").get_text() for h in hits}
        for hit in hits:
            assert all("法治" in m.get_text() for m in hit.select("mark"))
            assert {s["title"] for s in hit.select(".snippet .section")} == {PARTS[1]}


@pytest.mark.parametrize("extra", [{"year": "2021"}, {"region": "河南"}, {"agency": "新县"}])
def test_api_parameters_keep_the_section(client, extra):
    base = api(client, q=SECTION_QUERY, per_page=100)
    data = api(client, q=SECTION_QUERY, per_page=100, **extra)
    assert {h["id"] for h in data["hits"]} <= {h["id"] for h in base["hits"]}
    assert all(s["part"] == PARTS[1] for h in data["hits"] for s in h["snippets"])
    assert all(h["agency"] != "新县卫生健康委员会" for h in data["hits"])


def test_no_chip_when_the_match_is_in_that_very_heading(client):
    # 解放区卫健委's heading 一、2022年度法治政府建设情况 holds the phrase.
    data = api(client, q='"法治政府建设" agency:解放区')
    [hit] = data["hits"]
    in_heading = [s for s in hit["snippets"] if s["text"] == s["section"]]
    assert in_heading and all(s["label"] == "" for s in in_heading)
    page = soup(client.get("/search", query_string={"q": '"法治政府建设" agency:解放区'}))
    for snip in page.select(".snippet"):
        text = snip.select_one(".snippet-text").get_text()
        chip = snip.select_one(".section")
        if text == "一、2022年度法治政府建设情况":
            assert chip is None
        else:
            assert chip is not None and chip.get_text()


def test_the_opening_is_labelled_daoyu_and_keeps_its_part(client):
    data = api(client, q='"法治政府建设"', per_page=100)
    openings = [s for h in data["hits"] for s in h["snippets"] if s["section"] == ""]
    assert openings
    assert all(s["label"] == "导语" and s["part"] == "其他" for s in openings)
    page = soup(client.get("/search", query_string={"q": '"法治政府建设"'}))
    chips = [c.get_text() for c in page.select(".snippet .section")]
    assert "导语" in chips and "其他" not in chips
    # The part stays 其他 for filters and facets: section:其他 finds the openings.
    assert api(client, q='"法治政府建设" section:其他')["total"] == data["total"]


def test_compare_prefers_a_sentence_that_is_not_the_opening(client):
    page = soup(client.get("/compare", query_string={"q": '"法治政府建设"'}))
    trs = page.select("table.compare tbody tr")
    rows = {r.select_one("th.agency a").get_text(): r for r in trs}
    assert len(rows) == 5
    # Four agencies use the phrase after their opening; 江海区 only in its title and opening.
    for agency, row in rows.items():
        chip = row.select_one(".best .section")
        label = chip.get_text() if chip else ""
        if agency == "江门市江海区卫生健康局":
            assert label == "导语"
        else:
            assert label != "导语", agency


def test_the_report_pages_match_list_uses_the_same_labels(client):
    [hit] = api(client, q='"法治政府建设" agency:解放区')["hits"]
    page = soup(client.get(f"/doc/{hit['id']}", query_string={"q": '"法治政府建设"'}))
    items = page.select(".matches li")
    labels = {
        i.select_one(".snippet-text").get_text(): (
            c.get_text() if (c := i.select_one(".section")) else ""
        )
        for i in items
    }
    assert labels["2022年度法治政府建设情况报告"] == "导语"
    assert labels["一、2022年度法治政府建设情况"] == ""
    assert "1.加强组织领导。" in labels.values()
