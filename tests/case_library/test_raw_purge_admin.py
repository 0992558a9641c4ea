"""Issue 10: administrators purge a redacted case's raw personal data from the admin — a
button in the case's history, a confirmation page, a POST with its CSRF token, logged in the
page's history and the audit trail. Trainers and leads cannot reach it; after the purge no
revision view shows the raw data, to anyone."""

import pytest
from django.test import Client
from wagtail.models import PageLogEntry, Revision

from case_library.models import CaseRedaction
from case_library.selectors import case_raw_revision_ids
from tests.case_library.test_raw_revisions import (
    NAME,
    _raw_case,
    _redact_and_publish,
    assert_no_raw,
    raw_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def redacted(client, trainer, index):
    page = _redact_and_publish(client, trainer, _raw_case(trainer))
    assert len(case_raw_revision_ids(page=page)) == 2
    return page


def _purge_url(page):
    return f"/admin/cases/{page.pk}/raw-revisions/purge/"


def _every_revision_url(page):
    """Every Wagtail view of every revision the page still has, and its history."""
    base = f"/admin/pages/{page.pk}"
    ids = sorted(Revision.objects.filter(object_id=str(page.pk)).values_list("pk", flat=True))
    urls = [f"{base}/history/", f"{base}/history/results/", "/admin/reports/site-history/"]
    urls += [f"{base}/revisions/{i}/view/" for i in ids]
    urls += [f"{base}/revisions/compare/{a}...{b}/" for a in ids for b in ids if a < b]
    urls += [
        f"{base}/revisions/compare/earliest...latest/",
        f"{base}/revisions/compare/earliest...live/",
        f"{base}/edit/",
    ]
    return urls


@pytest.mark.parametrize("role", ["official", "lead", "trainer"])
def test_only_administrators_reach_the_purge(client, redacted, role, request):
    client.force_login(request.getfixturevalue(role))
    raw = case_raw_revision_ids(page=redacted)
    for method in (client.get, client.post):
        response = method(_purge_url(redacted))
        # Wagtail's refusals: an official (no admin access) to its sign-in, others to its home
        assert response.status_code == 302, response.status_code
        want = "/admin/login/" if role == "official" else "/admin/"
        assert response["Location"].startswith(want)
    assert Revision.objects.filter(pk__in=raw).count() == 2
    history = client.get(f"/admin/pages/{redacted.pk}/history/").content.decode()
    assert _purge_url(redacted) not in history


def test_a_lead_is_refused_before_the_page_is_looked_up(client, lead, redacted):
    """The same refusal for a case that exists and for one that does not."""
    client.force_login(lead)
    refused = client.get(_purge_url(redacted))
    missing = client.get("/admin/cases/987654321/raw-revisions/purge/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert (missing.status_code, missing["Location"]) == (302, "/admin/")


def test_the_history_offers_the_purge_to_administrators(client, administrator, redacted):
    client.force_login(administrator)
    history = client.get(f"/admin/pages/{redacted.pk}/history/").content.decode()
    assert _purge_url(redacted) in history
    confirm = client.get(_purge_url(redacted))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "2" in html and 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert Revision.objects.filter(pk__in=case_raw_revision_ids(page=redacted)).count() == 2


def test_a_purge_without_its_csrf_token_is_refused(administrator, redacted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    assert client.post(_purge_url(redacted)).status_code == 403
    assert Revision.objects.filter(pk__in=case_raw_revision_ids(page=redacted)).count() == 2


def test_after_the_purge_no_revision_view_shows_raw_data(
    client, administrator, trainer, lead, redacted
):
    from auditlog.models import LogEntry

    client.force_login(administrator)
    compare = f"/admin/pages/{redacted.pk}/revisions/compare/earliest...latest/"
    assert NAME in client.get(compare).content.decode()
    assert any(raw_in(client.get(url).content.decode()) for url in _every_revision_url(redacted))
    raw = case_raw_revision_ids(page=redacted)

    response = client.post(_purge_url(redacted))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{redacted.pk}/history/"
    assert not Revision.objects.filter(pk__in=raw).exists()
    assert CaseRedaction.objects.get(page=redacted).purged_at is not None

    entry = PageLogEntry.objects.get(page=redacted, action="case_library.raw_purge")
    assert entry.user == administrator and entry.data["revisions"] == 2
    history = client.get(f"/admin/pages/{redacted.pk}/history/").content.decode()
    assert _purge_url(redacted) not in history  # nothing left to purge
    assert "2" in history and ("原始" in history or "Raw personal data" in history)
    redaction = CaseRedaction.objects.get(page=redacted)
    audit = LogEntry.objects.get_for_model(CaseRedaction).filter(object_pk=str(redaction.pk))
    assert any("purged_at" in (e.changes_dict or {}) and e.actor == administrator for e in audit)

    for viewer in (administrator, trainer, lead):
        client.force_login(viewer)
        for url in _every_revision_url(redacted):
            assert_no_raw(client, url)


def test_a_second_purge_deletes_nothing_and_logs_nothing(client, administrator, redacted):
    client.force_login(administrator)
    client.post(_purge_url(redacted))
    response = client.post(_purge_url(redacted), follow=True)
    assert response.status_code == 200
    assert PageLogEntry.objects.filter(page=redacted, action="case_library.raw_purge").count() == 1
