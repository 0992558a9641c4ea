import pytest

from accounts.demo import DEMO_PASSWORD
from case_library.models import CaseDomain
from records.models import StudyRecord
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_browses_by_domain_reads_and_confirms(page, live_server, demo, screenshot):
    """An official filters the library by 欠薪讨薪, opens the case, confirms study; the ledger
    gets one 'case' record. Desktop projector size."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/")
    assert page.locator("h1").inner_text() == "典型案例"
    assert page.get_by_text("待脱敏").count() == 0  # the draft is not listed
    screenshot(page, "cases-index-desktop")
    wages = CaseDomain.objects.get(name="欠薪讨薪")
    page.select_option("#f-domain", str(wages.pk))
    with page.expect_navigation():
        page.click("text=筛选案例")
    cards = page.locator(".case-card")
    assert cards.count() == 1
    with page.expect_navigation():
        cards.first.locator("a").first.click()
    assert "欠薪" in page.locator("h1").inner_text()
    assert page.get_by_text("基本案情").is_visible()
    screenshot(page, "case-page-desktop")
    # The server stamped the first opening; the reading time gate (records.reading) opens
    # after half the estimated time. Move the stamp back instead of waiting, then reload.
    from datetime import timedelta

    from records.models import ReadingVisit

    visit = ReadingVisit.objects.get(
        user__username="official", source__startswith="case_library.case:"
    )
    ReadingVisit.objects.filter(pk=visit.pk).update(opened_at=visit.opened_at - timedelta(hours=2))
    page.reload()
    with page.expect_navigation():
        page.click("text=我已学习本案例")
    assert page.get_by_text("已学习").first.is_visible()
    # The demo's year-end history credits cases of earlier years too: find the one just read.
    record = StudyRecord.objects.get(user__username="official", kind="case", source=visit.source)
    assert record.source.startswith("case_library.case:")


def test_case_page_on_a_phone(phone_page, live_server, demo, screenshot):
    """At 375 px the index and a case fit the width: no sideways scrolling."""
    phone_page.set_extra_http_headers({"Accept-Language": "zh-CN,zh;q=0.9"})
    sign_in(phone_page, live_server, "official", DEMO_PASSWORD)
    phone_page.goto(f"{live_server.url}/cases/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "cases-index-phone")
    phone_page.goto(f"{live_server.url}/cases/group-visit-representatives/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "case-page-phone")


def test_print_layout_hides_navigation(page, live_server, demo, screenshot):
    """Print media: header, menus and the study button disappear."""
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/review-revoked-opinion/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("#study").is_visible()
    assert page.get_by_text("复盘评析").is_visible()
    screenshot(page, "case-page-print")


def test_trainer_is_stopped_then_redacts_and_publishes(page, live_server, demo, screenshot):
    """The demo draft holds personal data: Publish shows a message (no error page); one click
    redacts everything; then Publish works."""
    from case_library.models import CasePage

    draft = CasePage.objects.get(slug="draft-with-personal-data")
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    panel = page.locator("[data-case-personal-data]")
    assert "张三" in panel.inner_text()  # the demo draft's fictitious petitioner
    screenshot(page, "case-admin-panel", full_page=False)
    panel.scroll_into_view_if_needed()
    screenshot(page, "case-admin-panel-findings", full_page=False)
    # Publish sits in the footer's drop-down menu; press it as the form's submitter.
    with page.expect_navigation():
        page.evaluate("document.querySelector(\"button[name='action-publish']\").click()")
    assert page.url.endswith(f"/admin/cases/{draft.pk}/findings/")
    assert page.locator(".messages").count() > 0
    screenshot(page, "case-admin-findings")
    with page.expect_navigation():
        page.locator("button:has-text('一键脱敏'), button:has-text('Redact all')").first.click()
    draft.refresh_from_db()
    assert draft.get_latest_revision_as_object().unresolved_findings() == []
    draft.get_latest_revision().publish()
    assert CasePage.objects.get(pk=draft.pk).live
