"""Reads for background jobs: whose jobs a person may see."""

from .models import Job


def jobs_visible_to(user):
    """Administrators see every job; everyone else the jobs they asked for."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(owner=user)
