"""Reads about study sessions for lists, pages, print and reports (fixed query counts)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.selectors import department_subtree_ids

from .models import CREDITED_STATUSES, Attendance, AttendanceStatus, StudySession
from .permissions import sessions_visible_to


def session_list(*, user, year: int, department=None):
    """Sessions ``user`` may see in ``year`` (optionally organised by ``department`` or a
    section below it), with their invited and credited head counts."""
    sessions = sessions_visible_to(user).filter(date__year=year)
    if department is not None:
        sessions = sessions.filter(department_id__in=department_subtree_ids(department))
    return (
        StudySession.objects.filter(pk__in=sessions.values("pk"))
        .select_related("department", "organiser", "lead")
        .annotate(
            invited_count=Count("attendances", filter=Q(attendances__invited=True)),
            attended_count=Count(
                "attendances", filter=Q(attendances__status__in=CREDITED_STATUSES)
            ),
        )
        .order_by("-date", "-starts_at", "-pk")
    )


def my_attendance(*, user, year: int | None = None):
    """The user's own attendance lines, with their sessions, newest first."""
    rows = Attendance.objects.filter(user=user).select_related("session", "session__department")
    if year is not None:
        rows = rows.filter(session__date__year=year)
    return rows.order_by("-session__date", "-session__starts_at")


@dataclass
class AttendanceSummary:
    invited: int
    present: int
    late: int
    excused: int
    absent: int
    unmarked: int
    walk_ins: int

    @property
    def attended(self) -> int:
        return self.present + self.late


def attendance_summary(*, rows) -> AttendanceSummary:
    rows = list(rows)
    by = {s: sum(1 for r in rows if r.status == s) for s in AttendanceStatus.values}
    return AttendanceSummary(
        invited=sum(1 for r in rows if r.invited),
        present=by[AttendanceStatus.PRESENT],
        late=by[AttendanceStatus.LATE],
        excused=by[AttendanceStatus.EXCUSED],
        absent=by[AttendanceStatus.ABSENT],
        unmarked=by[AttendanceStatus.UNMARKED],
        walk_ins=sum(1 for r in rows if not r.invited),
    )


def attendance_rows(*, session: StudySession):
    return session.attendances.select_related("user", "user__department").order_by(
        "-invited", "user__department__sort_order", "user__staff_number", "user__pk"
    )


def signed_in_count(*, session: StudySession) -> int:
    return session.attendances.filter(status__in=CREDITED_STATUSES).count()


def session_modules(*, session: StudySession):
    return session.modules.select_related(
        "lesson", "case", "division", "division__regulation", "article", "article__regulation"
    ).order_by("position", "pk")


def session_minutes(*, session: StudySession):
    return {
        "speeches": session.speeches.select_related("speaker").order_by("position", "pk"),
        "follow_ups": session.follow_ups.select_related("owner").order_by("position", "pk"),
    }
