"""Searching from the header box, on a desktop and a 375 px phone; axe on the result pages."""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_searches_from_the_header_and_opens_the_article(
    page, live_server, demo, screenshot
):
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    page.fill("#site-search-q", "第三十四条")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".search-result").first
    assert "第三十四条" in first.inner_text()
    assert first.locator("mark").count() >= 1
    assert _blocking_violations(page) == []
    screenshot(page, "search-results-desktop")
    first.locator("a").first.click()
    page.wait_for_url("**/regulations/*/articles/34/")


def test_search_on_a_phone_filters_and_suggests(phone_page, live_server, demo, screenshot):
    page = phone_page
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    box = page.locator("#site-search-q")
    assert box.is_visible(), "the header search box is shown on phones without opening the menu"
    box.fill("复查期限")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the results page scrolls sideways at 375 px ({width} px)"
    assert _blocking_violations(page) == []
    screenshot(page, "search-results-phone")
    page.locator('.search-types a[href*="type=article"]').click()
    page.wait_for_url("**type=article*")
    kinds = page.locator(".search-result").evaluate_all("els => els.map(e => e.className)")
    assert kinds and all("search-result--article" in k for k in kinds)
    page.goto(f"{live_server.url}/search/?q=信防")
    assert page.locator(".search-suggestion a").inner_text() == "信访"
    assert _blocking_violations(page) == []
    screenshot(page, "search-no-results-phone")
