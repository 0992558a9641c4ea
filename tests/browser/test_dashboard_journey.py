import pytest

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_signs_in_and_sees_dashboard(page, live_server, demo, screenshot):
    """The demo official signs in with the README password and lands on their dashboard."""
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("h1").inner_text().startswith("您好")
    assert page.get_by_text("学时").first.is_visible()
    screenshot(page, "dashboard-official-desktop")


def test_dashboard_on_a_phone(phone_page, live_server, demo, screenshot):
    """At 375 px the dashboard fits the width: no sideways scrolling."""
    sign_in(phone_page, live_server, "official", DEMO_PASSWORD)
    assert phone_page.url.rstrip("/") == live_server.url, phone_page.url
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone_page, "dashboard-official-phone")
