"""Writes for background jobs: enqueue, run with progress, claim periodic work, heartbeats."""

import logging
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Job, PeriodicRun, WorkerHeartbeat
from .registry import JOB_KINDS, PERIODIC_TASKS, JobOutcome

logger = logging.getLogger(__name__)


def job_enqueue(*, kind: str, owner, params: dict | None = None, title: str = "") -> Job:
    """Record a job for ``owner`` and put it on the queue once the transaction commits."""
    job_kind = JOB_KINDS[kind]
    if owner is not None and not job_kind.allowed(owner):
        raise PermissionDenied
    job = Job.objects.create(
        kind=kind, owner=owner, params=params or {}, title=title or str(job_kind.title)
    )
    transaction.on_commit(lambda: _job_send(job))
    return job


def _job_send(job: Job) -> None:
    from .tasks import job_execute

    result = job_execute.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


def job_progress(*, job: Job, fraction: float, message: str = "") -> None:
    percent = max(0, min(99, int(fraction * 100)))
    job.progress = percent
    job.message = str(message)[:300]
    Job.objects.filter(pk=job.pk).update(progress=percent, message=job.message)


def _safe_file_name(name: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned[:150] or "result"


def job_run(*, job_id) -> Job:
    """Run one job (called by the worker's task). A job runs once: a second delivery of the
    same task — a queue may deliver twice after a worker dies — finds it claimed and returns."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        logger.info("job %s: already %s, not run again", job_id, job.status)
        return job
    kind = JOB_KINDS.get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"no job kind {job.kind!r}")
        outcome = kind.run(
            job=job,
            params=job.params,
            progress=lambda fraction, message="": job_progress(
                job=job, fraction=fraction, message=message
            ),
        )
        if not isinstance(outcome, JobOutcome):
            outcome = JobOutcome(report=outcome or {})
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = f"{type(error).__name__}: {error}"[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    if outcome.file_bytes:
        root = Path(settings.XUEFA_JOB_FILES_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        job.result_name = _safe_file_name(outcome.file_name)
        job.result_path = f"{job.pk}-{job.result_name}"
        (root / job.result_path).write_bytes(outcome.file_bytes)
    job.report = outcome.report
    job.message = str(outcome.message)[:300]
    job.progress = 100
    job.status = Job.Status.SUCCEEDED
    job.finished_at = timezone.now()
    job.save()
    return job


def job_file_path(job: Job) -> Path | None:
    if not job.result_path:
        return None
    path = Path(settings.XUEFA_JOB_FILES_ROOT) / job.result_path
    return path if path.is_file() else None


def job_files_prune(*, now) -> int:
    """Delete job files older than XUEFA_JOB_FILES_DAYS; the job row and its report stay."""
    cutoff = now - timedelta(days=settings.XUEFA_JOB_FILES_DAYS)
    expired = Job.objects.filter(finished_at__lt=cutoff).exclude(result_path="")
    removed = 0
    for job in expired:
        path = job_file_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
            removed += 1
    expired.update(result_path="")
    return removed


def periodic_claim_due(*, now) -> list[str]:
    """Claim every periodic task that is due. One conditional UPDATE per task: on several
    workers at once, exactly one sees rowcount 1 and runs it."""
    claimed = []
    for name, periodic in PERIODIC_TASKS.items():
        PeriodicRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
        won = PeriodicRun.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + periodic.every, last_run_at=now
        )
        if won:
            claimed.append(name)
    return claimed


def periodic_run(*, name: str, now) -> object:
    return PERIODIC_TASKS[name].run(now=now)


def worker_heartbeat(*, worker_id: str, now) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
