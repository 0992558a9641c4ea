"""Browser journeys for personal data in cases (issue 10): a trainer types a NEW case with
personal data and presses 发布 — the work is kept as a draft and the findings are shown."""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PETITIONER = "周建华"
PHONE = "13983012457"


def _publish(page):
    """Open the footer's action menu and press 发布, as a trainer does."""
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").last.click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()


def test_new_case_with_personal_data_published_is_kept_as_a_draft(
    page, live_server, demo, screenshot
):
    """Type a new case (title, facts with a name and a phone number) in the admin, press 发布:
    the trainer lands on the findings with a message, and the case exists as a draft with
    every word typed — not a permission error with the page gone."""
    from case_library.models import CaseIndexPage, CasePage

    index = CaseIndexPage.objects.get()
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/add/case_library/casepage/{index.pk}/")
    page.fill("#id_title", "新录入：某公司拖欠工资来访")
    facts = page.locator("[data-contentpath='facts'] [contenteditable='true']")
    facts.wait_for()
    facts.click()
    facts.press_sequentially(f"信访人{PETITIONER}（联系电话{PHONE}）来访，反映公司拖欠工资三个月。")
    assert PHONE in facts.inner_text(), "the facts were not typed into the editor"
    page.locator("#id_title").click()  # leave the editor: Draftail writes its field on blur
    page.wait_for_function(
        "phone => [...document.querySelectorAll('input[name=facts]')].some(i => i.value.includes(phone))",
        arg=PHONE,
        timeout=5000,
    )
    screenshot(page, "case-new-typed", full_page=False)
    _publish(page)
    assert "/admin/cases/" in page.url and page.url.endswith("/findings/"), page.url
    body = page.locator("main, #main").first.inner_text()
    assert "没有权限" not in body
    assert PETITIONER in body and PHONE in body  # the findings are listed
    assert page.locator(".messages").inner_text().strip()
    screenshot(page, "case-new-refused-findings")
    case = CasePage.objects.get(title="新录入：某公司拖欠工资来访")
    assert not case.live
    assert PETITIONER in case.get_latest_revision_as_object().facts
    # The draft opens in the editor with the text as typed.
    page.goto(f"{live_server.url}/admin/pages/{case.pk}/edit/")
    assert PETITIONER in page.locator("[data-contentpath='facts']").inner_text()
