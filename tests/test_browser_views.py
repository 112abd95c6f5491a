"""In a real Chromium: every page at 390 px, and the embed cases (listed, unlisted, link targets).

Same setup as tests/test_browser.py: Debian's /usr/bin/chromium, a real waitress
server, stand-in portal origins; console errors fail a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.test_browser import EMBED_QUERY
from tests.web_fixtures import AGENCIES, live_server, portal_server
from web import create_app

pytestmark = pytest.mark.browser

NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def chromium(browser: Browser) -> Browser:
    return browser  # the session's Chromium (tests/conftest.py)


def _page(chromium: Browser, viewport: dict) -> tuple[object, Page, list[str]]:
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    context, page, errors = _page(chromium, NARROW)
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def desktop(chromium: Browser) -> Iterator[Page]:
    context, page, errors = _page(chromium, {"width": 1280, "height": 900})
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def base(sample_index_dir) -> Iterator[str]:
    app = create_app({"SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False})
    with live_server(app) as url:
        yield url


def _first_doc(page: Page, base: str) -> str:
    page.goto(f"{base}/search?q={EMBED_QUERY}")
    return page.locator("li.hit .hit-title a").first.get_attribute("href")


# ---------------------------------------------------------------- 390 px


def test_no_page_scrolls_sideways_at_390_px(phone: Page, base: str) -> None:
    doc = _first_doc(phone, base)
    paths = [
        "/",
        f"/search?q={EMBED_QUERY}",
        f"/search?q={EMBED_QUERY}&sort=date&year=2022",
        f"/compare?q={EMBED_QUERY}",
        doc,
        f"/concordance?q={EMBED_QUERY}",
        f"/concordance?q={EMBED_QUERY}&sort=left",
        "/reports",
        f"/embed?q={EMBED_QUERY}",
    ]
    for path in paths:
        phone.goto(base + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        # Nothing is cut off at the right edge either (an element wider than the page).
        widest = phone.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')]"
            ".filter(e => !e.closest('.kwic td, .section'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 390.5, (path, widest)


def test_syntax_help_wraps_at_390_px(phone: Page, base: str) -> None:
    phone.goto(base + "/")
    rows = phone.locator("table.syntax tr")
    assert rows.count() >= 8
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The example and its explanation stack: the explanation starts under the example.
    th, td = phone.locator("table.syntax th").nth(2), phone.locator("table.syntax td").nth(2)
    assert td.bounding_box()["y"] >= th.bounding_box()["y"] + th.bounding_box()["height"] - 1


def test_compare_becomes_cards_at_390_px(phone: Page, base: str) -> None:
    phone.goto(f"{base}/compare?q={EMBED_QUERY}")
    expect(phone.locator("table.compare thead")).to_be_hidden()
    cards = phone.locator("table.compare tbody tr")
    expect(cards).to_have_count(len(AGENCIES))
    assert cards.first.evaluate("e => getComputedStyle(e).display") == "block"
    card = cards.first.bounding_box()
    assert card["width"] <= 390
    # Each value carries its label, since there is no column header to read it from.
    expect(cards.first.locator("td.region")).to_be_visible()
    label = cards.first.locator("td.num").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert "报告数" in label
    expect(cards.first.locator(".best mark").first).to_have_text("法治建设")


def test_facets_are_a_collapsible_block_above_the_results_at_390_px(phone: Page, base: str) -> None:
    phone.goto(f"{base}/search?q={EMBED_QUERY}")
    block = phone.locator("details.filters")
    summary = block.locator("summary")
    expect(summary).to_have_text("筛选")
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < phone.locator("li.hit").first.bounding_box()["y"]
    agency = phone.locator(".facet", has=phone.get_by_role("heading", name="机构"))
    expect(agency).to_be_hidden()
    summary.click()
    expect(agency).to_be_visible()
    agency.get_by_role("link", name=re.compile("新县卫生健康委员会")).click()
    expect(phone.locator("li.hit")).to_have_count(1)
    expect(phone.locator("li.hit .agency")).to_have_text("新县卫生健康委员会")


def test_facets_stay_a_sidebar_on_a_wide_screen(desktop: Page, base: str) -> None:
    desktop.goto(f"{base}/search?q={EMBED_QUERY}")
    expect(desktop.locator("details.filters summary")).to_be_hidden()
    agency = desktop.locator(".facet", has=desktop.get_by_role("heading", name="机构"))
    expect(agency).to_be_visible()
    results = desktop.locator(".results").bounding_box()
    facets = agency.bounding_box()
    assert facets["x"] >= results["x"] + results["width"]  # beside the results, on the right


def test_report_page_shows_metadata_and_matches_before_the_text_at_390_px(
    phone: Page, base: str
) -> None:
    phone.goto(base + _first_doc(phone, base))
    text_top = phone.locator("article.report").bounding_box()["y"]
    for box in ("table.metadata", "section.matches"):
        expect(phone.locator(box)).to_be_visible()
        assert phone.locator(box).bounding_box()["y"] < text_top, box
    first = phone.locator(".matches li a").first
    anchor = first.get_attribute("href")
    first.click()
    expect(phone.locator(f"article.report mark{anchor}")).to_be_in_viewport()


def test_concordance_lines_at_390_px_and_wide(phone: Page, desktop: Page, base: str) -> None:
    for page, width in ((phone, 390), (desktop, 1280)):
        page.goto(f"{base}/concordance?q={EMBED_QUERY}")
        marks = page.locator("table.kwic td.k-kw mark")
        expect(marks).to_have_count(47)
        # KWIC: every match sits in the same column, centred between the contexts.
        lefts = {round(b["x"]) for b in (marks.nth(i).bounding_box() for i in range(10))}
        assert len(lefts) == 1, lefts
        box = marks.first.bounding_box()
        centre = box["x"] + box["width"] / 2
        table = page.locator("table.kwic").bounding_box()
        context_left = page.locator("table.kwic td.k-left").first.bounding_box()["x"]
        assert abs(centre - (context_left + table["x"] + table["width"]) / 2) < 30
        # The left context ends right at the match (cell paddings apart).
        left_cell = page.locator("table.kwic td.k-left span").first.bounding_box()
        assert 0 <= box["x"] - (left_cell["x"] + left_cell["width"]) < 20
        assert page.evaluate("document.documentElement.scrollWidth") <= width


# ---------------------------------------------------------------- embedding


def _portal(target: dict[str, str], referrer: str = "") -> str:
    policy = f" referrerpolicy='{referrer}'" if referrer else ""
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>门户</title></head>"
        "<body><h1>单位门户</h1>"
        f"<iframe id='search' width='900' height='700'{policy} "
        f"src='{target['base']}/embed?q={EMBED_QUERY}'></iframe></body></html>"
    )


@pytest.fixture(scope="module")
def portals(sample_index_dir) -> Iterator[dict[str, str]]:
    """An app that lists one portal and opens embed links in the frame, and three portals."""
    known: dict[str, str] = {}
    with (
        portal_server(lambda: _portal(known)) as listed,
        portal_server(lambda: _portal(known)) as stranger,
        portal_server(lambda: _portal(known, "no-referrer")) as silent,
    ):
        app = create_app(
            {
                "SEARCH_INDEX": str(sample_index_dir),
                "SEARCH_BUILD_SAMPLES": False,
                "SEARCH_FRAME_ANCESTORS": f"'self' {listed}",
                "SEARCH_EMBED_TARGET": "_self",
            }
        )
        with live_server(app) as url:
            known["base"] = url
            yield {"base": url, "listed": listed, "stranger": stranger, "silent": silent}


def test_listed_portal_with_links_opening_in_the_frame(desktop: Page, portals) -> None:
    desktop.goto(portals["listed"] + "/")
    frame = desktop.frame_locator("iframe#search")
    expect(frame.locator("li.hit")).to_have_count(5)
    frame.locator("li.hit .hit-title a").first.click()
    expect(frame.locator("article.report mark").first).to_have_text("法治建设")
    assert desktop.url.startswith(portals["listed"])  # the portal's window stayed


def test_unlisted_portal_sees_what_to_set(desktop: Page, portals) -> None:
    desktop.goto(portals["stranger"] + "/")
    frame = desktop.frame_locator("iframe#search")
    message = frame.locator(".embed-refused")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"SEARCH_FRAME_ANCESTORS={portals['stranger']}")
    expect(frame.locator("li.hit")).to_have_count(0)


def test_a_portal_hiding_its_address_is_still_refused_the_content(
    chromium: Browser, portals
) -> None:
    # No Referer: the app cannot tell who frames it, serves the real page, and the
    # browser refuses it by its frame-ancestors.
    context, page, errors = _page(chromium, {"width": 1280, "height": 900})
    try:
        page.goto(portals["silent"] + "/")
        page.wait_for_load_state("load")
        expect(page.frame_locator("iframe#search").locator("li.hit")).to_have_count(0)
        assert [f.url for f in page.frames][1].startswith("chrome-error://")
        assert all("frame-ancestors" in e for e in errors), errors
    finally:
        context.close()
