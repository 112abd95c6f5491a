"""A researcher's path through the UI in a real Chromium, against a real waitress server.

Debian's chromium at /usr/bin/chromium (``playwright install`` cannot download browsers
here).  A missing browser fails these tests rather than skipping them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.web_fixtures import AGENCIES, live_server, portal_server
from web import create_app

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EMBED_QUERY = "%22%E6%B3%95%E6%B2%BB%E5%BB%BA%E8%AE%BE%22"  # "法治建设"


class Site:
    """The app under waitress, and two portal origins: one allowed to frame it, one not."""

    def __init__(self, base: str, portal: str, stranger: str) -> None:
        self.base, self.portal, self.stranger = base, portal, stranger


def _portal_page(site: dict[str, str]) -> str:
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>门户</title></head>"
        "<body><h1>单位门户</h1>"
        f"<iframe id='search' width='900' height='700' src='{site['base']}/embed?q={EMBED_QUERY}'>"
        "</iframe></body></html>"
    )


@pytest.fixture(scope="module")
def site(sample_index_dir) -> Iterator[Site]:
    known: dict[str, str] = {}
    with (
        portal_server(lambda: _portal_page(known)) as portal,
        portal_server(lambda: _portal_page(known)) as stranger,
    ):
        app = create_app(
            {
                "SEARCH_INDEX": str(sample_index_dir),
                "SEARCH_BUILD_SAMPLES": False,
                "SEARCH_FRAME_ANCESTORS": f"'self' {portal}",
            }
        )
        with live_server(app) as base:
            known["base"] = base
            yield Site(base, portal, stranger)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page; console errors (CSP violations among them) fail the test.

    When the test fails, a screenshot goes to tests/artifacts/<test>.png.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed_before = request.session.testsfailed
    yield page
    # The call phase has been reported by now: a failure shows in the session's count.
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    # The framing test provokes a refusal on purpose; anything else is a defect.
    unexpected = [e for e in errors if "frame-ancestors" not in e]
    assert not unexpected, unexpected


def search_for(page: Page, site: Site, phrase: str) -> None:
    page.goto(site.base + "/")
    page.get_by_role("searchbox").fill(phrase)
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))


def test_type_a_phrase_and_see_marked_snippets(page: Page, site: Site) -> None:
    search_for(page, site, '"法治建设"')
    expect(page.locator("li.hit")).to_have_count(5)
    expect(page.locator(".total .n")).to_have_text("5")
    marks = page.locator("li.hit .snippet mark")
    assert marks.count() >= 5
    assert set(marks.all_inner_texts()) == {"法治建设"}
    # The highlight is visible: a background colour distinct from the page's.
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def test_click_an_agency_facet_then_remove_it(page: Page, site: Site) -> None:
    search_for(page, site, '"法治建设"')
    facet = page.locator(".facet", has=page.get_by_role("heading", name="机构"))
    expect(facet.locator("li")).to_have_count(len(AGENCIES))
    facet.get_by_role("link", name=re.compile("新县卫生健康委员会")).click()
    expect(page.locator("li.hit")).to_have_count(1)
    expect(page.locator("li.hit .agency")).to_have_text("新县卫生健康委员会")
    chip = page.locator(".chips a.chip")
    expect(chip).to_contain_text("机构：新县卫生健康委员会")
    chip.click()
    expect(page.locator("li.hit")).to_have_count(5)


def test_open_a_report_and_jump_to_a_highlighted_match(page: Page, site: Site) -> None:
    search_for(page, site, '"法治建设"')
    page.locator("li.hit .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/doc/\w+\?q="))
    expect(page.locator("table.metadata")).to_contain_text("发文字号")
    matches = page.locator(".matches li a")
    assert matches.count() >= 5
    last = matches.last
    anchor = last.get_attribute("href")
    last.click()
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    target = page.locator(f"article.report mark{anchor}")
    expect(target).to_have_text("法治建设")
    expect(target).to_be_in_viewport()
    outline = target.evaluate("m => getComputedStyle(m).outlineStyle")
    assert outline == "solid"  # :target shows which match the reader jumped to


def test_compare_view_from_the_results(page: Page, site: Site) -> None:
    search_for(page, site, '"法治建设"')
    page.get_by_role("link", name="按机构对比").click()
    page.wait_for_url(re.compile(r"/compare\?"))
    rows = page.locator("table.compare tbody tr")
    expect(rows).to_have_count(len(AGENCIES))
    assert set(page.locator("table.compare th.agency a").all_inner_texts()) == AGENCIES
    expect(rows.first.locator(".best mark").first).to_have_text("法治建设")


def test_embed_inside_a_portal_iframe_opens_links_in_the_whole_window(
    page: Page, site: Site
) -> None:
    page.goto(site.portal + "/")
    frame = page.frame_locator("iframe#search")
    expect(frame.locator("li.hit")).to_have_count(5)
    expect(frame.locator("mark").first).to_have_text("法治建设")
    expect(frame.locator(".site-header")).to_have_count(0)
    frame.locator("li.hit .hit-title a").first.click()
    page.wait_for_url(re.compile(re.escape(site.base) + r"/doc/"))
    expect(page.locator("article.report mark").first).to_have_text("法治建设")


def test_embed_search_box_stays_in_the_frame(page: Page, site: Site) -> None:
    page.goto(site.portal + "/")
    frame = page.frame_locator("iframe#search")
    frame.get_by_role("searchbox").fill('"双随机"')
    frame.get_by_role("searchbox").press("Enter")
    expect(frame.locator(".total .n")).not_to_have_text("5")
    expect(frame.locator("li.hit mark").first).to_have_text("双随机")
    assert page.url.startswith(site.portal)


def test_a_portal_not_listed_cannot_frame_the_app(page: Page, site: Site) -> None:
    page.goto(site.stranger + "/")
    page.wait_for_load_state("load")
    frame = page.frame_locator("iframe#search")
    expect(frame.locator("li.hit")).to_have_count(0)
    # Not a blank broken frame: a page saying what the administrator must set
    # (tests/test_browser_views.py: the content itself stays refused).
    expect(frame.locator(".embed-refused")).to_contain_text(
        f"SEARCH_FRAME_ANCESTORS={site.stranger}"
    )


def test_works_without_javascript(browser: Browser, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.base + "/")
        page.get_by_role("searchbox").fill('"放管服"')
        page.get_by_role("button", name="检索").click()
        page.wait_for_url(re.compile(r"/search\?"))
        expect(page.locator("li.hit mark").first).to_have_text("放管服")
        page.get_by_role("link", name="日期").click()
        expect(page.locator(".sort strong")).to_have_text("日期")
    finally:
        context.close()


# ---------------------------------------------------------------- indicators (issue 11)


def test_a_value_leads_to_its_sentence_in_the_report(page: Page, site: Site) -> None:
    page.goto(site.base + "/indicators")
    table = page.locator("table.indicators")
    expect(table.locator("thead th").nth(4)).to_have_text("行政复议收案数（件）")
    row = table.locator("tbody tr", has=page.get_by_role("link", name="市中区卫生健康局"))
    expect(row.locator("a.value")).to_have_text(["1", "235", "88.20051"])
    row.get_by_role("link", name="88.20051").click()
    page.wait_for_url(re.compile(r"/doc/"))
    mark = page.locator("mark").first
    expect(mark).to_contain_text("88.20051万元")
    expect(mark).to_be_in_viewport()


def test_filter_by_a_facet_then_download_the_long_csv(page: Page, site: Site) -> None:
    page.goto(site.base + "/indicators")
    facet = page.locator(".indicator-facets .facet", has=page.get_by_role("heading", name="年份"))
    facet.get_by_role("link", name=re.compile("2021")).click()
    expect(page.locator(".chips a.chip")).to_contain_text("年份：2021")
    rows = page.locator("table.indicators tbody tr")
    expect(rows).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("每个数值一行")).click()
    with open(download.value.path(), encoding="utf-8") as f:
        body = f.read()
    assert body.startswith("\ufeffid,agency,region,level,year,title,indicator")
    assert "43人" in body and "行政执法人员" in body


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    return box


def test_results_page_draws_a_bar_per_year_and_a_bar_narrows_to_its_year(
    page: Page, site: Site
) -> None:
    search_for(page, site, '"推行证明事项"')
    chart = page.locator(".results-trend svg.chart")
    expect(chart).to_be_visible()
    bars = chart.locator("g.bar rect")
    expect(bars).to_have_count(2)
    tall, short = _box(bars.nth(0)), _box(bars.nth(1))
    # 1 of 2 reports in 2021, 1 of 3 in 2022: the share, not the count, sets the height.
    assert tall["height"] > short["height"] > 0
    assert tall["height"] / short["height"] == pytest.approx(1.5, rel=0.05)
    expect(chart.locator("text.year")).to_have_text(["2021", "2022"])
    expect(chart.locator("text.value")).to_have_text(["1/2", "1/3"])
    for label in chart.locator("text.year").all():
        assert _box(label)["width"] > 0
    bars.nth(0).click()
    page.wait_for_url(re.compile(r"year=2021"))
    expect(page.locator("li.hit .agency")).to_have_text(["新县卫生健康委员会"])


def test_map_tiles_with_labels_and_a_tile_filters_by_its_province(page: Page, site: Site) -> None:
    page.goto(site.base + '/map?q="推行证明事项"')
    tiles = page.locator("svg.chart.map g.tile")
    expect(tiles).to_have_count(34)
    henan = tiles.filter(has=page.locator("text.name", has_text="河南"))
    expect(henan.locator("text.share")).to_have_text("100.0%")
    assert _box(henan.locator("rect"))["width"] > 40
    expect(page.locator("svg.chart.map g.legend-item")).to_have_count(6)
    henan.click()
    page.wait_for_url(re.compile(r"/search\?"))
    expect(page.locator(".chips a.chip")).to_contain_text("地区：河南省")
    expect(page.locator("li.hit")).to_have_count(2)


def test_trend_by_province_then_save_the_chart(page: Page, site: Site) -> None:
    page.goto(site.base + '/trend?q="法治建设"')
    page.locator("select[name=by]").select_option("province")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(r"by=province"))
    lines = page.locator("svg.chart.lines g.series polyline")
    expect(lines).to_have_count(3)
    expect(page.locator("svg.chart.lines g.legend-item text")).to_contain_text(["河南省"])
    with page.expect_download() as download:
        page.locator("a.svg-link").click()
    assert download.value.suggested_filename == "fazhi-trend.svg"
    with open(download.value.path(), encoding="utf-8") as f:
        saved = f.read()
    assert saved.startswith("<?xml") and "河南省" in saved and "<script" not in saved


def test_coverage_absence_list_and_its_csv(page: Page, site: Site) -> None:
    page.goto(site.base + "/coverage")
    page.get_by_role("searchbox").fill('"推行证明事项"')
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".coverage-count")).to_contain_text("2 / 5")
    absent = page.locator(".absent-list li .agency")
    expect(absent).to_have_count(3)
    assert set(absent.all_inner_texts()) == AGENCIES - {"解放区卫健委", "新县卫生健康委员会"}
    row = page.locator("table.coverage tbody tr", has=page.locator("th", has_text="武江区"))
    expect(row.locator(".lacks")).to_have_text("缺：存在的不足和原因")
    with page.expect_download() as download:
        page.locator("a.absent-csv").click()
    with open(download.value.path(), encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[0].startswith("\ufeff机构") and len(lines) == 4
    page.goto(site.base + "/coverage?region=广东&level=县区级")
    expect(page.locator("table.coverage tbody tr")).to_have_count(2)


def test_hostile_parameters_get_a_message_not_a_500(browser: Browser, site: Site) -> None:
    # Its own context: the 400s are wanted here, and the console reports each one.
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        for path, message in [
            ("/trend?by=<b>x</b>", "分组方式"),
            ("/map?level=国家级", "层级"),
            ('/coverage?q="未闭合', "引号不成对"),
            ("/trend.svg?year=abc", "年份应写作"),
        ]:
            response = page.goto(site.base + path)
            assert response is not None and response.status == 400, path
            expect(page.locator(".message.error")).to_contain_text(message)
    finally:
        context.close()


# ---------------------------------------------------------------- reuse (issue 12)


@pytest.fixture(scope="module")
def reuse_site(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """The constructed reuse cases (tests/reuse_cases.py) served; (base URL, ids by name)."""
    from tests.reuse_cases import build_reuse_index

    index_dir, ids, _ = build_reuse_index(
        tmp_path_factory.mktemp("browser-reuse-src"), tmp_path_factory.mktemp("browser-reuse")
    )
    app = create_app(
        {
            "SEARCH_INDEX": str(index_dir),
            "SEARCH_BUILD_SAMPLES": False,
            "SEARCH_TEMPLATE_AGENCIES": 3,
        }
    )
    with live_server(app) as base:
        yield base, ids


def test_report_page_shows_the_reuse_bar(page: Page, reuse_site) -> None:
    base, ids = reuse_site
    page.goto(f"{base}/doc/{ids['b']}")
    box = page.locator(".reuse-box")
    expect(box.locator(".reuse-share")).to_have_text(re.compile(r"^\d+\.\d%$"))
    share = float(box.locator(".reuse-share").inner_text().rstrip("%"))
    assert 5 < share < 50
    # The bar's coloured part is drawn, as wide as the share, in the kind's colour.
    bar = box.locator("svg.reuse-bar")
    rect = bar.locator("rect.k-other")
    full, part = bar.bounding_box()["width"], rect.bounding_box()["width"]
    assert part / full == pytest.approx(share / 100, abs=0.01)
    assert rect.evaluate("r => getComputedStyle(r).fill") == "rgb(192, 57, 43)"
    # Reused text is underlined in the report.
    link = page.locator("article.report a.reuse").first
    expect(link).to_be_visible()
    assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine")


def test_click_an_underline_to_see_both_passages_side_by_side(page: Page, reuse_site) -> None:
    base, ids = reuse_site
    page.goto(f"{base}/doc/{ids['b']}")
    page.locator("article.report a.reuse", has_text="三重一大").first.click()
    page.wait_for_url(re.compile(rf"/doc/{ids['b']}/reuse/{ids['a']}\?"))
    left, right = page.locator(".pair-side.left"), page.locator(".pair-side.right")
    # Side by side: the source to the right of the report, at the same height.
    lb, rb = left.bounding_box(), right.bounding_box()
    assert rb["x"] > lb["x"] + lb["width"] - 1 and abs(rb["y"] - lb["y"]) < 2
    expect(left.locator("mark", has_text="三重一大").first).to_be_visible()
    expect(right.locator("mark", has_text="三重一大").first).to_be_visible()
    # On to the source report, scrolled to the passage.
    right.locator(".pair-doc a").click()
    page.wait_for_url(re.compile(rf"/doc/{ids['a']}\?at="))
    target = page.locator("#reuse-at")
    expect(target).to_be_in_viewport()


def test_hide_template_snippets_toggle(page: Page, reuse_site) -> None:
    base, _ = reuse_site
    page.goto(base + "/")
    page.get_by_role("searchbox").fill('"重大执法决定"')
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    snippets = page.locator("li.hit .snippet-text")
    before = snippets.count()
    stock = page.locator("li.hit .snippet-text", has_text="全面推行行政执法公示制度")
    expect(stock).to_have_count(3)
    page.get_by_role("link", name="隐藏套话").click()
    expect(page.get_by_role("link", name="显示套话")).to_be_visible()
    expect(stock).to_have_count(0)
    expect(snippets).to_have_count(before - 3)
    expect(page.locator(".hidden-note")).to_have_count(3)
    page.get_by_role("link", name="显示套话").click()
    expect(stock).to_have_count(3)
