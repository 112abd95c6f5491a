"""Issue 10 §3 in a real Chromium: the 高级检索 form, search within results and the clause chips.

Same setup as tests/test_browser.py: Debian's /usr/bin/chromium, a real waitress
server over the samples; console errors fail a test.  At 1280 px and at 390 px,
and once with JavaScript disabled (the pages have none to need).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from web import create_app

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(sample_index_dir) -> Iterator[str]:
    from tests.web_fixtures import live_server

    app = create_app({"SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False})
    with live_server(app) as url:
        yield url


def _page(browser: Browser, viewport: dict, allow: str = "", **options) -> Iterator[Page]:
    """A fresh page; console errors fail the test, but for messages containing ``allow``."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not [e for e in errors if not (allow and allow in e)], errors


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, WIDE)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, NARROW)


# A page that answers 400 (a bad field, named on it) is logged by Chromium as a failed load.
@pytest.fixture
def desktop_400(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, WIDE, allow="status of 400")


@pytest.fixture
def phone_400(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, NARROW, allow="status of 400")


def _q(page: Page) -> str:
    return parse_qs(urlsplit(page.url).query).get("q", [""])[0]


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def _agencies(page: Page) -> list[str]:
    return page.locator("li.hit .agency").all_inner_texts()


def test_the_form_writes_a_near_query_and_finds_the_pair(desktop: Page, base: str) -> None:
    desktop.goto(f"{base}/advanced")
    desktop.fill("input[name=first]", "复议")
    desktop.select_option("select[name=operator]", "near")
    desktop.fill("input[name=distance]", "1")
    desktop.fill("input[name=second]", "纠错")
    desktop.get_by_role("button", name="检索", exact=True).click()
    desktop.wait_for_url("**/search?**")
    assert _q(desktop) == '"复议" NEAR/1 "纠错"'
    expect(desktop.locator("input.q")).to_have_value('"复议" NEAR/1 "纠错"')
    assert _agencies(desktop) == ["解放区卫健委"]
    assert desktop.locator("li.hit mark").all_inner_texts() == ["复议", "纠错"]


def test_enter_in_a_term_submits_the_form_with_its_filters(desktop: Page, base: str) -> None:
    desktop.goto(f"{base}/advanced")
    desktop.select_option("select[name=section]", "主要举措和成效")
    desktop.select_option("select[name=year_from]", "2022")
    desktop.fill("input[name=first]", "法治建设")
    desktop.press("input[name=first]", "Enter")
    desktop.wait_for_url("**/search?**")
    assert _q(desktop) == '"法治建设" section:主要举措和成效 year:2022'
    assert _agencies(desktop)
    expect(desktop.locator(".clause-chips a.chip")).to_have_count(3)


def test_within_narrows_keeps_the_year_and_a_chip_undoes_it(desktop: Page, base: str) -> None:
    desktop.goto(f"{base}/search?q=%22法治建设%22&year=2022")
    before = desktop.locator("p.total .n").inner_text()
    desktop.fill("input[name=within]", '"复议"')
    desktop.get_by_role("button", name="在结果中检索").click()
    desktop.wait_for_url("**/search?**")
    assert _q(desktop) == '"法治建设" "复议"'
    assert parse_qs(urlsplit(desktop.url).query)["year"] == ["2022"]
    after = desktop.locator("p.total .n").inner_text()
    assert int(after) < int(before)
    chips = desktop.locator(".clause-chips a.chip")
    expect(chips).to_have_count(2)
    desktop.get_by_role("link", name='去掉条件 "复议"').click()
    desktop.wait_for_url("**/search?**")
    assert _q(desktop) == '"法治建设"'
    assert desktop.locator("p.total .n").inner_text() == before
    expect(desktop.locator(".chips a.chip", has_text="2022")).to_have_count(1)  # the year stays


def test_the_form_opens_prefilled_from_the_results(desktop: Page, base: str) -> None:
    desktop.goto(f"{base}/search?q=%22述法%22 NEAR/3 %22党组书记%22&sort=date")
    desktop.locator(".advanced-link a").click()
    expect(desktop.locator("input[name=first]")).to_have_value("述法")
    expect(desktop.locator("input[name=second]")).to_have_value("党组书记")
    expect(desktop.locator("select[name=operator]")).to_have_value("near")
    expect(desktop.locator("input[name=distance]")).to_have_value("3")
    desktop.select_option("select[name=operator]", "sentence")
    desktop.get_by_role("button", name="只看检索式").click()
    expect(desktop.locator(".written-query")).to_have_text('"述法" /s "党组书记"')
    desktop.select_option("select[name=operator]", "paragraph")
    desktop.get_by_role("button", name="检索", exact=True).click()
    desktop.wait_for_url("**/search?**")
    assert _q(desktop) == '"述法" /p "党组书记"'
    assert _agencies(desktop) == ["韶关市武江区卫生健康局"]


def test_a_missing_term_is_named_next_to_the_form(desktop_400: Page, base: str) -> None:
    desktop = desktop_400
    desktop.goto(f"{base}/advanced")
    desktop.fill("input[name=first]", "复议")
    desktop.select_option("select[name=operator]", "sentence")
    desktop.get_by_role("button", name="检索", exact=True).click()
    expect(desktop.locator(".message.error")).to_contain_text("“同句”需要填写第二个词")
    expect(desktop.locator("input[name=first]")).to_have_value("复议")
    expect(desktop.locator("select[name=operator]")).to_have_value("sentence")


def test_at_390_px_the_form_and_the_results_fit(phone: Page, base: str) -> None:
    phone.goto(
        f"{base}/advanced?q=%22复议%22 NEAR/1 %22纠错%22 (监督 OR 诉讼) region:广东&year=2022"
    )
    _no_sideways_scroll(phone)
    for name in ("first", "second", "distance", "agency", "other"):
        box = phone.locator(f"input[name={name}]").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    phone.get_by_role("button", name="检索", exact=True).click()
    phone.wait_for_url("**/search?**")
    _no_sideways_scroll(phone)
    expect(phone.locator(".clause-chips a.chip")).to_have_count(4)
    within = phone.locator("form.within-form").bounding_box()
    assert within and within["x"] + within["width"] <= 390
    phone.fill(
        "input[name=within]", "(" + " OR ".join(f'"很长的一个检索词{i}"' for i in range(8)) + ")"
    )
    phone.press("input[name=within]", "Enter")
    phone.wait_for_url("**/search?**")
    expect(phone.locator(".clause-chips a.chip")).to_have_count(5)
    _no_sideways_scroll(phone)


def test_a_bad_within_at_390_px_shows_the_error_and_keeps_the_text(
    phone_400: Page, base: str
) -> None:
    phone = phone_400
    phone.goto(f"{base}/search?q=%22法治建设%22")
    phone.fill("input[name=within]", '"复议')
    phone.press("input[name=within]", "Enter")
    expect(phone.locator(".message.error")).to_contain_text("引号不成对")
    expect(phone.locator("input[name=within]")).to_have_value('"复议')
    expect(phone.locator("input.q")).to_have_value('"法治建设"')
    _no_sideways_scroll(phone)


def test_the_whole_path_works_without_javascript(browser: Browser, base: str) -> None:
    pages = _page(browser, WIDE, java_script_enabled=False)
    page = next(pages)
    page.goto(base)
    page.locator(".advanced-link a").click()
    page.fill("input[name=first]", "复议")
    page.select_option("select[name=operator]", "sentence")
    page.fill("input[name=second]", "纠错")
    page.get_by_role("button", name="检索", exact=True).click()
    page.wait_for_url("**/search?**")
    assert _q(page) == '"复议" /s "纠错"'
    assert _agencies(page) == ["解放区卫健委"]
    page.fill("input[name=within]", "year:2021")
    page.get_by_role("button", name="在结果中检索").click()
    page.wait_for_url("**/search?**")
    assert _q(page) == '"复议" /s "纠错" year:2021'
    assert _agencies(page) == []  # 解放区卫健委's report is of 2022
    page.get_by_role("link", name="去掉条件 year:2021").click()
    page.wait_for_url("**/search?**")
    assert _q(page) == '"复议" /s "纠错"'
    assert _agencies(page) == ["解放区卫健委"]
    next(pages, None)  # closes the context and checks the console
