"""What kinds of job exist and who may ask for them.

An app registers a kind in its AppConfig.ready():

    from jobs.registry import job_kind

    @job_kind("quizzes.rescore", title=_("Re-score attempts"), allowed=user_is_staff_manager,
              report_labels={"attempts": _("Submitted attempts re-scored")})
    def rescore(*, job, params, progress):
        ...
        progress(0.5, _("Half the attempts re-scored"))
        return JobOutcome(report={"attempts": 120})

Runners take keyword arguments and return a JobOutcome (a report dict and optionally a file).
The job page shows each report entry under its label (the key itself when it has none).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class JobOutcome:
    report: dict = field(default_factory=dict)
    file_name: str = ""
    file_bytes: bytes = b""
    message: str = ""


@dataclass(frozen=True)
class JobKind:
    key: str
    title: object
    run: Callable
    allowed: Callable
    report_labels: dict = field(default_factory=dict)  # report key → what the person reads


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    run: Callable


JOB_KINDS: dict[str, JobKind] = {}
PERIODIC_TASKS: dict[str, PeriodicTask] = {}


def job_kind(key: str, *, title, allowed: Callable, report_labels: dict | None = None):
    def register(run: Callable) -> Callable:
        if key in JOB_KINDS and JOB_KINDS[key].run is not run:
            raise ValueError(f"job kind {key!r} is registered twice")
        JOB_KINDS[key] = JobKind(
            key=key, title=title, run=run, allowed=allowed, report_labels=report_labels or {}
        )
        return run

    return register


def periodic(name: str, *, every: timedelta):
    """Run ``run(now=...)`` every ``every`` on whichever worker claims it first."""

    def register(run: Callable) -> Callable:
        PERIODIC_TASKS[name] = PeriodicTask(name=name, every=every, run=run)
        return run

    return register
