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
