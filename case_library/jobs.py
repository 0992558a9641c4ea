"""The case library's work for the background worker (jobs.registry)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from jobs.registry import JobOutcome, job_kind, periodic


def _may_edit_cases(user) -> bool:
    from accounts.roles import user_sees_drafts

    return user_sees_drafts(user)


@job_kind(
    "case_library.scan",
    title=_("Personal data check"),
    allowed=_may_edit_cases,
    report_labels={"characters": _("Characters read"), "findings": _("Findings")},
)
def scan(*, job, params, progress):
    """The anonymiser's scan of a long case's latest draft, stored for the editor, the
    findings page and the publishing gates (``case_library.scanning``). The owner's right to
    edit the case is checked again when the job runs."""
    from accounts.models import User

    from .models import CasePage
    from .scanning import case_texts, scan_and_store

    page = CasePage.objects.get(pk=params["page"])
    owner = User.objects.get(pk=job.owner_id)
    if not page.permissions_for_user(owner).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    texts = case_texts(draft)
    message = _("Reading the case's texts")
    found = scan_and_store(draft, texts, progress=lambda share: progress(share, message))
    return JobOutcome(
        report={
            "characters": sum(len(t) for t, _rich in texts),
            "findings": sum(len(field) for field in found),
        }
    )


@periodic("case_library.raw_revisions_purge", every=timedelta(hours=24))
def raw_revisions_purge(*, now):
    """Delete redacted cases' raw revisions once their retention period has passed."""
    from .services import case_raw_revisions_purge

    return case_raw_revisions_purge(now=now)
