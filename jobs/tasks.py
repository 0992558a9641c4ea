"""The queue's entry points. Each carries only ids and names; the work is in services."""

from django.utils import timezone
from django_tasks import task


@task()
def job_execute(job_id: str) -> str:
    from .services import job_run

    return job_run(job_id=job_id).status


@task()
def periodic_execute(name: str) -> str:
    from .services import periodic_run

    return str(periodic_run(name=name, now=timezone.now()))
