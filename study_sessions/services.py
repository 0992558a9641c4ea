"""Writes for group study sessions: invitations, attendance, sign-in codes, confirmation.

The ledger rule lives here and only here: a confirmed session has exactly one live
``group_session`` record per present or late attendee, with the session's hours and date.
Whatever changes afterwards (attendance, hours, date, cancellation), ``session_credit_sync``
reverses the records that no longer hold and writes the ones now due, through the ledger's
corrections; nothing is edited in place.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import department_subtree_ids
from records.models import StudyRecord, StudyRecordKind
from records.services import CreditWithdrawn, study_record_add, study_record_reverse

from .models import (
    CREDITED_STATUSES,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    SessionStatus,
    StudySession,
)

SIGN_IN_SALT = "study_sessions.sign_in"


class SessionError(ValueError):
    """A session change that is not allowed (confirming a cancelled session, …)."""


# Invitations ------------------------------------------------------------------------------


def session_invitees(*, session: StudySession) -> set[int]:
    """Ids of everyone invited: members of the invited departments and the sections below
    them, and the people invited by name. Leavers are not invited."""
    department_ids: set[int] = set()
    for department in session.invited_departments.all():
        department_ids |= department_subtree_ids(department)
    ids = set(
        User.objects.filter(
            department_id__in=department_ids, is_active=True, left_on__isnull=True
        ).values_list("pk", flat=True)
    )
    ids |= set(session.invited_people.values_list("pk", flat=True))
    return ids


@transaction.atomic
def session_invitations_sync(*, session: StudySession) -> None:
    """One attendance row per invitee. Someone no longer invited loses their row while it is
    unmarked; once marked, the row stays (they came, or were excused) as not invited."""
    wanted = session_invitees(session=session)
    rows = {a.user_id: a for a in session.attendances.all()}
    Attendance.objects.bulk_create(
        [Attendance(session=session, user_id=uid, invited=True) for uid in wanted - set(rows)]
    )
    for uid, row in rows.items():
        if uid in wanted and not row.invited:
            row.invited = True
            row.save(update_fields=["invited", "updated_at"])
        elif uid not in wanted and row.invited:
            if row.status == AttendanceStatus.UNMARKED:
                row.delete()
            else:
                row.invited = False
                row.save(update_fields=["invited", "updated_at"])


# Attendance -------------------------------------------------------------------------------


def attendance_mark(
    *, attendance: Attendance, status: str, reason: str = "", actor, now: datetime.datetime
) -> Attendance:
    """The organiser sets one person's attendance. After confirmation the ledger follows."""
    if status not in AttendanceStatus.values:
        raise SessionError(_("Unknown attendance status."))
    reason = (reason or "").strip()
    if status == AttendanceStatus.EXCUSED and not reason:
        raise SessionError(_("Give the reason for the leave (请假事由)."))
    if status not in (AttendanceStatus.EXCUSED, AttendanceStatus.LATE, AttendanceStatus.ABSENT):
        reason = ""
    with transaction.atomic():
        if attendance.status == status and attendance.reason == reason:
            return attendance
        old = attendance.get_status_display()
        attendance.status = status
        attendance.reason = reason
        attendance.method = AttendanceMethod.ORGANISER
        attendance.recorded_by = actor
        if status in CREDITED_STATUSES and attendance.signed_in_at is None:
            attendance.signed_in_at = now
        attendance.save()
        # Read the session afresh: the caller's copy may predate its confirmation.
        session = StudySession.objects.select_for_update().get(pk=attendance.session_id)
        if session.is_confirmed:
            session_credit_sync(
                session=session,
                actor=actor,
                now=now,
                reason=_("Attendance changed from %(old)s to %(new)s by %(actor)s.")
                % {"old": old, "new": attendance.get_status_display(), "actor": actor},
                changed_user_ids=frozenset({attendance.user_id}),
            )
    return attendance


def walk_in_add(
    *, session: StudySession, user, status: str, actor, now: datetime.datetime
) -> Attendance:
    """Add someone who was not invited but came (列席), as present or late."""
    if status not in CREDITED_STATUSES:
        raise SessionError(_("A walk-in is someone who came: present or late."))
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user, defaults={"invited": False}
    )
    return attendance_mark(attendance=attendance, status=status, actor=actor, now=now)


# Confirmation and the ledger --------------------------------------------------------------


def _record_title(session: StudySession) -> str:
    return f"{session.get_session_type_display()}：{session.topic}"


def session_credit_sync(
    *,
    session: StudySession,
    actor,
    now: datetime.datetime,
    reason: str,
    changed_user_ids: frozenset[int] = frozenset(),
):
    """Bring the ledger in line with the session: one live record per present or late
    attendee of a confirmed session, with its current hours, date and title, and none for
    anyone else. Returns (written, reversed) counts.

    A record whose facts changed is reversed and written again. Someone whose credit was
    reversed earlier is credited again only when their own attendance changed
    (``changed_user_ids``): a trainer's correction in the ledger sticks otherwise.
    """
    hours = session.credit_hours
    occurred_at = session.start_datetime
    title = _record_title(session)
    due = {}
    if session.is_confirmed:
        due = {
            a.user_id: a
            for a in session.attendances.filter(status__in=CREDITED_STATUSES).select_related("user")
        }
    records = StudyRecord.objects.filter(
        kind=StudyRecordKind.GROUP_SESSION, source=session.ledger_source
    ).select_related("reversed_by")
    history: dict[int, int] = {}
    live: dict[int, StudyRecord] = {}
    for record in records:
        history[record.user_id] = history.get(record.user_id, 0) + 1
        if not record.is_reversed:
            live[record.user_id] = record
    kept: set[int] = set()
    reopened: set[int] = set()
    written = 0
    with transaction.atomic():
        for user_id, record in live.items():
            if (
                user_id in due
                and record.credit_hours == hours
                and record.occurred_at == occurred_at
                and record.title == title
            ):
                kept.add(user_id)
                continue
            study_record_reverse(
                record=record, reason=reason or _("Session record corrected."), actor=actor, now=now
            )
            reopened.add(user_id)
        for user_id, attendance in due.items():
            if user_id in kept:
                continue
            if user_id in history and user_id not in reopened | changed_user_ids:
                continue  # reversed before, and nothing about them changed since
            try:
                study_record_add(
                    user=attendance.user,
                    kind=StudyRecordKind.GROUP_SESSION,
                    source=session.ledger_source,
                    title=title,
                    credit_hours=hours,
                    occurred_at=occurred_at,
                    evidence={
                        "session": session.pk,
                        "attendance": attendance.status,
                        "walk_in": not attendance.invited,
                        "place": session.place,
                    },
                    # Each rewrite is a new fact about the session: its own event.
                    event=f"study_sessions.attendance:{history.get(user_id, 0)}",
                    created_by=actor,
                )
            except CreditWithdrawn:
                continue
            written += 1
    return written, len(reopened)


@transaction.atomic
def session_confirm(*, session: StudySession, actor, now: datetime.datetime) -> int:
    """Close the attendance and credit everyone present or late. Anyone still unmarked is
    recorded as absent. Returns how many people were credited."""
    given, session = session, StudySession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise SessionError(_("A cancelled session cannot be confirmed."))
    if session.is_confirmed:
        raise SessionError(_("This session is already confirmed."))
    if session.start_datetime > now:
        raise SessionError(_("A session can be confirmed once it has started."))
    for attendance in session.attendances.filter(status=AttendanceStatus.UNMARKED):
        attendance.status = AttendanceStatus.ABSENT
        attendance.method = AttendanceMethod.ORGANISER
        attendance.recorded_by = actor
        attendance.save()
    session.status = SessionStatus.CONFIRMED
    session.confirmed_at = now
    session.confirmed_by = actor
    session.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
    given.status, given.confirmed_at, given.confirmed_by = session.status, now, actor
    session_credit_sync(session=session, actor=actor, now=now, reason="")
    return session.attendances.filter(status__in=CREDITED_STATUSES).count()


@transaction.atomic
def session_cancel(*, session: StudySession, reason: str, actor, now: datetime.datetime) -> None:
    """Call a session off; if it had been confirmed, its credits are reversed."""
    reason = (reason or "").strip()
    if not reason:
        raise SessionError(_("Say why the session is cancelled."))
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    session_credit_sync(
        session=session,
        actor=actor,
        now=now,
        reason=_("Session cancelled: %(reason)s") % {"reason": reason},
    )


def session_details_changed(*, session: StudySession, actor, now: datetime.datetime) -> None:
    """After the session's own details change (hours, date, topic), confirmed credits follow."""
    if session.is_confirmed:
        session_credit_sync(
            session=session,
            actor=actor,
            now=now,
            reason=_("Session details changed by %(actor)s (now %(hours)s 学时 on %(date)s).")
            % {"actor": actor, "hours": session.credit_hours, "date": session.date},
        )


# QR sign-in -------------------------------------------------------------------------------


def sign_in_rotation_seconds() -> int:
    return int(getattr(settings, "XUEFA_SIGN_IN_CODE_SECONDS", 60))


def _window(now: datetime.datetime) -> int:
    return int(now.timestamp()) // sign_in_rotation_seconds()


def _signer(session: StudySession) -> signing.Signer:
    # The session's own secret in the salt: a code is genuine only for the session it names.
    return signing.Signer(salt=f"{SIGN_IN_SALT}:{session.sign_in_secret}")


def sign_in_code(*, session: StudySession, now: datetime.datetime) -> str:
    """The code shown on the QR slide now. It changes every ``XUEFA_SIGN_IN_CODE_SECONDS``
    (60 s) and the previous one is still accepted, so a photo sent home soon stops working."""
    return _signer(session).sign(f"{session.pk}.{_window(now)}")


class SignInRefused(Exception):
    """A sign-in that cannot be accepted; ``reason`` is one of the keys below."""

    FORGED = "forged"
    EXPIRED = "expired"
    OTHER_SESSION = "other_session"
    UNINVITED = "uninvited"
    CLOSED = "closed"

    def __init__(
        self,
        reason: str,
        other_session: StudySession | None = None,
        session: StudySession | None = None,
    ):
        super().__init__(reason)
        self.reason = reason
        self.other_session = other_session  # the session a code of another one is for
        self.session = session  # the session refused, once a genuine code has named it


def _parse(code: str) -> tuple[int, int] | None:
    value, _sep, _signature = (code or "").rpartition(":")
    pk, _dot, window = value.partition(".")
    if not (pk.isdigit() and window.isdigit()):
        return None
    return int(pk), int(window)


def _genuine(session: StudySession, code: str) -> bool:
    try:
        _signer(session).unsign(code)
    except signing.BadSignature:
        return False
    return True


def sign_in_code_check(*, session_id: int, code: str, now: datetime.datetime) -> StudySession:
    """The session ``session_id`` if ``code`` is one of its current codes, else
    ``SignInRefused``. Only a genuine code of the session names it (an expired one carries it
    in ``session``): for a forged code a session that exists is refused exactly as one that
    does not, so the sign-in link tells nobody which sessions there are, or what they are."""
    parsed = _parse(code)
    if parsed is None:
        raise SignInRefused(SignInRefused.FORGED)
    pk, window = parsed
    if pk != session_id:
        other = StudySession.objects.filter(pk=pk).first()
        if other is not None and _genuine(other, code):
            raise SignInRefused(SignInRefused.OTHER_SESSION, other_session=other)
        raise SignInRefused(SignInRefused.FORGED)
    session = StudySession.objects.select_related("organiser").filter(pk=session_id).first()
    if session is None or not _genuine(session, code):
        raise SignInRefused(SignInRefused.FORGED)
    current = _window(now)
    if window > current:
        raise SignInRefused(SignInRefused.FORGED)
    if window < current - 1:
        raise SignInRefused(SignInRefused.EXPIRED, session=session)
    return session


@dataclass
class SignInResult:
    attendance: Attendance
    already: bool  # signed in before: this scan changed nothing


def _late_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "XUEFA_SESSION_LATE_MINUTES", 10)))


class SignInStanding:
    """Where a person stands before signing in by QR; the one rule for the phone page and
    for ``qr_sign_in``."""

    ALREADY = "already"  # present or late already: a second scan changes nothing
    INVITED = "invited"
    WALK_IN = "walk_in"  # not invited, and the organiser allows walk-ins
    UNINVITED = "uninvited"
    CLOSED = "closed"  # confirmed or cancelled: sign-in is over


def sign_in_standing(*, session: StudySession, attendance: Attendance | None) -> str:
    if attendance is not None and attendance.status in CREDITED_STATUSES:
        return SignInStanding.ALREADY
    if session.status != SessionStatus.PLANNED:
        return SignInStanding.CLOSED
    if attendance is not None and attendance.invited:
        return SignInStanding.INVITED
    return SignInStanding.WALK_IN if session.walk_ins_allowed else SignInStanding.UNINVITED


@transaction.atomic
def qr_sign_in(*, session: StudySession, user, now: datetime.datetime) -> SignInResult:
    """Sign ``user`` in to ``session`` (the code was checked already). Once only: a second
    scan changes nothing. After the start plus ``XUEFA_SESSION_LATE_MINUTES`` it is late."""
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    attendance = Attendance.objects.filter(session=session, user=user).first()
    standing = sign_in_standing(session=session, attendance=attendance)
    if standing == SignInStanding.ALREADY:
        return SignInResult(attendance=attendance, already=True)
    if standing == SignInStanding.CLOSED:
        raise SignInRefused(SignInRefused.CLOSED)
    if standing == SignInStanding.UNINVITED:
        raise SignInRefused(SignInRefused.UNINVITED)
    if attendance is None:
        attendance = Attendance.objects.create(session=session, user=user, invited=False)
    late = now > session.start_datetime + _late_after()
    attendance.status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    attendance.reason = ""
    attendance.method = AttendanceMethod.QR
    attendance.signed_in_at = now
    attendance.recorded_by = user
    attendance.save()
    return SignInResult(attendance=attendance, already=False)
