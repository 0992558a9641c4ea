"""After 一键脱敏, the raw intake data of a case is for administrators only: no Wagtail view
of its earlier revisions, no log entry, title, slug or search index shows it to a trainer or a
lead; administrators can still read those revisions and purge them."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, Workflow

from case_library.models import CasePage, CaseRedaction
from case_library.selectors import case_raw_revision_ids
from case_library.services import case_raw_revisions_purge
from tests.case_library.factories import case_index

pytestmark = pytest.mark.django_db

NAME, PHONE, ID_NUMBER, FRIEND = "周建华", "13983012457", "990000190001010016", "吴丽萍"
RAW = (NAME, PHONE, ID_NUMBER, FRIEND)
RAW_TITLE = f"{NAME}讨薪来访案"
RAW_FACTS = (
    f"<p>信访人{NAME}（身份证号{ID_NUMBER}，联系电话{PHONE}）来访，反映工资被拖欠。"
    f"{NAME}称其工友{FRIEND}也未领到工资。</p>"
)


def raw_in(html: str) -> list[str]:
    return [text for text in RAW if text in html or quote(text) in html]


def assert_no_raw(client, url):
    response = client.get(url, follow=True)
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    html = response.content.decode()
    assert raw_in(html) == [], (url, raw_in(html))
    return response


def _raw_case(trainer, *, workflow=False) -> CasePage:
    """A case typed with raw data by the trainer (two revisions), maybe sent for moderation."""
    index = case_index()
    page = CasePage(title=RAW_TITLE, slug=RAW_TITLE, summary="讨薪。", facts=RAW_FACTS, live=False)
    index.add_child(instance=page)
    page.save_revision(user=trainer, log_action=True)
    page.summary = f"{NAME}讨薪。"
    page.save()
    page.save_revision(user=trainer, log_action=True)
    if workflow:
        active = Workflow.objects.filter(active=True).first()
        if active is None:
            pytest.skip("no active workflow")
        active.start(page, trainer)
    return CasePage.objects.get(pk=page.pk)


def _redact_and_publish(client, trainer, page, *, publish=True) -> CasePage:
    client.force_login(trainer)
    response = client.post(f"/admin/cases/{page.pk}/findings/act/", {"action": "redact_all"})
    assert response.status_code == 302
    page = CasePage.objects.get(pk=page.pk)
    if publish:
        page.get_latest_revision().publish(user=trainer)
        page = CasePage.objects.get(pk=page.pk)
    client.logout()
    return page


@pytest.fixture
def redacted(client, trainer, index):
    page = _redact_and_publish(client, trainer, _raw_case(trainer))
    assert page.live and raw_in(page.title + page.facts + page.slug) == []
    return page


def revision_urls(page):
    raw = sorted(case_raw_revision_ids(page=page))
    assert len(raw) == 2
    first, second = raw
    base = f"/admin/pages/{page.pk}"
    return [
        f"{base}/history/",
        f"{base}/history/results/",
        f"{base}/revisions/{first}/view/",
        f"{base}/revisions/{second}/view/",
        f"{base}/revisions/compare/{first}...{second}/",
        f"{base}/revisions/compare/{second}...latest/",
        f"{base}/revisions/compare/earliest...latest/",
        f"{base}/revisions/compare/earliest...live/",
        f"{base}/revisions/{second}/revert/",
        f"{base}/unpublish/",
        f"{base}/workflow_history/",
        f"{base}/edit/",
        f"{base}/view_draft/",
        f"{base}/usage/",
        f"/admin/pages/{page.get_parent().pk}/",
        f"/admin/api/main/pages/{page.pk}/",
        "/admin/reports/site-history/",
        page.url,
    ]


def assert_not_found_by_raw_text(client, page):
    """Wagtail's index (the admin's page search) and the site's own search: a raw text finds
    nothing (the page echoes the query itself, so look for the case, not the text)."""
    for text in RAW:
        html = client.get("/admin/pages/search/", {"q": text}).content.decode()
        assert f"/admin/pages/{page.pk}/edit/" not in html, text
        html = client.get("/search/", {"q": text}).content.decode()
        assert page.url not in html and f"case_library.case:{page.pk}" not in html, text


@pytest.mark.parametrize("role", ["trainer", "lead"])
def test_no_revision_view_shows_raw_data_after_redaction(client, redacted, role, request):
    """Every Wagtail route that shows a revision, the history and the indexes, as a trainer
    (who edits the case) and as a lead."""
    client.force_login(request.getfixturevalue(role))
    for url in revision_urls(redacted):
        assert_no_raw(client, url)
    assert_not_found_by_raw_text(client, redacted)


def test_history_keeps_its_rows_without_links_to_raw_versions(client, trainer, redacted):
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{redacted.pk}/history/").content.decode()
    for revision_id in case_raw_revision_ids(page=redacted):
        assert f"/revisions/{revision_id}/" not in html
        assert f"compare/{revision_id}..." not in html
    assert f"/revisions/{redacted.live_revision_id}/view/" in html  # the clean one stays
    assert "周某讨薪来访案" in html


def test_raw_revision_refused_with_a_reason(client, trainer, redacted):
    client.force_login(trainer)
    first = min(case_raw_revision_ids(page=redacted))
    response = client.get(f"/admin/pages/{redacted.pk}/revisions/{first}/view/")
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{redacted.pk}/history/"
    html = client.get(response.url).content.decode()
    assert "只有系统管理员" in html or "only administrators" in html


def test_administrators_still_read_raw_revisions_but_never_revert_to_them(
    client, administrator, redacted
):
    client.force_login(administrator)
    first, second = sorted(case_raw_revision_ids(page=redacted))
    base = f"/admin/pages/{redacted.pk}"
    html = client.get(f"{base}/revisions/{first}/view/").content.decode()
    assert NAME in html and ID_NUMBER in html
    html = client.get(f"{base}/revisions/compare/{second}...latest/").content.decode()
    assert NAME in html
    history = client.get(f"{base}/history/").content.decode()
    assert f"/revisions/{first}/view/" in history
    assert f"/revisions/{first}/revert/" not in history
    response = client.get(f"{base}/revisions/{first}/revert/")
    assert response.status_code == 302 and response.url == f"{base}/history/"


def test_log_entries_and_revision_labels_are_scrubbed(redacted):
    """The history's and the site history report's labels, and the revisions' own labels."""
    labels = list(PageLogEntry.objects.filter(page=redacted).values_list("label", "data"))
    assert labels and all(raw_in(f"{label}{data}") == [] for label, data in labels)
    strs = Revision.objects.filter(pk__in=case_raw_revision_ids(page=redacted))
    assert all(raw_in(s) == [] for s in strs.values_list("object_str", flat=True))


def test_redacted_title_gets_a_slug_without_the_name(redacted):
    assert NAME not in redacted.slug and NAME not in redacted.url_path


def test_an_unpublished_redacted_draft_leaves_no_raw_data_in_its_row_or_wagtail_index(
    client, trainer, index
):
    """Redacted but not yet published: the page row (admin listings, API) and Wagtail's
    search index hold the redacted draft, not the raw text typed first."""
    page = _redact_and_publish(client, trainer, _raw_case(trainer), publish=False)
    row = CasePage.objects.get(pk=page.pk)
    assert raw_in(row.title + row.draft_title + row.summary + row.facts + row.slug) == []
    assert list(CasePage.objects.search(NAME)) == []
    client.force_login(trainer)
    for url in revision_urls(page)[:15]:
        assert_no_raw(client, url)
    assert_not_found_by_raw_text(client, page)


def test_workflow_preview_of_a_raw_revision_is_refused(client, trainer, administrator, index):
    """Sent for moderation with raw data, then redacted: the task's preview still points at
    the raw revision."""
    page = _redact_and_publish(client, trainer, _raw_case(trainer, workflow=True), publish=False)
    state = page.current_workflow_task_state
    assert state.revision_id in case_raw_revision_ids(page=page)
    url = f"/admin/pages/workflow/preview/{page.pk}/{state.task_id}/"
    client.force_login(trainer)
    assert_no_raw(client, url)
    assert_no_raw(
        client, f"/admin/pages/{page.pk}/workflow_history/detail/{state.workflow_state_id}/"
    )
    client.force_login(administrator)
    assert NAME in client.get(url).content.decode()


def test_redacting_a_live_case_hides_the_raw_draft_but_not_the_live_version(client, trainer, index):
    """A clean case is live; a trainer adds raw data in a draft and then redacts it: the raw
    draft is hidden, the live revision (public anyway) is not."""
    page = CasePage(title="讨薪来访案", slug="taoxin", summary="讨薪。", facts="<p>张某来访。</p>")
    case_index().add_child(instance=page)
    page.save_revision(user=trainer).publish()
    page = CasePage.objects.get(pk=page.pk)
    live_id = page.live_revision_id
    draft = page.get_latest_revision_as_object()
    draft.facts = RAW_FACTS
    raw_id = draft.save_revision(user=trainer).pk
    page = _redact_and_publish(client, trainer, CasePage.objects.get(pk=page.pk), publish=False)
    assert case_raw_revision_ids(page=page) == {raw_id}
    client.force_login(trainer)
    assert client.get(f"/admin/pages/{page.pk}/revisions/{live_id}/view/").status_code == 200
    assert_no_raw(client, f"/admin/pages/{page.pk}/revisions/compare/live...latest/")
    assert_no_raw(client, f"/admin/pages/{page.pk}/revisions/{raw_id}/view/")


def test_purge_deletes_raw_revisions_after_the_retention_period(redacted, settings):
    settings.XUEFA_CASE_RAW_RETENTION_DAYS = 30
    raw = case_raw_revision_ids(page=redacted)
    report = case_raw_revisions_purge(now=timezone.now() + timedelta(days=29))
    assert report.revisions == 0 and Revision.objects.filter(pk__in=raw).count() == 2
    report = case_raw_revisions_purge(now=timezone.now() + timedelta(days=31))
    assert report.revisions == 2 and not Revision.objects.filter(pk__in=raw).exists()
    page = CasePage.objects.get(pk=redacted.pk)
    assert page.live and page.live_revision_id and page.latest_revision_id
    assert CaseRedaction.objects.get(page=page).purged_at is not None
    remaining = Revision.objects.filter(object_id=str(page.pk))
    assert all(raw_in(str(r.content)) == [] for r in remaining)


def test_purge_command_now_and_dry_run(redacted, capsys):
    raw = case_raw_revision_ids(page=redacted)
    call_command("case_revisions_purge", "--dry-run", "--days", "0")
    assert Revision.objects.filter(pk__in=raw).count() == 2
    assert "2" in capsys.readouterr().out
    call_command("case_revisions_purge", "--days", "0")
    assert not Revision.objects.filter(pk__in=raw).exists()


def test_purge_scrubs_the_audit_trail_label(redacted):
    """The audit trail named the case by its raw title when it was created."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.filter(object_pk=str(redacted.pk))
    assert any(NAME in e.object_repr for e in entries)
    case_raw_revisions_purge(now=timezone.now(), retention_days=0)
    assert all(NAME not in e.object_repr for e in entries.all())


def test_purge_runs_as_a_periodic_job():
    from jobs.registry import PERIODIC_TASKS

    task = PERIODIC_TASKS["case_library.raw_revisions_purge"]
    assert task.every <= timedelta(days=1)


def test_removing_data_by_hand_and_publishing_hides_the_raw_revisions(client, trainer, index):
    """No 一键脱敏: the trainer deletes the data in the editor and publishes. The revisions
    that held it are raw all the same."""
    page = _raw_case(trainer)
    draft = page.get_latest_revision_as_object()
    draft.title, draft.summary = "讨薪来访案", "讨薪。"
    draft.facts = "<p>信访人周某来访，反映工资被拖欠。</p>"
    draft.save_revision(user=trainer).publish(user=trainer)
    page = CasePage.objects.get(pk=page.pk)
    assert len(case_raw_revision_ids(page=page)) == 2
    assert CaseRedaction.objects.get(page=page).via == "publish"
    client.force_login(trainer)
    for url in revision_urls(page):
        assert_no_raw(client, url)


def test_publishing_a_case_that_never_held_raw_data_hides_nothing(trainer, index):
    page = CasePage(title="讨薪来访案", slug="clean", summary="讨薪。", facts="<p>张某来访。</p>")
    case_index().add_child(instance=page)
    page.save_revision(user=trainer)
    page.facts = "<p>张某来访，反映工资被拖欠。</p>"
    page.save_revision(user=trainer).publish(user=trainer)
    assert not CaseRedaction.objects.filter(page=page).exists()


def test_a_copy_of_a_redacted_case_carries_no_raw_revision(client, administrator, redacted):
    client.force_login(administrator)
    response = client.post(
        f"/admin/pages/{redacted.pk}/copy/",
        {
            "new_title": "副本",
            "new_slug": "copy-of-case",
            "new_parent_page": redacted.get_parent().pk,
            "publish_copies": "",
        },
    )
    assert response.status_code == 302
    copy = CasePage.objects.get(slug="copy-of-case")
    contents = [str(r.content) for r in copy.revisions.all()]
    assert contents and all(raw_in(c) == [] for c in contents)


def test_the_redirect_from_a_raw_slug_goes(client, trainer, index):
    """Live under a slug that spells the petitioner's name; redacted and published again: the
    case moves to a new slug and Wagtail's redirect from the old address is deleted."""
    from wagtail.contrib.redirects.models import Redirect

    page = CasePage(title="讨薪来访案", slug=RAW_TITLE, summary="讨薪。", facts="<p>张某来访。</p>")
    case_index().add_child(instance=page)
    page.save_revision(user=trainer).publish(user=trainer)
    draft = CasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.facts = RAW_FACTS
    draft.save_revision(user=trainer)
    page = _redact_and_publish(client, trainer, CasePage.objects.get(pk=page.pk))
    assert NAME not in page.slug
    paths = list(Redirect.objects.values_list("old_path", flat=True))
    assert all(raw_in(p) == [] for p in paths), paths
