"""Periodic work of the platform's own. Apps add theirs with jobs.registry.periodic."""

from datetime import timedelta

from .registry import periodic


@periodic("jobs.files_prune", every=timedelta(hours=6))
def files_prune(*, now):
    from .services import job_files_prune

    return job_files_prune(now=now)
