"""A case with unresolved personal data cannot be published, whichever path tries."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from case_library.models import CasePage, CasePublishBlocked
from case_library.services import finding_dismiss
from tests.case_library.factories import CLEAN_FACTS, DIRTY_FACTS, make_case

pytestmark = pytest.mark.django_db


def edit_data(page, *, facts, publish=True):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "outcome": "",
        "year": "2024",
        "credit_hours": "0.5",
        "estimated_minutes": "15",
        "tags": "",
        "facts": rich_text(facts),
        "handling": rich_text(""),
        "issues": rich_text(""),
        "analysis": rich_text(""),
        "review": rich_text(""),
        "lessons": rich_text(""),
        "discussion_questions": rich_text(""),
        "comments": inline_formset([]),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return nested_form_data(data)


def test_admin_publish_button_refuses_with_a_message(client, trainer, index):
    """The admin's Publish: no 500, a clear error, the draft kept, the page not live."""
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=DIRTY_FACTS), follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "未发布：本案例仍有" in text and "处未处理的个人信息" in text  # the gate's message
    page.refresh_from_db()
    assert not page.live
    assert "周建华" in page.get_latest_revision_as_object().facts  # draft kept


def test_admin_publish_button_publishes_a_clean_case(client, trainer, index):
    """The same button publishes when nothing is found."""
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    response = client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=CLEAN_FACTS))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_admin_save_draft_of_dirty_case_is_allowed(client, trainer, index):
    """Saving a draft is how a trainer works on a case: it is never refused."""
    page = make_case(index=index, live=True)
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=DIRTY_FACTS, publish=False)
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and "周建华" not in page.facts
    assert "周建华" in page.get_latest_revision_as_object().facts


def test_revision_publish_raises(index):
    """revision.publish() (what code and the API use) refuses; the page stays a draft."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    with pytest.raises(CasePublishBlocked) as info:
        page.get_latest_revision().publish()
    assert len(info.value.findings) >= 3
    page.refresh_from_db()
    assert not page.live


def test_save_revision_publish_on_live_page_keeps_clean_version_live(index):
    """page.save_revision().publish() with new personal data: refused, live text unchanged."""
    page = make_case(index=index, live=True)
    page.facts = DIRTY_FACTS
    with pytest.raises(CasePublishBlocked):
        page.save_revision().publish()
    live = CasePage.objects.get(pk=page.pk)
    assert live.live and "周建华" not in live.facts


def test_direct_save_as_live_raises(index):
    """Even page.live = True; page.save() is refused."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    page.live = True
    with pytest.raises(CasePublishBlocked):
        page.save()
    assert not CasePage.objects.get(pk=page.pk).live


def test_creating_a_live_dirty_page_raises(index):
    """Adding a page that is live from the start goes through the same gate."""
    with pytest.raises(CasePublishBlocked):
        index.add_child(instance=CasePage(title="案例", slug="born-live", facts=DIRTY_FACTS))


def test_publish_scheduled_skips_dirty_case_and_publishes_others(index):
    """`manage.py publish_scheduled`: the dirty case is refused, a clean one still goes live."""
    past = timezone.now() - timedelta(minutes=5)
    dirty = make_case(index=index, live=False, facts=DIRTY_FACTS)
    clean = make_case(index=index, live=False)
    for page in (dirty, clean):
        revision = page.get_latest_revision()
        revision.approved_go_live_at = past
        revision.save()
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    dirty.refresh_from_db()
    clean.refresh_from_db()
    assert not dirty.live
    assert clean.live
    assert dirty.get_latest_revision().approved_go_live_at is None  # not retried forever


def test_dismissed_findings_no_longer_block(index, trainer):
    """Once every finding is marked a false positive, publishing works."""
    page = make_case(index=index, live=False, facts="<p>信访人周建华来访。</p>")
    with pytest.raises(CasePublishBlocked):
        page.get_latest_revision().publish()
    finding_dismiss(page=page, kind="person_name", text="周建华", user=trainer, now=timezone.now())
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live


def test_title_is_checked_too(index):
    """Personal data in the title blocks publishing like any body field."""
    page = make_case(title="信访人周建华欠薪案", index=index, live=False)
    with pytest.raises(CasePublishBlocked):
        page.get_latest_revision().publish()
