"""The indicator table in a real Chromium: read a value, follow it to its sentence, export."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests import test_browser
from tests.web_fixtures import live_server
from web import create_app

pytestmark = pytest.mark.browser

# The browser and its console-error check are test_browser's.
browser = test_browser.browser
page_fixture = pytest.fixture(name="page")(test_browser.page.__wrapped__)


@pytest.fixture(scope="module")
def base(sample_index_dir) -> Iterator[str]:
    app = create_app({"SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False})
    with live_server(app) as url:
        yield url


def test_a_value_leads_to_its_sentence_in_the_report(page: Page, base: str) -> None:
    page.goto(base + "/indicators")
    table = page.locator("table.indicators")
    expect(table.locator("thead th").nth(4)).to_have_text("行政复议收案数（件）")
    row = table.locator("tbody tr", has=page.get_by_role("link", name="市中区卫生健康局"))
    expect(row.locator("a.value")).to_have_text(["1", "235", "88.20051"])
    row.get_by_role("link", name="88.20051").click()
    page.wait_for_url(re.compile(r"/doc/"))
    mark = page.locator("mark").first
    expect(mark).to_contain_text("88.20051万元")
    expect(mark).to_be_in_viewport()


def test_filter_by_a_facet_then_download_the_long_csv(page: Page, base: str) -> None:
    page.goto(base + "/indicators")
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
