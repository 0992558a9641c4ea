"""Browser journey (issue 10): a trainer redacts the demo draft with 一键脱敏 and publishes it,
then opens the history and every revision view as a trainer would: no raw name, ID number or
phone number anywhere; an administrator still reads the raw revision."""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _raw():
    from case_library import demo

    return [demo.FICTITIOUS_ID, demo.FICTITIOUS_PHONE, "张三", "李四", "王五"]


def _body(page) -> str:
    return page.locator("body").inner_text()


def test_after_redaction_no_revision_view_shows_raw_data_to_a_trainer(
    page, live_server, demo, screenshot
):
    from case_library import demo as case_demo
    from case_library.models import CasePage
    from case_library.selectors import case_raw_revision_ids

    case = CasePage.objects.get(slug=case_demo.DRAFT["slug"])
    raw_revision = case.latest_revision_id
    page.set_viewport_size({"width": 1600, "height": 1000})
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    base = f"{live_server.url}/admin/pages/{case.pk}"

    # Before: the trainer, who writes the case, sees the raw draft in its preview.
    page.goto(f"{base}/revisions/{raw_revision}/view/")
    assert case_demo.FICTITIOUS_ID in _body(page)

    page.goto(f"{live_server.url}/admin/cases/{case.pk}/findings/")
    with page.expect_navigation():
        page.locator("form:has(input[value='redact_all']) button[type='submit']").click()
    page.goto(f"{base}/edit/")
    with page.expect_navigation():  # 发布 sits in the footer's drop-down: press it as submitter
        page.evaluate("document.querySelector(\"button[name='action-publish']\").click()")
    case.refresh_from_db()
    assert case.live, page.url
    assert raw_revision in case_raw_revision_ids(page=case)

    page.goto(f"{base}/history/")
    body = _body(page)
    assert [t for t in _raw() if t in body] == []
    assert f"/revisions/{raw_revision}/" not in page.content()
    screenshot(page, "case-redacted-history")

    for path in (
        f"/revisions/{raw_revision}/view/",
        f"/revisions/compare/{raw_revision}...latest/",
        "/revisions/compare/earliest...live/",
        f"/revisions/{raw_revision}/revert/",
        "/unpublish/",
        "/workflow_history/",
        "/edit/",
    ):
        page.goto(f"{base}{path}")
        body = _body(page)
        assert [t for t in _raw() if t in body] == [], path
    page.goto(f"{base}/revisions/{raw_revision}/view/")
    assert page.url.endswith(f"/admin/pages/{case.pk}/history/"), page.url
    assert "只有系统管理员" in _body(page)
    screenshot(page, "case-raw-revision-refused")

    # An administrator still reads it (until the purge).
    page.context.clear_cookies()
    sign_in(page, live_server, "admin", DEMO_PASSWORD)
    page.goto(f"{base}/revisions/{raw_revision}/view/")
    assert case_demo.FICTITIOUS_ID in _body(page)
