"""The personal-data scan is read once per content and, for a long case, by the worker (issue 14,
"the anonymiser scan of long cases … run as tasks, with progress shown to the trainer").

Before: every surface scanned again — the editor's panel on each load, and one 发布 four times
(the create/edit view, the before-publish hook, ``CasePage.publish`` and ``CasePage.save``),
each a full anonymiser pass (seconds for a 200-page case) inside the request."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

import case_library.anonymiser as anonymiser
from case_library.models import CasePage, CasePublishBlocked, CaseScan
from case_library.scanning import SCAN_JOB, case_scan
from case_library.selectors import case_findings
from case_library.services import case_redact
from jobs.models import Job
from jobs.services import job_run
from tests.case_library.factories import CLEAN_FACTS, DIRTY_FACTS, make_case
from tests.case_library.test_publish_gate import edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def scans(monkeypatch):
    """Counts the anonymiser's full passes over a case (every surface goes through
    ``anonymiser.find_many_html``)."""
    real = anonymiser.find_many_html
    calls = []

    def counting(fragments, **kwargs):
        calls.append(sum(len(t) for t, _rich in fragments))
        return real(fragments, **kwargs)

    monkeypatch.setattr(anonymiser, "find_many_html", counting)
    return calls


@pytest.fixture
def long_cases(settings):
    """Every case counts as long (the threshold is lowered, not the cases lengthened)."""
    settings.XUEFA_CASE_SCAN_INLINE_CHARACTERS = 50


def test_one_publish_reads_the_case_once(client, trainer, index, scans):
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    scans.clear()
    response = client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=CLEAN_FACTS))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert len(scans) == 1, f"the case was scanned {len(scans)} times in one publish"


def test_the_editor_reads_the_stored_scan_on_every_load_after_the_first(
    client, trainer, index, scans
):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    scans.clear()
    for _ in range(3):
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "13983012457" in html  # the panel lists the finding each time
    assert len(scans) == 1


def test_changed_text_is_scanned_again_never_answered_from_the_old_scan(index):
    page = make_case(index=index, live=False, facts=CLEAN_FACTS)
    assert case_findings(page=page) == []
    page.facts = DIRTY_FACTS
    texts = {f.text for f in case_findings(page=page)}
    assert {"周建华", "13983012457"} <= texts


def test_another_anonymiser_scans_again(index, monkeypatch, scans):
    """The digest names the anonymiser too: a changed rule, list or model reads every case
    afresh."""
    import case_library.scanning as scanning

    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    case_scan(page)
    scans.clear()
    case_scan(page)
    assert scans == []
    monkeypatch.setattr(scanning, "fingerprint", lambda: "another-anonymiser")
    case_scan(page)
    assert len(scans) == 1


def test_stored_findings_are_what_a_fresh_scan_finds(index):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    stored = case_scan(page)
    assert CaseScan.objects.filter(page=page).count() == 1
    fresh = anonymiser.find_many_html(
        [(str(getattr(page, n) or ""), rich) for n, rich in CasePage.TEXT_FIELDS]
    )
    assert case_scan(page) == stored == fresh


def test_the_scan_reports_progress_by_the_characters_read():
    shares = []
    texts = [("<p>周建华来访。</p>", True), ("联系电话13983012457", False), ("", False)]
    anonymiser.find_many_html(texts, progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0 and len(shares) == 3


def test_a_long_case_is_scanned_by_the_worker_not_in_the_editor(
    client, trainer, index, long_cases, scans, django_capture_on_commit_callbacks
):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    scans.clear()
    with django_capture_on_commit_callbacks(execute=False):
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        client.get(f"/admin/pages/{page.pk}/edit/")  # a reload queues nothing more
    assert scans == [], "the editor scanned a long case inside the request"
    assert "data-case-scan-pending" in html and "后台" in html
    [job] = Job.objects.filter(kind=SCAN_JOB)
    assert job.params == {"page": page.pk} and job.owner == trainer
    assert f"/jobs/{job.pk}/" in html  # the trainer can follow it

    job = job_run(job_id=job.pk)  # what the worker does
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert job.report["findings"] >= 2 and job.report["characters"] > 50
    scans.clear()
    html = client.get(f"/admin/cases/{page.pk}/findings/").content.decode()
    assert "13983012457" in html and "data-case-scan-pending" not in html
    assert scans == []


def editor_data(page, draft):
    """发布 from an editor holding ``draft`` unchanged: Draftail keeps each block's key, as
    ``edit_data`` (which types its rich text afresh, with new keys) does not."""
    data = dict(edit_data(page, facts=draft.facts))
    for name, rich in CasePage.TEXT_FIELDS:
        if rich:
            data[name] = rich_text(getattr(draft, name) or "")
    return data


def test_publishing_a_long_case_before_its_check_keeps_the_draft(
    client, trainer, index, long_cases, scans, django_capture_on_commit_callbacks
):
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    scans.clear()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=CLEAN_FACTS), follow=True
        )
    assert scans == []
    page.refresh_from_db()
    assert not page.live
    assert "个人信息检查正在后台进行" in response.content.decode()
    [job] = Job.objects.filter(kind=SCAN_JOB)
    job_run(job_id=job.pk)
    # 发布 again from the editor, which holds the saved draft (its block keys included: the
    # check is of exactly these texts).
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    scans.clear()
    client.post(f"/admin/pages/{page.pk}/edit/", editor_data(page, draft))
    page.refresh_from_db()
    assert page.live, "the checked case was not published"
    assert scans == [], "the checked texts were scanned again"


def test_with_no_worker_taking_jobs_the_gate_scans_in_the_request(
    client, trainer, index, long_cases, django_capture_on_commit_callbacks
):
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=False):
        client.get(f"/admin/pages/{page.pk}/edit/")  # queues a check nobody takes
    Job.objects.filter(kind=SCAN_JOB).update(created_at=timezone.now() - timedelta(minutes=6))
    client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, facts=CLEAN_FACTS))
    page.refresh_from_db()
    assert page.live


def test_publishing_without_the_admin_never_skips_the_scan(index, long_cases):
    """revision.publish() of a long case with no stored scan scans it and refuses."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    CaseScan.objects.all().delete()
    with pytest.raises(CasePublishBlocked):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert not page.live


def test_redaction_leaves_no_stored_scan_quoting_the_raw_data(index, trainer):
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    case_scan(page.get_latest_revision_as_object())
    assert "周建华" in str(CaseScan.objects.get(page=page).findings)
    assert case_redact(page=page, user=trainer)
    assert not CaseScan.objects.filter(page=page).exists()
    page.refresh_from_db()
    case_findings(page=page.get_latest_revision_as_object())  # the redacted draft's own scan
    stored = str(CaseScan.objects.get(page=page).findings)
    assert "周建华" not in stored and "13983012457" not in stored
