"""Confirming a session credits the ledger once per present or late attendee; every later
change goes through the ledger's corrections, and the totals always match attendance."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from records.models import StudyRecord, StudyRecordKind
from records.selectors import study_year_summary
from reports.selectors import official_years
from study_sessions.models import AttendanceStatus, SessionStatus
from study_sessions.services import (
    SessionError,
    attendance_mark,
    session_cancel,
    session_confirm,
    session_details_changed,
    walk_in_add,
)
from tests.factories import DepartmentFactory, UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(department):
    return {
        "trainer": UserFactory(role="trainer", department=department),
        "a": UserFactory(name="陈静", department=department),
        "b": UserFactory(name="刘洋", department=department),
        "c": UserFactory(name="杨帆", department=department),
    }


def _hours(user) -> Decimal:
    year = timezone.localdate().year
    return study_year_summary(
        user=user, year=timezone.localdate().year if year else year
    ).credit_hours


def _mark(session, user, status, actor, reason=""):
    row = session.attendances.get(user=user)
    return attendance_mark(
        attendance=row, status=status, reason=reason, actor=actor, now=timezone.now()
    )


def test_credit_hours_follow_the_duration_by_the_credit_rules(office, department):
    session = make_session(
        organiser=office["trainer"], department=department, invited_people=[office["a"]]
    )
    assert session.minutes == 90
    assert session.credit_hours == Decimal("3")  # 30 min → 1, then 1 per further full 30 min
    session.credit_hours_override = Decimal("1.5")
    assert session.credit_hours == Decimal("1.5")
    session.planned_minutes = 20
    session.credit_hours_override = None
    assert session.credit_hours == Decimal("0.5")


def test_confirm_credits_present_and_late_only_once_each(office, department):
    t = office["trainer"]
    session = make_session(
        organiser=t,
        department=department,
        invited_people=[office["a"], office["b"], office["c"]],
        credit_hours=2,
    )
    _mark(session, office["a"], AttendanceStatus.PRESENT, t)
    _mark(session, office["b"], AttendanceStatus.LATE, t, reason="堵车")
    _mark(session, office["c"], AttendanceStatus.EXCUSED, t, reason="出差")
    credited = session_confirm(session=session, actor=t, now=timezone.now())
    assert credited == 2
    records = StudyRecord.objects.filter(source=session.ledger_source)
    assert sorted(r.user_id for r in records) == sorted([office["a"].pk, office["b"].pk])
    assert {r.kind for r in records} == {StudyRecordKind.GROUP_SESSION}
    assert {r.credit_hours for r in records} == {Decimal("2")}
    assert {r.occurred_at for r in records} == {session.start_datetime}
    with pytest.raises(SessionError):
        session_confirm(session=session, actor=t, now=timezone.now())
    assert StudyRecord.objects.filter(source=session.ledger_source).count() == 2


def test_confirm_records_the_unmarked_as_absent(office, department):
    t = office["trainer"]
    session = make_session(
        organiser=t, department=department, invited_people=[office["a"], office["b"]]
    )
    _mark(session, office["a"], AttendanceStatus.PRESENT, t)
    session_confirm(session=session, actor=t, now=timezone.now())
    assert session.attendances.get(user=office["b"]).status == AttendanceStatus.ABSENT
    assert not StudyRecord.objects.filter(user=office["b"]).exists()


def test_a_future_session_cannot_be_confirmed(office, department):
    session = make_session(
        organiser=office["trainer"],
        department=department,
        invited_people=[office["a"]],
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    with pytest.raises(SessionError):
        session_confirm(session=session, actor=office["trainer"], now=timezone.now())


def test_excused_needs_a_reason(office, department):
    session = make_session(
        organiser=office["trainer"], department=department, invited_people=[office["a"]]
    )
    with pytest.raises(SessionError):
        _mark(session, office["a"], AttendanceStatus.EXCUSED, office["trainer"])


def test_totals_match_attendance_after_it_is_edited_twice(office, department):
    """present → excused → late: one live record, the corrections in between, net hours 2."""
    t = office["trainer"]
    first = make_session(
        organiser=t, department=department, invited_departments=[department], credit_hours=2
    )
    second = make_session(
        organiser=t,
        department=department,
        invited_departments=[department],
        credit_hours=Decimal("1.5"),
        topic="典型案例复盘",
    )
    for s in (first, second):
        for person in ("a", "b", "c"):
            _mark(s, office[person], AttendanceStatus.PRESENT, t)
        session_confirm(session=s, actor=t, now=timezone.now())

    _mark(first, office["a"], AttendanceStatus.EXCUSED, t, reason="病假，补交请假条")
    assert _hours(office["a"]) == Decimal("1.5")
    _mark(first, office["a"], AttendanceStatus.LATE, t, reason="迟到十分钟")
    _mark(second, office["b"], AttendanceStatus.ABSENT, t)
    _mark(second, office["b"], AttendanceStatus.ABSENT, t)  # no change: no new records

    assert _hours(office["a"]) == Decimal("3.5")
    assert _hours(office["b"]) == Decimal("2")
    assert _hours(office["c"]) == Decimal("3.5")
    a_records = StudyRecord.objects.filter(user=office["a"])
    corrections = a_records.filter(kind=StudyRecordKind.CORRECTION)
    assert corrections.count() == 1 and "请假" in corrections.get().reason
    live = a_records.filter(source=first.ledger_source, reversed_by__isnull=True)
    assert [r.revision for r in live] == [1]

    year = timezone.localdate().year
    rows = {
        p.user.pk: p for p in official_years(users=[office[k] for k in "abc"], year=year, viewer=t)
    }
    assert rows[office["a"].pk].sessions == 2
    assert rows[office["b"].pk].sessions == 1
    assert rows[office["c"].pk].sessions == 2


def test_changing_hours_after_confirmation_reverses_and_rewrites(office, department):
    t = office["trainer"]
    session = make_session(
        organiser=t, department=department, invited_people=[office["a"]], credit_hours=2
    )
    _mark(session, office["a"], AttendanceStatus.PRESENT, t)
    session_confirm(session=session, actor=t, now=timezone.now())
    session.credit_hours_override = Decimal("1")
    session.save()
    session_details_changed(session=session, actor=t, now=timezone.now())
    assert _hours(office["a"]) == Decimal("1")
    live = StudyRecord.objects.filter(source=session.ledger_source, reversed_by__isnull=True)
    assert [r.credit_hours for r in live] == [Decimal("1")]
    session_details_changed(session=session, actor=t, now=timezone.now())  # nothing changed
    assert StudyRecord.objects.filter(user=office["a"]).count() == 3


def test_cancelling_a_confirmed_session_reverses_its_credits(office, department):
    t = office["trainer"]
    session = make_session(
        organiser=t, department=department, invited_people=[office["a"]], credit_hours=2
    )
    _mark(session, office["a"], AttendanceStatus.PRESENT, t)
    session_confirm(session=session, actor=t, now=timezone.now())
    session_cancel(session=session, reason="误录", actor=t, now=timezone.now())
    assert session.status == SessionStatus.CANCELLED
    assert _hours(office["a"]) == Decimal("0")


def test_a_walk_in_is_credited_and_marked_not_invited(office, department):
    t = office["trainer"]
    guest = UserFactory(department=DepartmentFactory())
    session = make_session(
        organiser=t, department=department, invited_people=[office["a"]], credit_hours=1
    )
    walk_in_add(
        session=session, user=guest, status=AttendanceStatus.PRESENT, actor=t, now=timezone.now()
    )
    session_confirm(session=session, actor=t, now=timezone.now())
    row = session.attendances.get(user=guest)
    assert not row.invited and row.status == AttendanceStatus.PRESENT
    assert StudyRecord.objects.get(user=guest).evidence["walk_in"] is True


def test_invitations_cover_sections_below_and_skip_leavers(department):
    section = DepartmentFactory(parent=department)
    t = UserFactory(role="trainer", department=department)
    inside = UserFactory(department=section)
    leaver = UserFactory(department=section, left_on=timezone.localdate())
    outside = UserFactory(department=DepartmentFactory())
    session = make_session(organiser=t, department=department, invited_departments=[department])
    invited = set(session.attendances.values_list("user_id", flat=True))
    assert inside.pk in invited and t.pk in invited
    assert leaver.pk not in invited and outside.pk not in invited


def test_a_trainers_correction_in_the_ledger_sticks_until_that_persons_attendance_changes(
    office, department
):
    from records.services import study_record_reverse

    t = office["trainer"]
    session = make_session(
        organiser=t,
        department=department,
        invited_people=[office["a"], office["b"]],
        credit_hours=2,
    )
    for person in ("a", "b"):
        _mark(session, office[person], AttendanceStatus.PRESENT, t)
    session_confirm(session=session, actor=t, now=timezone.now())
    record = StudyRecord.objects.get(user=office["a"], source=session.ledger_source)
    study_record_reverse(record=record, reason="代签，经核实未到会", actor=t, now=timezone.now())

    _mark(session, office["b"], AttendanceStatus.LATE, t, reason="迟到")  # someone else changes
    assert _hours(office["a"]) == Decimal("0")
    _mark(session, office["a"], AttendanceStatus.LATE, t, reason="核实后补记迟到")
    assert _hours(office["a"]) == Decimal("2")
