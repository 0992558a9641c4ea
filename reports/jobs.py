"""Long year-end work as background jobs (the jobs app shows progress and keeps the file)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import departments_visible_to
from jobs.registry import JobOutcome, job_kind


def _may_oversee(user) -> bool:
    return departments_visible_to(user).exists()


@job_kind("reports.department_zip", title=_("Department study records (ZIP)"), allowed=_may_oversee)
def department_zip(*, job, params, progress):
    """Every official's year document of a department (and below) as one ZIP of DOCX files.
    The owner's right to the department is checked again when the job runs."""
    from .access import department_for_viewer
    from .files import department_zip_file

    owner = User.objects.get(pk=job.owner_id)
    department = department_for_viewer(owner, params["code"])
    name, data, count = department_zip_file(
        department=department,
        year=int(params["year"]),
        viewer=owner,
        now=timezone.now(),
        progress=progress,
    )
    return JobOutcome(report={"documents": count}, file_name=name, file_bytes=data)


@job_kind(
    "reports.department_xlsx",
    title=_("Department study records (XLSX)"),
    allowed=_may_oversee,
    report_labels={"officials": _("Officials")},
)
def department_xlsx(*, job, params, progress):
    """A large department's year as one workbook, written by the worker instead of a web
    thread (seconds of CPU for thousands of officials). The owner's right to the department is
    checked again when the job runs."""
    from .access import department_for_viewer
    from .files import department_workbook

    owner = User.objects.get(pk=job.owner_id)
    department = department_for_viewer(owner, params["code"])
    progress(0.1, _("Reading the year's figures"))
    name, data, count = department_workbook(
        department=department, year=int(params["year"]), viewer=owner, sort=params.get("sort")
    )
    return JobOutcome(report={"officials": count}, file_name=name, file_bytes=data)


def _is_administrator(user) -> bool:
    from accounts.roles import user_is_administrator

    return user_is_administrator(user)


@job_kind(
    "reports.year_close",
    title=_("Closing a study year"),
    allowed=_is_administrator,
    report_labels={"year": _("Year"), "officials": _("Officials archived"), "checksum": "SHA-256"},
)
def year_close_job(*, job, params, progress):
    """年度归档 of a past year (minutes at a million records). The owner must still be an
    administrator when it runs; a year closed meanwhile fails the job with the ledger's reason."""
    from django.core.exceptions import PermissionDenied

    from .closing import year_close

    owner = User.objects.get(pk=job.owner_id)
    if not _is_administrator(owner):
        raise PermissionDenied
    year = int(params["year"])
    snapshot = year_close(year=year, actor=owner, now=timezone.now(), progress=progress)
    return JobOutcome(
        report={
            "year": year,
            "officials": len(snapshot.data["officials"]),
            "checksum": snapshot.checksum[:12],
        }
    )
