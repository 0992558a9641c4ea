"""The quizzes' work for the background worker (jobs.registry)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import user_is_staff_manager
from jobs.registry import JobOutcome, job_kind, periodic


@periodic("quizzes.attempts_submit_overdue", every=timedelta(seconds=60))
def attempts_submit_overdue(*, now):
    """Submit attempts whose deadline (and its grace for answers on the way) has passed, with
    their saved answers, so results and the ledger do not wait for the official to come back.
    Replaces a cron entry."""
    from .services import attempts_submit_overdue as submit

    return submit(now=now)


@periodic("quizzes.import_previews_prune", every=timedelta(minutes=15))
def import_previews_prune(*, now):
    """Delete question-import previews nobody confirmed within their lifetime."""
    from .previews import previews_prune

    return previews_prune(now=now)


@job_kind(
    "quizzes.rescore",
    title=_("Re-score attempts after a key change"),
    allowed=user_is_staff_manager,
    report_labels={
        "questions": _("Questions whose key changed"),
        "attempts": _("Submitted attempts re-scored"),
        "results_changed": _("Results that changed"),
        "now_passed": _("Now passed"),
        "now_failed": _("Now failed"),
        "ledger_rewritten": _("Ledger grades re-written (corrected and re-credited)"),
    },
)
def rescore(*, job, params, progress):
    """Re-score with today's keys; the trainer follows it at /jobs/<id>/."""
    from .services import attempts_rescore

    report = attempts_rescore(
        question_ids=params.get("question_ids", []), now=timezone.now(), progress=progress
    )
    return JobOutcome(
        report=report.as_dict(),
        message=_("%(attempts)s attempts re-scored, %(changed)s results changed.")
        % {"attempts": report.attempts, "changed": report.results_changed},
    )
