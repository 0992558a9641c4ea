"""Reads for background jobs: whose jobs a person may see."""

from .models import Job


def jobs_visible_to(user):
    """Administrators see every job; everyone else the jobs they asked for."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(owner=user)


def jobs_pending(kind: str):
    """The jobs of ``kind`` still to finish (queued or running), oldest first: what a page
    checks before queueing the same work twice."""
    return Job.objects.filter(
        kind=kind, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).order_by("created_at")
