"""The trend, map and coverage pages, their CSV and SVG files, and hostile parameters."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web_fixtures import AGENCIES, links, soup
from web import create_app

SVG = "{http://www.w3.org/2000/svg}"
Q = '"推行证明事项"'


@pytest.fixture(scope="module")
def client(sample_index_dir):
    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )
    return app.test_client()


def test_results_page_shows_the_years_bars_linked_to_each_year(client):
    doc = soup(client.get("/search", query_string={"q": Q}))
    chart = doc.select_one(".results-trend svg.chart.trend")
    bars = chart.select("g.bar")
    assert [b.select_one("text.value").get_text() for b in bars] == ["1/2", "1/3"]
    assert [t.get_text() for t in chart.select("text.year")] == ["2021", "2022"]
    assert "2021年：2 份报告中 1 份匹配（50.0%）" in bars[0].title.get_text()
    year_link = chart.select("a")[0]["href"]
    assert parse_qs(urlsplit(year_link).query) == {"q": [Q], "year": ["2021"]}
    narrowed = soup(client.get(year_link))
    assert [a.get_text() for a in narrowed.select("li.hit .agency")] == ["新县卫生健康委员会"]
    assert chart.select_one("text.chart-title").get_text().startswith(Q)


def test_trend_page_has_the_numbers_under_the_chart_and_its_files(client):
    page = client.get("/trend", query_string={"q": Q, "by": "province"})
    doc = soup(page)
    assert doc.select_one("svg.chart.lines") is not None
    rows = [
        [td.get_text() for td in tr.select("td")] for tr in doc.select("table.trend-table tbody tr")
    ]
    assert ["2021", "河南省", "1", "1", "100.0%"] in rows and [
        "2022",
        "广东省",
        "0",
        "1",
        "0.0%",
    ] in rows
    csv_url = next(u for u in links(page.get_data(as_text=True)) if u.startswith("/trend.csv"))
    body = client.get(csv_url)
    assert body.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body.get_data(as_text=True).startswith("\ufeff年份,省份,匹配报告数,报告总数,占比")
    svg_url = next(u for u in links(page.get_data(as_text=True)) if u.startswith("/trend.svg"))
    svg = client.get(svg_url)
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in svg.headers["Content-Disposition"]
    root = ET.fromstring(svg.data)  # a well-formed file that opens on its own
    assert root.tag == SVG + "svg"
    legend = [t.text for t in root.iter(SVG + "text") if t.text in ("河南省", "广东省", "未识别")]
    assert set(legend) == {"广东省", "河南省", "未识别"}


def test_api_trend(client):
    data = client.get("/api/trend", query_string={"q": Q}).get_json()
    assert [(p["year"], p["matching"], p["reports"]) for p in data["points"]] == [
        (2021, 1, 2),
        (2022, 1, 3),
    ]


def test_map_tiles_are_shaded_named_and_link_to_their_province(client):
    doc = soup(client.get("/map", query_string={"q": Q}))
    tiles = doc.select("svg.chart.map g.tile")
    assert len(tiles) == 34
    henan = next(t for t in tiles if t.select_one("text.name").get_text() == "河南")
    assert henan.select_one("text.share").get_text() == "100.0%"
    assert "河南省：2 份报告中 2 份匹配" in henan.title.get_text()
    xizang = next(t for t in tiles if t.select_one("text.name").get_text() == "西藏")
    assert xizang.select_one("text.share").get_text() == "无报告" and xizang.parent.name != "a"
    href = henan.parent["href"]
    assert parse_qs(urlsplit(href).query) == {"q": [Q], "region": ["河南省"]}
    hits = soup(client.get(href)).select("li.hit .agency")
    assert {a.get_text() for a in hits} == {"解放区卫健委", "新县卫生健康委员会"}
    legend = [t.get_text() for t in doc.select("svg.chart.map g.legend-item text")]
    assert legend[:2] == ["无报告", "0%"] and legend[-1] == "≤100.0%"
    csv = client.get("/map.csv", query_string={"q": Q}).get_data(as_text=True)
    assert csv.splitlines()[1] == "河南省,2,2,1.0000"
    ET.fromstring(client.get("/map.svg", query_string={"q": Q}).data)


def test_coverage_page_counts_agencies_and_lists_those_without_the_phrase(client):
    page = client.get("/coverage", query_string={"q": Q})
    doc = soup(page)
    assert " ".join(doc.select_one(".coverage-count").get_text().split()).startswith("2 / 5")
    absent = [li.select_one(".agency").get_text() for li in doc.select(".absent-list li")]
    assert set(absent) == AGENCIES - {"解放区卫健委", "新县卫生健康委员会"}
    wujiang = next(
        tr for tr in doc.select("table.coverage tbody tr")
        if tr.th.get_text() == "韶关市武江区卫生健康局"
    )  # fmt: skip
    assert wujiang.select_one(".lacks").get_text() == "缺：存在的不足和原因"
    assert "absent-row" in wujiang["class"]
    report = client.get(wujiang.select_one("a.rep")["href"])
    assert report.status_code == 200
    csv_url = next(u for u in links(page.get_data(as_text=True)) if "form=absent" in u)
    lines = client.get(csv_url).get_data(as_text=True).splitlines()
    assert lines[0].startswith("\ufeff机构") and len(lines) == 1 + len(absent)


def test_coverage_filters_by_region_and_level(client):
    doc = soup(client.get("/coverage", query_string={"region": "广东", "level": "县区级"}))
    assert {th.get_text() for th in doc.select("table.coverage tbody th")} == {
        "韶关市武江区卫生健康局",
        "江门市江海区卫生健康局",
    }
    empty = soup(client.get("/coverage", query_string={"level": "省级"}))
    assert "范围内没有报告" in empty.get_text()
    data = client.get("/api/coverage", query_string={"q": Q}).get_json()
    assert (data["containing"], data["agencies"]) == (2, 5)


ROUTES = ["/trend", "/trend.csv", "/trend.svg", "/api/trend", "/map", "/map.csv", "/map.svg",
          "/coverage", "/coverage.csv", "/api/coverage"]  # fmt: skip
HOSTILE = [
    {"q": '"unclosed'},
    {"q": "法治\x00"},
    {"by": "<script>alert(1)</script>"},
    {"level": "'; DROP TABLE"},
    {"year": "abc"},
    {"region": "广" * 600},
    {"page": "-1"},
    {"section": "nonsense"},
    {"q": "OR"},
]


@pytest.mark.parametrize("route", ROUTES)
def test_bad_input_is_a_400_with_a_message_never_a_500(client, route):
    for args in HOSTILE:
        response = client.get(route, query_string=args)
        assert response.status_code == 400, (route, args, response.status_code)
        if route.startswith("/api/"):
            assert response.get_json()["error"]
        else:
            assert "<script>alert" not in response.get_data(as_text=True)


def test_markup_in_a_query_is_escaped_in_the_chart(client):
    q = '"<script>alert(1)</script>" OR "法治建设"'
    for route in ("/search", "/trend", "/map", "/coverage", "/trend.svg", "/map.svg"):
        response = client.get(route, query_string={"q": q})
        assert response.status_code == 200, route
        assert "<script>" not in response.get_data(as_text=True), route
    ET.fromstring(client.get("/trend.svg", query_string={"q": q}).data)


def test_coverage_page_shows_one_page_of_agencies_with_links_to_the_others(
    client, sample_index_dir
):
    app = create_app(
        {
            "TESTING": True,
            "SEARCH_INDEX": str(sample_index_dir),
            "SEARCH_BUILD_SAMPLES": False,
            "SEARCH_COVERAGE_PAGE_SIZE": 2,
        }
    )
    paged = app.test_client()
    seen = []
    for n in (1, 2, 3):
        doc = soup(paged.get("/coverage", query_string={"q": Q, "page": n}))
        rows = [th.get_text() for th in doc.select("table.coverage tbody th")]
        assert len(rows) == (2 if n < 3 else 1)
        seen += rows
        # The count and the absence list are over every agency, on every page.
        assert " ".join(doc.select_one(".coverage-count").get_text().split()).startswith("2 / 5")
        assert len(doc.select(".absent-list li")) == 3
        nav = doc.select_one("nav.pagination")
        assert nav.strong.get_text() == str(n)
        assert [parse_qs(urlsplit(a["href"]).query)["page"] for a in nav.select("a")] == [
            [str(k)] for k in (1, 2, 3) if k != n
        ]
    whole = soup(client.get("/coverage", query_string={"q": Q}))  # 200 a page: one page
    assert seen == [th.get_text() for th in whole.select("table.coverage tbody th")]
    assert set(seen) == AGENCIES and whole.select_one("nav.pagination") is None


def test_coverage_api_pages_on_request_and_keeps_its_fields(client):
    whole = client.get("/api/coverage", query_string={"q": Q}).get_json()
    assert len(whole["rows"]) == 5 and (whole["page"], whole["pages"]) == (1, 1)
    assert whole["per_page"] is None and whole["absent_count"] == 3
    got = []
    for n in (1, 2, 3):
        data = client.get("/api/coverage", query_string={"q": Q, "page": n, "per_page": 2})
        data = data.get_json()
        assert {k: data[k] for k in ("agencies", "containing", "absent_count", "years")} == {
            k: whole[k] for k in ("agencies", "containing", "absent_count", "years")
        }
        assert (data["page"], data["pages"], data["per_page"]) == (n, 3, 2)
        got += data["rows"]
    assert got == whole["rows"]
    for bad in ({"per_page": "0"}, {"per_page": "5000"}, {"page": "x"}):
        answer = client.get("/api/coverage", query_string={"q": Q, **bad})
        assert answer.status_code == 400, bad
