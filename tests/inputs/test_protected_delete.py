"""Deleting what history refers to: the admin says why and what to do, deletes nothing, and
never answers 500 (issue 9: ``ProtectedError`` on users, departments, questions …).

Every PROTECT in the models is reached here through a delete view of the admin: users
(single and bulk), departments, questions, banks, quiz pages (single and bulk), cases in a
session's agenda, regulations whose articles a session uses. A test also walks the admin's
registered viewsets so a new one cannot forget the refusal."""

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, User
from courses.models import Article, Regulation
from quizzes.models import Attempt, Question, QuestionBank, QuizPage
from quizzes.services import attempt_start
from records.models import StudyRecord
from records.services import study_record_add
from study_sessions.models import SessionModule
from tests.case_library.factories import make_case
from tests.factories import DepartmentFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, make_quiz
from tests.study_sessions.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def history(official):
    """An official who sat a quiz and holds a ledger record."""
    question = QuestionFactory()
    quiz = make_quiz(questions=[question], title="季度测验")
    attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
    study_record_add(
        user=official,
        kind="lesson",
        source="courses.lesson:1",
        title="第一课",
        credit_hours=1,
        occurred_at=timezone.now(),
    )
    return {"official": official, "question": question, "quiz": quiz, "attempt": attempt}


def _assert_refused(response, *, status, words=()):
    assert response.status_code == status, response.content[:2000]
    page = response.content.decode()
    assert "cannot be deleted" in page or "不能删除" in page
    for word in words:
        assert word in page, word


def _confirm(client, url):
    """GET the confirmation page, then POST the delete (as the admin's button does)."""
    return client.get(url), client.post(url)


def test_deleting_an_official_with_history_is_refused_and_says_mark_as_left(admin_client, history):
    official = history["official"]
    url = reverse("wagtailusers_users:delete", args=[official.pk])
    shown, posted = _confirm(admin_client, url)
    _assert_refused(shown, status=200, words=["离职日期"])
    _assert_refused(posted, status=409, words=["离职日期"])
    assert User.objects.filter(pk=official.pk).exists()
    assert StudyRecord.objects.filter(user=official).count() == 1


def test_bulk_deleting_users_with_history_deletes_none_of_them(admin_client, history):
    """One user without history and one with: the bulk delete is refused as a whole."""
    fresh = UserFactory()
    ids = f"id={fresh.pk}&id={history['official'].pk}"
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "delete"]) + "?" + ids
    response = admin_client.post(url)
    _assert_refused(response, status=409)
    assert User.objects.filter(pk__in=[fresh.pk, history["official"].pk]).count() == 2


def test_a_user_without_history_is_still_deleted(admin_client):
    fresh = UserFactory()
    response = admin_client.post(reverse("wagtailusers_users:delete", args=[fresh.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=fresh.pk).exists()


def test_deleting_a_department_with_members_or_children_is_refused(admin_client, department):
    child = DepartmentFactory(parent=department)
    UserFactory(department=child)
    for dept in (department, child):
        url = reverse("departments:delete", args=[dept.pk])
        shown, posted = _confirm(admin_client, url)
        _assert_refused(shown, status=200)
        _assert_refused(posted, status=409)
    assert Department.objects.filter(pk__in=[department.pk, child.pk]).count() == 2


def test_deleting_an_empty_department_still_works(admin_client):
    empty = DepartmentFactory()
    response = admin_client.post(reverse("departments:delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not Department.objects.filter(pk=empty.pk).exists()


def test_deleting_an_answered_question_or_its_bank_is_refused(admin_client, history):
    question = history["question"]
    for url in (
        reverse("questions:delete", args=[question.pk]),
        reverse("question_banks:delete", args=[question.bank_id]),
    ):
        shown, posted = _confirm(admin_client, url)
        _assert_refused(shown, status=200)
        _assert_refused(posted, status=409)
    assert Question.objects.filter(pk=question.pk).exists()
    assert QuestionBank.objects.filter(pk=question.bank_id).exists()


def test_deleting_a_quiz_page_with_attempts_is_refused_single_and_bulk(admin_client, history):
    quiz = history["quiz"]
    url = reverse("wagtailadmin_pages:delete", args=[quiz.pk])
    shown, posted = _confirm(admin_client, url)
    _assert_refused(shown, status=200, words=["取消发布"])
    _assert_refused(posted, status=409)
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = admin_client.post(f"{bulk}?id={quiz.pk}")
    _assert_refused(response, status=409)
    # the quiz index holds the quiz: deleting the parent cascades into the attempts too
    parent = quiz.get_parent()
    _assert_refused(
        admin_client.post(reverse("wagtailadmin_pages:delete", args=[parent.pk])), status=409
    )
    assert QuizPage.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.filter(pk=history["attempt"].pk).exists()


def test_deleting_a_case_or_a_regulation_a_session_uses_is_refused(
    admin_client, trainer, department
):
    case = make_case(title="欠薪讨薪案")
    regulation = Regulation.objects.create(title="信访工作条例", slug="xfgztl")
    article = Article.objects.create(regulation=regulation, number=1, text="为了")
    session = make_session(organiser=trainer, department=department)
    SessionModule.objects.create(session=session, position=0, kind="case", case=case)
    SessionModule.objects.create(session=session, position=1, kind="article", article=article)
    _assert_refused(
        admin_client.post(reverse("wagtailadmin_pages:delete", args=[case.pk])), status=409
    )
    url = reverse("wagtailsnippets_courses_regulation:delete", args=[regulation.pk])
    shown, posted = _confirm(admin_client, url)
    _assert_refused(shown, status=200)
    _assert_refused(posted, status=409)
    assert Regulation.objects.filter(pk=regulation.pk).exists()
    assert SessionModule.objects.filter(session=session).count() == 2


def test_every_admin_delete_view_of_ours_refuses_protected_deletes():
    """Each ModelViewSet / SnippetViewSet of a project model deletes through the refusal, so a
    new viewset over a model with history cannot bring the 500 back."""
    from django.apps import apps
    from wagtail.admin.viewsets import viewsets

    from kit.deletion import ProtectedDeleteMixin

    project_apps = {
        "accounts",
        "records",
        "reports",
        "courses",
        "quizzes",
        "case_library",
        "study_sessions",
        "jobs",
        "ops",
        "home",
        "search",
    }
    checked, missing = [], []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        delete_view = getattr(viewset, "delete_view_class", None)
        if model is None or delete_view is None or not isinstance(model, type):
            continue
        if not issubclass(model, models.Model) or issubclass(
            model, apps.get_model("wagtailcore.Page")
        ):
            continue  # pages are refused by the before_delete_page hook, tested above
        if model._meta.app_label not in project_apps:
            continue
        checked.append(model._meta.label)
        if not issubclass(delete_view, ProtectedDeleteMixin):
            missing.append(model._meta.label)
    assert "accounts.User" in checked and "quizzes.Question" in checked
    assert missing == []
