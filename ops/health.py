"""What /healthz reports: the database, the cache (Redis) and the background worker."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

WORKER_SILENT_AFTER = timedelta(minutes=2)
QUEUE_BACKLOG_WARN = timedelta(minutes=5)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_status() -> str:
    if not settings.REDIS_URL:
        return "local"
    ping = getattr(cache, "ping", None)
    return "ok" if ping is not None and ping() else "unavailable"


def queue_status(*, now) -> dict:
    """The queue backend, the workers seen in the last two minutes and the oldest waiting task."""
    from jobs.models import WorkerHeartbeat

    backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
    report = {"backend": backend}
    try:
        report["workers"] = WorkerHeartbeat.objects.filter(
            seen_at__gte=now - WORKER_SILENT_AFTER
        ).count()
        oldest = _oldest_waiting(now=now)
    except Exception:  # a queue that cannot be read is reported, never raised
        report["status"] = "unavailable"
        return report
    report["oldest_waiting_seconds"] = None if oldest is None else int(oldest.total_seconds())
    if backend == "ImmediateBackend":
        report["status"] = "ok"
    elif report["workers"] == 0:
        report["status"] = "no worker"
    elif oldest is not None and oldest > QUEUE_BACKLOG_WARN:
        report["status"] = "backlog"
    else:
        report["status"] = "ok"
    return report


def _oldest_waiting(*, now):
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        first = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        return None if first is None else now - first.enqueued_at
    if backend.startswith("django_tasks_rq"):
        import django_rq

        queue = django_rq.get_queue("default")
        job_ids = queue.get_job_ids(0, 0)
        if not job_ids:
            return None
        job = queue.fetch_job(job_ids[0])
        if job is None or job.enqueued_at is None:
            return None
        enqueued = job.enqueued_at
        if timezone.is_naive(enqueued):
            enqueued = timezone.make_aware(enqueued, timezone.utc)
        return now - enqueued
    return None


def health_report(*, now) -> tuple[dict, int]:
    """(report, HTTP status). Only a database outage makes the server unready (503): without
    Redis sessions fall back to the database, without a worker pages still serve."""
    database = database_status()
    if database != "ok":
        return {"status": "error", "database": database}, 503
    report = {"database": database, "cache": cache_status(), "queue": queue_status(now=now)}
    degraded = report["cache"] == "unavailable" or report["queue"].get("status") != "ok"
    report["status"] = "degraded" if degraded else "ok"
    return report, 200
