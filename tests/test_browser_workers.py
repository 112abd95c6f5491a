"""A researcher's path in a real Chromium against ``python -m search serve --workers 2``.

The same pages as tests/test_browser.py, but served by gunicorn's pre-forked workers in a
child process (issue 13): search, a facet click, a report with its highlighted matches, and
a report indexed while the server runs showing up in the page.  Each navigation is a new
request that either worker may answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

import search
from tests.test_serve_workers import _free_port, _start, _stop

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, object]]:
    tmp = tmp_path_factory.mktemp("workers-browser")
    ix = tmp / "ix"
    search.index_paths([search.SAMPLES_DIR], ix)
    port = _free_port()
    child = _start(ix, port, tmp / "server.log")
    try:
        yield f"http://127.0.0.1:{port}/fz", ix
    finally:
        _stop(child)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def _search(page: Page, base: str, phrase: str) -> None:
    page.goto(base + "/")
    page.get_by_role("searchbox").fill(phrase)
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))


def test_search_facet_and_report_through_the_workers(page: Page, served) -> None:
    base, _ = served
    for _ in range(3):  # keep-alive or not, several requests: both workers answer alike
        _search(page, base, '"法治建设"')
        expect(page.locator(".total .n")).to_have_text("5")
        expect(page.locator("li.hit")).to_have_count(5)
        assert set(page.locator("li.hit .snippet mark").all_inner_texts()) == {"法治建设"}
    facet = page.locator(".facet", has=page.get_by_role("heading", name="机构"))
    facet.get_by_role("link", name=re.compile("新县卫生健康委员会")).click()
    expect(page.locator("li.hit")).to_have_count(1)
    page.locator("li.hit .hit-title a").first.click()
    page.wait_for_url(re.compile(r"/doc/\w+\?q="))
    expect(page.locator("article.report mark").first).to_have_text("法治建设")


def test_a_report_indexed_while_serving_appears_in_the_page(page: Page, served, tmp_path) -> None:
    base, ix = served
    src = sorted(search.SAMPLES_DIR.glob("*.txt"))[0]
    text = src.read_text(encoding="utf-8").replace("解放区", "浏览区")
    (tmp_path / "browser_new.txt").write_text(text + "\n浏览器新增报告。\n", encoding="utf-8")
    assert len(search.index_paths([tmp_path], ix).added) == 1
    for _ in range(4):  # whichever worker answers has picked up the commit
        _search(page, base, '"浏览器新增报告"')
        expect(page.locator(".total .n")).to_have_text("1")
        expect(page.locator("li.hit .snippet mark").first).to_have_text("浏览器新增报告")
