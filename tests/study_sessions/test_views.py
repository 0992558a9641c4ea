"""The organiser runs a session from the site; each page decides who may see and change it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import StudyRecord
from study_sessions.models import AttendanceStatus, ModuleKind, SessionStatus, StudySession
from tests.courses.factories import import_demo_regulation
from tests.factories import DepartmentFactory, UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(department):
    other = DepartmentFactory(name="督查督办科", code="dbk")
    return {
        "trainer": UserFactory(role="trainer", department=department),
        "lead": UserFactory(role="lead", department=department),
        "other_lead": UserFactory(role="lead", department=other),
        "a": UserFactory(name="陈静", department=department),
        "b": UserFactory(name="刘洋", department=department),
        "outsider": UserFactory(name="杨帆", department=other),
        "other": other,
    }


@pytest.fixture
def session(people, department):
    return make_session(
        organiser=people["trainer"], department=department, invited_departments=[department]
    )


def _as(client, user):
    client.force_login(user)
    return client


def test_a_trainer_plans_a_session_from_the_site(client, people, department):
    _as(client, people["trainer"])
    response = client.post(
        reverse("study_sessions:create"),
        {
            "session_type": "centre_group",
            "topic": "信访事项的办理",
            "date": "2026-03-10",
            "starts_at": "09:00",
            "ends_at": "10:00",
            "place": "三楼会议室",
            "department": department.pk,
            "organiser": people["trainer"].pk,
            "invited_departments": [department.pk],
        },
    )
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("study_sessions:agenda", args=[session.pk])
    assert session.created_by == people["trainer"]
    assert session.attendances.filter(user=people["a"]).exists()
    assert str(session.credit_hours) == "2"


def test_a_session_without_invitees_or_ending_before_it_starts_is_refused(
    client, people, department
):
    _as(client, people["trainer"])
    response = client.post(
        reverse("study_sessions:create"),
        {
            "session_type": "lecture",
            "topic": "x",
            "date": "2026-03-10",
            "starts_at": "10:00",
            "ends_at": "09:00",
            "place": "p",
            "department": department.pk,
            "organiser": people["trainer"].pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ends_at" in errors and "invited_departments" in errors
    assert not StudySession.objects.exists()


def test_an_official_cannot_plan_a_session(client, people):
    assert _as(client, people["a"]).get(reverse("study_sessions:create")).status_code == 403


def test_a_lead_plans_only_for_their_own_departments(client, people, department):
    _as(client, people["other_lead"])
    response = client.post(
        reverse("study_sessions:create"),
        {
            "session_type": "lecture",
            "topic": "x",
            "date": "2026-03-10",
            "starts_at": "09:00",
            "ends_at": "10:00",
            "place": "p",
            "department": department.pk,
            "organiser": people["other_lead"].pk,
            "invited_departments": [department.pk],
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not StudySession.objects.exists()


def test_modules_and_questions_are_saved_in_order(client, people, session):
    regulation = import_demo_regulation().regulation
    chapter = regulation.divisions.get(heading__startswith="第四章")
    article = regulation.articles.get(number=34)
    _as(client, people["trainer"])
    data = {
        "modules-TOTAL_FORMS": "2",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-position": "2",
        "modules-0-kind": "article",
        "modules-0-article": article.pk,
        "modules-1-position": "1",
        "modules-1-kind": "chapter",
        "modules-1-division": chapter.pk,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-text": "办理期限如何计算？",
        "questions-0-hint": "",
    }
    response = client.post(reverse("study_sessions:agenda", args=[session.pk]), data)
    assert response.status_code == 302
    kinds = [m.kind for m in session.modules.order_by("position")]
    assert kinds == [ModuleKind.CHAPTER, ModuleKind.ARTICLE]
    assert session.questions.get().text == "办理期限如何计算？"


def test_a_module_must_say_what_it_studies(client, people, session):
    _as(client, people["trainer"])
    data = {
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-position": "1",
        "modules-0-kind": "lesson",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("study_sessions:agenda", args=[session.pk]), data)
    assert response.status_code == 200
    assert not session.modules.exists()


def test_attendance_then_confirm_credits_the_ledger(client, people, session):
    _as(client, people["trainer"])
    a = session.attendances.get(user=people["a"])
    b = session.attendances.get(user=people["b"])
    client.post(
        reverse("study_sessions:attendance", args=[session.pk]),
        {
            "action": "marks",
            f"status-{a.pk}": "present",
            f"status-{b.pk}": "excused",
            f"reason-{b.pk}": "出差",
        },
    )
    b.refresh_from_db()
    assert b.status == AttendanceStatus.EXCUSED and b.reason == "出差"
    response = client.post(reverse("study_sessions:confirm", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CONFIRMED
    assert list(StudyRecord.objects.values_list("user_id", flat=True)) == [people["a"].pk]


def test_an_excused_mark_without_reason_is_refused_with_a_message(client, people, session):
    _as(client, people["trainer"])
    a = session.attendances.get(user=people["a"])
    response = client.post(
        reverse("study_sessions:attendance", args=[session.pk]),
        {"action": "marks", f"status-{a.pk}": "excused", f"reason-{a.pk}": ""},
        follow=True,
    )
    a.refresh_from_db()
    assert a.status == AttendanceStatus.UNMARKED
    name = people["a"].display_name
    assert [str(m) for m in response.context["messages"]] == [f"{name}: 请填写请假事由。"]


def test_an_official_organiser_runs_but_cannot_confirm(client, people, department):
    session = make_session(
        organiser=people["a"], department=department, invited_departments=[department]
    )
    _as(client, people["a"])
    assert client.get(reverse("study_sessions:attendance", args=[session.pk])).status_code == 200
    assert client.get(reverse("study_sessions:minutes", args=[session.pk])).status_code == 200
    assert client.post(reverse("study_sessions:confirm", args=[session.pk])).status_code == 403
    assert not StudyRecord.objects.exists()


def test_an_invited_official_sees_the_session_and_only_their_own_attendance(
    client, people, session
):
    t = people["trainer"]
    from study_sessions.services import attendance_mark

    attendance_mark(
        attendance=session.attendances.get(user=people["b"]),
        status="excused",
        reason="家中有事",
        actor=t,
        now=timezone.now(),
    )
    _as(client, people["a"])
    response = client.get(reverse("study_sessions:detail", args=[session.pk]))
    assert response.status_code == 200
    assert response.context["rows"] is None
    body = response.content.decode()
    assert "刘洋" not in body and "家中有事" not in body
    assert client.get(reverse("study_sessions:attendance", args=[session.pk])).status_code == 403
    assert client.get(reverse("study_sessions:edit", args=[session.pk])).status_code == 403


def test_an_uninvited_official_cannot_see_the_session(client, people, session):
    _as(client, people["outsider"])
    assert client.get(reverse("study_sessions:detail", args=[session.pk])).status_code == 404
    response = client.get(reverse("study_sessions:index"))
    assert session.topic not in response.content.decode()


def test_another_departments_lead_sees_only_their_people(client, people, department, session):
    session.invited_people.add(people["outsider"])
    from study_sessions.services import session_invitations_sync

    session_invitations_sync(session=session)
    _as(client, people["other_lead"])
    response = client.get(reverse("study_sessions:detail", args=[session.pk]))
    assert response.status_code == 200
    names = {row.user.name for row in response.context["rows"]}
    assert names == {"杨帆"}
    assert client.get(reverse("study_sessions:edit", args=[session.pk])).status_code == 403


def test_the_list_shows_sessions_by_department_and_year(
    client, people, department, session, django_assert_max_num_queries
):
    make_session(
        organiser=people["trainer"],
        department=people["other"],
        invited_departments=[people["other"]],
        topic="督办工作规范",
    )
    make_session(
        organiser=people["trainer"],
        department=department,
        invited_departments=[department],
        topic="往年的学习",
        date=datetime.date(2020, 5, 1),
    )
    _as(client, people["trainer"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("study_sessions:index"), {"department": department.pk})
    topics = [s.topic for s in response.context["sessions"]]
    assert topics == [session.topic]
    _as(client, people["lead"])
    response = client.get(reverse("study_sessions:index"))
    assert [s.topic for s in response.context["sessions"]] == [session.topic]


def test_every_management_page_renders_for_the_trainer(client, people, session):
    _as(client, people["trainer"])
    for name in ("detail", "edit", "agenda", "attendance", "minutes"):
        response = client.get(reverse(f"study_sessions:{name}", args=[session.pk]))
        assert response.status_code == 200, name
    assert client.get(reverse("study_sessions:index")).status_code == 200
    assert client.get(reverse("study_sessions:create")).status_code == 200


def test_the_dashboard_lists_the_officials_next_session(client, people, department):
    make_session(
        organiser=people["trainer"],
        department=department,
        invited_people=[people["a"]],
        topic="下周的学习",
        date=timezone.localdate() + datetime.timedelta(days=7),
    )
    response = _as(client, people["a"]).get("/")
    assert "下周的学习" in response.content.decode()
