"""The admin page for closing and reopening a study year (年度归档): administrators only;
reopening asks why; who did what and when is shown."""

import pytest
from django.urls import reverse

from jobs.models import Job
from jobs.services import job_run
from records.models import ClosedStudyYear, StudyYearEvent
from reports.closing import year_close
from reports.models import YearSnapshot
from tests.reports.helpers import YEAR, at, credit

pytestmark = pytest.mark.django_db
LAST = YEAR - 1
URL = "/admin/study-years/"


@pytest.fixture
def with_last_year(official):
    official.date_joined = at(LAST, 1)
    official.save()
    credit(official, hours="6", when=at(LAST, 5))
    return official


def test_the_page_is_in_the_admin_under_its_name():
    assert reverse("study_years:index") == URL


@pytest.mark.parametrize("who", ["official", "lead", "trainer"])
def test_only_administrators_reach_the_page_or_close_a_year(client, request, who, with_last_year):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "年度归档" not in response.content.decode()
    response = client.post(URL, {"action": "close", "year": LAST})
    assert response.status_code in (302, 403)
    # Wagtail answers a refused admin view by sending the user away (to sign-in or /admin/).
    assert response.status_code == 403 or response["Location"] != URL
    assert not ClosedStudyYear.objects.exists()


def test_an_administrator_closes_a_past_year_and_sees_who_and_when(
    client, administrator, with_last_year, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    assert str(LAST) in page
    with django_capture_on_commit_callbacks(execute=True):  # the job runs (immediate backend)
        client.post(URL, {"action": "close", "year": LAST})
    response = client.get(URL)
    assert ClosedStudyYear.objects.filter(year=LAST, closed_by=administrator).exists()
    assert YearSnapshot.objects.filter(year=LAST).count() == 1
    page = response.content.decode()
    assert administrator.display_name in page
    assert YearSnapshot.objects.get().checksum[:12] in page


def test_the_current_year_cannot_be_closed(client, administrator):
    client.force_login(administrator)
    response = client.post(URL, {"action": "close", "year": YEAR}, follow=True)
    assert not ClosedStudyYear.objects.exists()
    said = [str(m) for m in response.context["messages"]]
    assert said and all(m.level_tag == "error" for m in response.context["messages"])


def test_reopening_asks_why_and_records_it(client, administrator, with_last_year):
    year_close(year=LAST, actor=administrator, now=at(YEAR, 1, 5))
    client.force_login(administrator)
    response = client.post(URL, {"action": "reopen", "year": LAST, "reason": "  "}, follow=True)
    assert ClosedStudyYear.objects.filter(year=LAST).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    client.post(URL, {"action": "reopen", "year": LAST, "reason": "补录一次线下培训"})
    assert not ClosedStudyYear.objects.filter(year=LAST).exists()
    event = StudyYearEvent.objects.get(action="reopen")
    assert event.actor == administrator and event.reason == "补录一次线下培训"
    page = client.get(URL).content.decode()
    assert "补录一次线下培训" in page and administrator.display_name in page


def test_closing_runs_on_the_worker_once_with_progress_on_the_page(
    client, administrator, with_last_year, django_capture_on_commit_callbacks
):
    """Closing takes minutes at a district's scale (62.7 s on the SQLite bench, 5,000 officials
    and a million records): the request queues it; a second press queues nothing more; the
    page says it is under way until the worker has closed the year."""
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(URL, {"action": "close", "year": LAST}, follow=True)
        client.post(URL, {"action": "close", "year": LAST})
    assert not ClosedStudyYear.objects.exists()
    [job] = Job.objects.filter(kind="reports.year_close")
    assert job.params == {"year": LAST} and job.owner == administrator
    page = response.content.decode()
    assert "后台" in page and f"/jobs/{job.pk}/" in page
    assert "归档中" in page and f"归档 {LAST}" not in page.split("归档中")[1][:400]
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.SUCCEEDED and job.report["officials"] == 1
    assert ClosedStudyYear.objects.filter(year=LAST, closed_by=administrator).exists()
    assert YearSnapshot.objects.get().checksum[:12] in client.get(URL).content.decode()


def test_a_year_closed_meanwhile_fails_the_job_with_the_reason(
    client, administrator, with_last_year, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, {"action": "close", "year": LAST})
    year_close(year=LAST, actor=administrator)
    job = job_run(job_id=Job.objects.get(kind="reports.year_close").pk)
    assert job.status == Job.Status.FAILED and str(LAST) in job.message
    assert YearSnapshot.objects.count() == 1


def test_closing_reports_its_stages(administrator, with_last_year):
    heard = []
    year_close(year=LAST, actor=administrator, progress=lambda share, message: heard.append(share))
    assert heard == sorted(heard) and len(heard) >= 3


@pytest.mark.parametrize("year", ["abc", "", "1999", "99999", str(YEAR + 1)])
def test_bad_years_are_refused_with_a_message_and_queue_nothing(client, administrator, year):
    client.force_login(administrator)
    response = client.post(URL, {"action": "close", "year": year}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Job.objects.filter(kind="reports.year_close").exists()


def test_closing_a_closed_year_again_says_so_and_queues_nothing(
    client, administrator, with_last_year
):
    year_close(year=LAST, actor=administrator)
    client.force_login(administrator)
    response = client.post(URL, {"action": "close", "year": LAST}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"{LAST}年度已经归档。"], said
    assert not Job.objects.filter(kind="reports.year_close").exists()
