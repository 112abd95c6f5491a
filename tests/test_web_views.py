"""The concordance (/concordance, /concordance.csv), browsing (/reports) and embedding settings."""

from __future__ import annotations

import csv
import io

import pytest

import search
from tests.web_fixtures import PHRASE, api, links, soup
from web import create_app
from web.embedding import SettingError, source_allows


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# ---------------------------------------------------------------- concordance


def test_every_results_page_links_to_the_concordance(client):
    for path in (
        f"/search?q={PHRASE}&year=2022",
        f"/compare?q={PHRASE}&year=2022",
        f"/embed?q={PHRASE}&year=2022",
    ):
        page = soup(client.get(path))
        link = page.select_one("a.concordance-link")
        assert link.get_text() == "语境"
        target = client.get(link["href"])
        assert target.status_code == 200 and target.request.path == "/concordance"
        assert target.request.args["year"] == "2022"


def test_concordance_page_has_one_aligned_line_per_match(client, sample_index):
    everything = sample_index.concordance(PHRASE, per_page=0)
    r = client.get("/concordance", query_string={"q": PHRASE})
    assert r.status_code == 200
    page = soup(r)
    assert page.select_one(".total .n").get_text() == str(everything.total) == "47"
    rows = page.select("table.kwic tbody tr")
    assert len(rows) == 47
    for row, line in zip(rows, everything.lines, strict=True):
        assert row.select_one(".k-kw mark").get_text() == "法治建设"
        assert row.select_one(".k-left").get_text() == line.left
        assert row.select_one(".k-right").get_text() == line.right
        assert row.select_one(".k-agency").get_text() == line.agency
        assert row.select_one(".k-part").get_text() == line.part
        # The match links to that very match in the report.
        assert row.select_one(".k-kw a")["href"].endswith(f"#m{line.ordinal}")
    # A sentence with two matches marks the other one too.
    assert page.select(".k-left mark, .k-right mark")


def test_concordance_link_jumps_to_the_same_match_in_the_report(client):
    page = soup(client.get("/concordance", query_string={"q": PHRASE, "sort": "right"}))
    href = page.select("table.kwic tbody tr")[5].select_one(".k-kw a")["href"]
    left = page.select("table.kwic tbody tr")[5].select_one(".k-left").get_text()
    path, anchor = href.split("#")
    doc = soup(client.get(path))
    mark = doc.select_one(f"article.report mark#{anchor}")
    assert mark.get_text() == "法治建设"
    # The text of its paragraph up to that mark ends with the line's left context.
    prefix = ""
    for node in mark.find_parent(["p", "h2", "h3", "h4"]).descendants:
        if node is mark:
            break
        if isinstance(node, str):
            prefix += node
    assert prefix.endswith(left)


def test_concordance_sorts_and_pages(client, sample_index):
    for sort in search.CONCORDANCE_SORTS:
        page = soup(client.get("/concordance", query_string={"q": PHRASE, "sort": sort}))
        got = [row.select_one(".k-right").get_text() for row in page.select("table.kwic tbody tr")]
        want = [
            line.right for line in sample_index.concordance(PHRASE, sort=sort, per_page=0).lines
        ]
        assert got == want
        assert (
            page.select_one(".sort strong").get_text()
            == {
                "agency": "机构",
                "year": "年份",
                "part": "报告部分",
                "left": "前文",
                "right": "后文",
            }[sort]
        )
    # Words, 100 lines a page: "卫生" occurs hundreds of times in the samples.
    total = sample_index.concordance('"卫生"').total
    assert total > 100
    first = soup(client.get("/concordance", query_string={"q": '"卫生"', "sort": "left"}))
    assert len(first.select("table.kwic tbody tr")) == 100
    nxt = first.select_one(".pagination a[rel=next]")["href"]
    second = soup(client.get(nxt))
    assert "sort=left" in nxt and "page=2" in nxt
    assert len(second.select("table.kwic tbody tr")) == min(100, total - 100)


@pytest.mark.parametrize(
    "args",
    [
        {"q": PHRASE, "sort": "zzz"},
        {"q": PHRASE, "page": "-1"},
        {"q": PHRASE, "page": "abc"},
        {"q": PHRASE, "page": "0"},
        {"q": '"法治'},
        {"q": PHRASE, "year": "abc"},
        {"q": PHRASE, "sort": "left\x00"},
    ],
)
def test_concordance_bad_parameters_are_400_with_a_message(client, args):
    r = client.get("/concordance", query_string=args)
    assert r.status_code == 400
    page = soup(r)
    assert page.select_one(".message.error")
    assert page.select_one("form.search-form")  # the form is there to correct it
    csv_r = client.get("/concordance.csv", query_string=args)
    assert csv_r.status_code == 400


def test_concordance_past_the_last_page_and_without_terms(client):
    r = client.get("/concordance", query_string={"q": PHRASE, "page": "99"})
    assert r.status_code == 200 and "这一页没有结果" in r.get_data(as_text=True)
    r = client.get("/concordance", query_string={"q": "agency:新县"})
    assert r.status_code == 200 and "没有可标出的检索词" in r.get_data(as_text=True)
    r = client.get("/concordance")
    assert r.status_code == 200 and soup(r).select_one("form.search-form")


def test_concordance_csv_is_the_citation_table_in_the_pages_order(client, sample_index):
    r = client.get("/concordance.csv", query_string={"q": PHRASE, "sort": "left", "year": "2021"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = _csv(r)
    assert tuple(rows[0]) == search.EXPORT_COLUMNS
    lines = sample_index.concordance(PHRASE, sort="left", year="2021", per_page=0).lines
    assert len(rows) - 1 == len(lines)
    for row, line in zip(rows[1:], lines, strict=True):
        cells = dict(zip(search.EXPORT_COLUMNS, row, strict=True))
        assert cells["报告ID"] == line.id
        assert cells["年份"] == "2021"
        assert cells["检索式"] == f"{PHRASE} year:2021"
        assert cells["来源"] == line.path.rsplit("/", 1)[-1]
        assert "【法治建设】" in cells["匹配句"]
        assert cells["匹配句"].replace("【", "").replace("】", "") == line.sentence


def test_concordance_csv_neutralises_formula_like_cells(client):
    # A query starting with '-' would be a formula in a spreadsheet's 检索式 column.
    rows = _csv(client.get("/concordance.csv", query_string={"q": '-"疫情" "法治建设"'}))
    assert len(rows) > 1
    assert all(row[9] == '\'-"疫情" "法治建设"' for row in rows[1:])


# ---------------------------------------------------------------- browse


def test_header_links_to_the_collection(client):
    for path in ("/", f"/search?q={PHRASE}", f"/compare?q={PHRASE}", "/reports"):
        assert "/reports" in links(client.get(path).get_data(as_text=True)), path


def test_reports_lists_the_collection_without_a_query(client, sample_index):
    r = client.get("/reports")
    assert r.status_code == 200
    page = soup(r)
    rows = page.select("table.report-list tbody tr")
    assert len(rows) == 5
    expected = {x.id: x for x in sample_index.reports().reports}
    for row in rows:
        doc_id = row.select_one(".title a")["href"].rsplit("/", 1)[-1]
        want = expected[doc_id]
        assert row.select_one(".agency").get_text() == want.agency
        assert row.select_one(".year").get_text() == str(want.year)
        assert len(row.select(".part-list li.lacking")) == len(want.missing)
    labels = [h.get_text() for h in page.select(".facet h3")]
    assert labels == ["机构", "年份", "地区", "层级", "缺少部分"]


def test_reports_facets_narrow_and_chips_remove(client):
    page = soup(client.get("/reports"))
    missing = next(s for s in page.select(".facet") if s.h3.get_text() == "缺少部分")
    link = next(a for a in missing.select("a") if "存在的不足和原因" in a.get_text())
    narrowed = soup(client.get(link["href"]))
    assert narrowed.select_one(".total .n").get_text() == "1"
    row = narrowed.select_one("table.report-list tbody tr")
    assert "韶关市武江区卫生健康局" in row.get_text()
    chip = narrowed.select_one(".chips a.chip")
    assert "缺少部分：存在的不足和原因" in chip.get_text()
    assert soup(client.get(chip["href"])).select_one(".total .n").get_text() == "5"
    year = soup(client.get("/reports", query_string={"year": "2021", "sort": "region"}))
    assert year.select_one(".total .n").get_text() == "2"
    regions = [td.get_text() for td in year.select("table.report-list td.region")]
    assert regions == sorted(regions)


def test_reports_show_unknown_metadata(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "anonymous.txt").write_text(
        "关于法治政府建设情况的报告\n\n一、主要举措和成效\n全面推进依法行政。\n", encoding="utf-8"
    )
    search.index_paths([folder], tmp_path / "index")
    client = create_app({"SEARCH_INDEX": str(tmp_path / "index")}).test_client()
    page = soup(client.get("/reports"))
    row = page.select_one("table.report-list tbody tr")
    for cls in ("agency", "region", "level", "year"):
        assert row.select_one(f".{cls}").get_text() == "未识别"
    facet = next(s for s in page.select(".facet") if s.h3.get_text() == "机构")
    link = facet.select_one("a")
    assert link.select_one(".value").get_text() == "未识别"
    assert soup(client.get(link["href"])).select_one(".total .n").get_text() == "1"


@pytest.mark.parametrize(
    "args",
    [
        {"page": "-1"},
        {"page": "x"},
        {"sort": "zzz"},
        {"year": "abc"},
        {"missing": "其他"},
        {"missing": "zz"},
        {"agency": "a\x00"},
    ],
)
def test_reports_bad_parameters_are_400(client, args):
    r = client.get("/reports", query_string=args)
    assert r.status_code == 400
    assert soup(r).select_one(".message.error")


def test_reports_past_the_last_page(client):
    r = client.get("/reports", query_string={"page": "7"})
    assert r.status_code == 200 and "这一页没有结果" in r.get_data(as_text=True)


# ---------------------------------------------------------------- embedding

FRAMED = {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"}


def _embed(client, **headers):
    return client.get("/embed", query_string={"q": PHRASE}, headers=headers)


def test_an_unlisted_portal_gets_a_page_saying_what_to_set(client):
    r = _embed(client, **FRAMED, Referer="https://portal.example/home")
    assert r.status_code == 200
    page = soup(r)
    assert not page.select("li.hit")  # the real content is not in it
    text = page.get_text()
    assert "SEARCH_FRAME_ANCESTORS=https://portal.example" in text
    assert "https://portal.example" in page.select_one("h1").get_text()
    assert r.headers["Content-Security-Policy"].endswith("frame-ancestors *")
    assert r.headers["Cache-Control"] == "no-store"
    # Without a Referer, the page still explains (nothing but 'self' may frame).
    r = _embed(client, **FRAMED)
    assert "SEARCH_FRAME_ANCESTORS=" in soup(r).get_text() and not soup(r).select("li.hit")


def test_real_pages_are_served_when_not_refused(sample_index_dir, client):
    # Not framed, or framed by the app itself, or a link followed inside the frame.
    for headers in (
        {},
        {"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "same-origin"},
    ):
        r = _embed(client, **headers)
        assert len(soup(r).select("li.hit")) == 5, headers
        assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
    app = create_app(
        {
            "SEARCH_INDEX": str(sample_index_dir),
            "SEARCH_FRAME_ANCESTORS": "https://portal.example https://*.oa.example",
        }
    )
    listed = app.test_client()
    for referer in ("https://portal.example/p", "https://a.oa.example:443/x"):
        r = _embed(listed, **FRAMED, Referer=referer)
        assert len(soup(r).select("li.hit")) == 5, referer
        csp = r.headers["Content-Security-Policy"]
        assert "frame-ancestors https://portal.example https://*.oa.example" in csp
    # A listed portal that sends no Referer: the browser decides from the CSP.
    assert len(soup(_embed(listed, **FRAMED)).select("li.hit")) == 5
    refused = _embed(listed, **FRAMED, Referer="http://portal.example/p")
    assert not soup(refused).select("li.hit")
    # The JSON API and static files are never replaced.
    assert listed.get("/api/search", query_string={"q": PHRASE}, headers=FRAMED).is_json


@pytest.mark.parametrize(
    ("source", "origin", "allowed"),
    [
        ("https://portal.example", "https://portal.example", True),
        ("https://portal.example", "https://portal.example:443", True),
        ("https://portal.example", "https://portal.example:8443", False),
        ("https://portal.example", "http://portal.example", False),
        ("http://portal.example", "https://portal.example", True),
        ("portal.example", "https://portal.example", True),
        ("https://*.example.cn", "https://oa.example.cn", True),
        ("https://*.example.cn", "https://example.cn", False),
        ("https:", "https://anything.example", True),
        ("*", "https://anything.example", True),
        ("'none'", "https://portal.example", False),
        ("'self'", "http://localhost", True),
        ("http://127.0.0.1:*", "http://127.0.0.1:5173", True),
    ],
)
def test_frame_ancestor_sources(source, origin, allowed):
    assert source_allows(source, origin, "http://localhost") is allowed


def test_embed_link_target_is_a_setting(sample_index_dir, client):
    def targets(c) -> set[str]:
        page = soup(c.get("/embed", query_string={"q": PHRASE}))
        found = {a["target"] for a in page.select("a[target]")}
        return found | {page.select_one("base")["target"]}

    assert targets(client) == {"_top"}
    same = create_app({"SEARCH_INDEX": str(sample_index_dir), "SEARCH_EMBED_TARGET": "_self"})
    assert targets(same.test_client()) == {"_self"}
    form = soup(same.test_client().get("/embed", query_string={"q": PHRASE})).select_one("form")
    assert form["target"] == "_self"
    with pytest.raises(SettingError, match="SEARCH_EMBED_TARGET must be one of _top, _self"):
        create_app({"SEARCH_INDEX": str(sample_index_dir), "SEARCH_EMBED_TARGET": "frame"})


def test_embed_target_from_the_environment(sample_index_dir, monkeypatch):
    monkeypatch.setenv("SEARCH_EMBED_TARGET", "_self")
    app = create_app({"SEARCH_INDEX": str(sample_index_dir)})
    page = soup(app.test_client().get("/embed", query_string={"q": PHRASE}))
    assert page.select_one("base")["target"] == "_self"
    assert api(app.test_client(), q=PHRASE)["total"] == 5
