"""Who may see and change which session: the one place these rules live.

- Creating needs ``study_sessions.add_studysession`` (trainers, leads, administrators); the
  organising department must be one the creator may see (a lead: their own and below).
- Running a session (details, modules, attendance, minutes, presenting, the QR code) is for
  its organiser, and for holders of ``change_studysession`` over its department.
- Confirming (which credits the ledger) needs ``confirm_studysession`` over its department;
  an organiser without it runs the session and a trainer or lead confirms it.
- Seeing a session: those who run it, leads and trainers over its department or over an
  invitee's department, and the people on its attendance list (who see their own line only).
"""

from accounts.roles import ADMINISTRATOR, TRAINER, user_role_keys
from accounts.selectors import departments_visible_to

from .models import Attendance, StudySession


def _visible_department_ids(user) -> set[int]:
    cached = getattr(user, "_study_sessions_departments", None)
    if cached is None:
        cached = set(departments_visible_to(user).values_list("pk", flat=True))
        user._study_sessions_departments = cached
    return cached


def _over_department(user, session: StudySession, perm: str) -> bool:
    if not user.has_perm(perm):
        return False
    if user_role_keys(user) & {TRAINER, ADMINISTRATOR}:
        return True
    return session.department_id in _visible_department_ids(user)


def can_create(user) -> bool:
    return user.is_authenticated and user.has_perm("study_sessions.add_studysession")


def can_manage(user, session: StudySession) -> bool:
    if not user.is_authenticated:
        return False
    if session.organiser_id == user.pk:
        return True
    return _over_department(user, session, "study_sessions.change_studysession")


def can_present(user, session: StudySession) -> bool:
    """Presenting (and showing the sign-in QR code): those who run the session and its 领学人."""
    if not user.is_authenticated:
        return False
    return can_manage(user, session) or (session.lead_id is not None and session.lead_id == user.pk)


def can_confirm(user, session: StudySession) -> bool:
    return user.is_authenticated and _over_department(
        user, session, "study_sessions.confirm_studysession"
    )


def can_oversee(user, session: StudySession) -> bool:
    """Leads and trainers over the session's department or over some invitee's."""
    if not user.has_perm("study_sessions.view_studysession"):
        return False
    if user_role_keys(user) & {TRAINER, ADMINISTRATOR}:
        return True
    departments = _visible_department_ids(user)
    if session.department_id in departments:
        return True
    return session.attendances.filter(user__department_id__in=departments).exists()


def can_view(user, session: StudySession) -> bool:
    if not user.is_authenticated:
        return False
    return (
        can_manage(user, session)
        or can_oversee(user, session)
        or session.attendances.filter(user=user).exists()
    )


def attendance_visible_to(user, session: StudySession):
    """The attendance lines ``user`` may read: all of them for those who run the session or
    oversee its department, their departments' people for other leads, else their own."""
    rows = Attendance.objects.filter(session=session).select_related("user", "user__department")
    if can_manage(user, session):
        return rows
    if user.has_perm("study_sessions.view_studysession"):
        if user_role_keys(user) & {TRAINER, ADMINISTRATOR}:
            return rows
        departments = _visible_department_ids(user)
        if session.department_id in departments:
            return rows
        return rows.filter(user__department_id__in=departments)
    return rows.filter(user=user)


def sessions_visible_to(user):
    """Every session ``user`` may open, for lists."""
    from django.db.models import Q

    sessions = StudySession.objects.all()
    if user_role_keys(user) & {TRAINER, ADMINISTRATOR} and user.has_perm(
        "study_sessions.view_studysession"
    ):
        return sessions
    condition = Q(organiser=user) | Q(attendances__user=user)
    if user.has_perm("study_sessions.view_studysession"):
        departments = _visible_department_ids(user)
        condition |= Q(department_id__in=departments) | Q(
            attendances__user__department_id__in=departments
        )
    return sessions.filter(condition).distinct()
