"""The personal-data panel, one-click redaction and false-positive marking in the admin."""

import pytest

from case_library.models import CasePage, FindingDismissal
from tests.case_library.factories import DIRTY_FACTS, make_case

pytestmark = pytest.mark.django_db


def act(client, page, **data):
    return client.post(f"/admin/cases/{page.pk}/findings/act/", data)


def test_editor_panel_lists_findings_in_every_field(client, trainer, index):
    """The edit view shows the panel with each finding, from body fields and the title."""
    page = make_case(title="信访人吴丽萍来访案", index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "data-case-personal-data" in html
    for text in ("周建华", "13983012457", "吴丽萍"):
        assert text in html
    assert f"/admin/cases/{page.pk}/findings/" in html


def test_review_page_offers_actions_to_trainers(client, trainer, index):
    """Trainers see Redact and Not-personal-data buttons for each finding."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    html = client.get(f"/admin/cases/{page.pk}/findings/").content.decode()
    assert 'value="redact"' in html and 'value="dismiss"' in html


def test_redact_one_finding_everywhere(client, trainer, index):
    """One click on a name replaces every occurrence, in a new draft revision."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = act(client, page, action="redact", kind="person_name", text="周建华")
    assert response.status_code == 302
    draft = CasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert "周建华" not in draft.facts
    assert "周某" in draft.facts
    assert "13983012457" in draft.facts  # the rest is untouched
    assert draft.facts.startswith("<p>") and draft.facts.endswith("</p>")


def test_redact_all_then_publish(client, trainer, index):
    """Redact all leaves nothing unresolved, and the redacted draft can be published."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    act(client, page, action="redact_all")
    page = CasePage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    assert draft.unresolved_findings() == []
    assert draft.facts == (
        "<p>信访人周某（联系电话×××）来访，反映工资被拖欠。周某称其工友吴某也未领到工资。</p>"
    )
    page.get_latest_revision().publish()
    assert CasePage.objects.get(pk=page.pk).live


def test_dismiss_records_who_and_when(client, trainer, index):
    """Marking a false positive stores the trainer and the time, and shows it."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    act(client, page, action="dismiss", kind="person_name", text="吴丽萍")
    dismissal = FindingDismissal.objects.get(page=page, text="吴丽萍")
    assert dismissal.dismissed_by == trainer and dismissal.dismissed_at is not None
    html = client.get(f"/admin/cases/{page.pk}/findings/").content.decode()
    assert trainer.display_name in html
    texts = [f.text for f in CasePage.objects.get(pk=page.pk).unresolved_findings()]
    assert "吴丽萍" not in texts and "周建华" in texts


def test_dismiss_twice_keeps_one_record(client, trainer, index):
    """Marking the same finding twice does not duplicate the decision."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    act(client, page, action="dismiss", kind="person_name", text="吴丽萍")
    act(client, page, action="dismiss", kind="person_name", text="吴丽萍")
    assert FindingDismissal.objects.filter(page=page).count() == 1


def test_unknown_action_is_an_error_message(client, trainer, index):
    """A made-up action changes nothing and says so."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = act(client, page, action="explode", kind="x", text="y")
    assert response.status_code == 302
    assert FindingDismissal.objects.count() == 0


def test_officials_cannot_reach_the_admin_actions(client, official, index):
    """Officials have no admin access: redaction and dismissal are closed to them."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(official)
    response = act(client, page, action="dismiss", kind="person_name", text="吴丽萍")
    assert response.status_code in (302, 403)
    assert FindingDismissal.objects.count() == 0
    assert "周建华" in CasePage.objects.get(pk=page.pk).get_latest_revision_as_object().facts


def test_leads_can_look_but_not_act(client, lead, index):
    """A department lead with admin access but no page rights is refused (Wagtail turns the
    PermissionDenied into a redirect to the admin home with a message)."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(lead)
    response = client.get(f"/admin/cases/{page.pk}/findings/")
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    response = act(client, page, action="redact_all")
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    assert "周建华" in CasePage.objects.get(pk=page.pk).get_latest_revision_as_object().facts


def test_get_on_action_url_is_refused(client, trainer, index):
    """Actions are POST only."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    assert client.get(f"/admin/cases/{page.pk}/findings/act/").status_code == 405


def test_false_positive_list_is_read_only(client, trainer, index):
    """Trainers can list recorded false positives but not type new ones in by hand."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    act(client, page, action="dismiss", kind="person_name", text="吴丽萍")
    listing = client.get("/admin/case_false_positives/")
    assert listing.status_code == 200
    assert "吴丽萍" in listing.content.decode()
    response = client.get("/admin/case_false_positives/new/")
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
