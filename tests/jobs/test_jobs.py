"""Background jobs: queued once, run once, progress and result only for the person who asked."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jobs import registry
from jobs.models import Job, PeriodicRun
from jobs.registry import JobOutcome, job_kind
from jobs.services import job_enqueue, job_files_prune, job_run, periodic_claim_due
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ran = []


@pytest.fixture(autouse=True)
def _test_kinds():
    ran.clear()

    @job_kind("tests.export", title="测试导出", allowed=lambda user: user.has_role("trainer"))
    def export(*, job, params, progress):
        ran.append(job.pk)
        progress(0.5, "一半")
        return JobOutcome(
            report={"rows": params["rows"]},
            file_name="部门/学法:2026.xlsx",
            file_bytes=b"PK\x03\x04 spreadsheet",
        )

    @job_kind("tests.broken", title="会失败", allowed=lambda user: True)
    def broken(*, job, params, progress):
        raise ValueError("坏数据")

    yield
    registry.JOB_KINDS.pop("tests.export")
    registry.JOB_KINDS.pop("tests.broken")


@pytest.fixture
def trainer(db):
    return UserFactory(role="trainer")


def test_a_job_is_queued_after_commit_and_runs_with_progress_and_a_file(
    trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="tests.export", owner=trainer, params={"rows": 3})
        assert ran == []  # nothing runs before the request's transaction commits
    job.refresh_from_db()
    assert ran == [job.pk]
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.report == {"rows": 3}
    assert job.result_name == "部门_学法_2026.xlsx"  # no path separators or colons survive
    assert job.task_id


def test_a_job_runs_once_even_if_the_queue_delivers_it_twice(trainer):
    job = Job.objects.create(kind="tests.export", owner=trainer, params={"rows": 1}, title="t")
    job_run(job_id=job.pk)
    job_run(job_id=job.pk)
    assert ran == [job.pk]


def test_a_failing_job_is_marked_failed_with_its_reason(trainer):
    job = Job.objects.create(kind="tests.broken", owner=trainer, title="t")
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED
    assert "坏数据" in job.message


def test_only_people_allowed_for_a_kind_may_enqueue_it(db):
    official = UserFactory()
    with pytest.raises(PermissionDenied):
        job_enqueue(kind="tests.export", owner=official, params={"rows": 1})
    assert not Job.objects.exists()


def test_only_the_owner_sees_the_job_and_downloads_its_file(client, trainer):
    job = job_run(
        job_id=Job.objects.create(
            kind="tests.export", owner=trainer, params={"rows": 2}, title="t"
        ).pk
    )
    other = UserFactory(role="trainer")
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    client.force_login(trainer)
    status = client.get(f"/jobs/{job.pk}/?format=json").json()
    assert status["status"] == "succeeded" and status["has_file"] and status["finished"]
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK\x03\x04 spreadsheet"
    assert "attachment" in download["Content-Disposition"]


def test_old_job_files_are_pruned_but_the_report_stays(trainer, settings):
    job = job_run(
        job_id=Job.objects.create(
            kind="tests.export", owner=trainer, params={"rows": 2}, title="t"
        ).pk
    )
    later = job.finished_at + timedelta(days=settings.XUEFA_JOB_FILES_DAYS + 1)
    assert job_files_prune(now=later) == 1
    job.refresh_from_db()
    assert job.result_path == "" and job.report == {"rows": 2}


def test_a_due_periodic_task_is_claimed_by_exactly_one_worker():
    now = timezone.now()
    first = periodic_claim_due(now=now)
    second = periodic_claim_due(now=now)  # a second worker ticking at the same moment
    assert "quizzes.attempts_submit_overdue" in first
    assert "quizzes.attempts_submit_overdue" not in second
    run = PeriodicRun.objects.get(name="quizzes.attempts_submit_overdue")
    assert run.next_run_at == now + timedelta(seconds=60)
    assert "quizzes.attempts_submit_overdue" in periodic_claim_due(now=now + timedelta(seconds=61))


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_runs_a_job_in_the_worker_not_the_request(
    trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="tests.export", owner=trainer, params={"rows": 5})
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and ran == []
    # The worker closes stale connections between tasks; inside the test's transaction that
    # would close the test's own connection on PostgreSQL.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and ran == [job.pk]
