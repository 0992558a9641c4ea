"""Who may see whose year-end records: the one rule every report view and export asks.

Officials see only their own; leads their department and everything below it; trainers and
administrators everyone (``accounts.selectors.departments_visible_to``). A record that may not
be seen is answered with 404, so ids and codes cannot be probed.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Department, User
from accounts.selectors import departments_visible_to


def report_year(year: int) -> int:
    """A year a report can be about (2000 … next year), else 404."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def official_for_viewer(viewer, pk: int) -> User:
    official = get_object_or_404(User.objects.select_related("department"), pk=pk)
    if official.pk == viewer.pk:
        return official
    if official.department_id and (
        departments_visible_to(viewer).filter(pk=official.department_id).exists()
    ):
        return official
    raise Http404


def department_for_viewer(viewer, code: str) -> Department:
    return get_object_or_404(departments_visible_to(viewer).select_related("parent"), code=code)


def sees_whole_office(viewer) -> bool:
    """Trainers, administrators, and a lead of the top department see the office's figures."""
    visible = departments_visible_to(viewer)
    return visible.exists() and visible.count() == Department.objects.count()
