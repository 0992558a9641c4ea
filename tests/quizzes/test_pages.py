"""Quiz pages in the tree, the pages officials see, and the admin forms."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from quizzes.models import Attempt, QuizIndexPage, QuizPage
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.courses.factories import make_course
from tests.factories import UserFactory

from .factories import QuestionFactory, make_quiz, quiz_index


class QuizPageTypeTests(WagtailPageTestCase):
    """Authoring rules: where quizzes may be placed, and that the admin form saves them."""

    def setUp(self):
        self.user = UserFactory(role="administrator")
        self.client.force_login(self.user)

    def test_allowed_parents(self):
        """The index sits under the home page; quizzes under the index, home or a course."""
        from courses.models import CoursePage

        self.assertCanCreateAt(HomePage, QuizIndexPage)
        self.assertCanCreateAt(QuizIndexPage, QuizPage)
        self.assertCanCreateAt(HomePage, QuizPage)
        self.assertCanCreateAt(CoursePage, QuizPage)
        self.assertCanNotCreateAt(QuizPage, QuizPage)

    def test_create_through_admin_with_rules(self):
        """A quiz with a fixed question and a rank-specific draw rule is created via the admin form."""
        question = QuestionFactory()
        index = quiz_index()
        data = nested_form_data(
            {
                "title": "新测验",
                "slug": "xin",
                "intro": rich_text("<p>说明</p>"),
                "mode": "exam",
                "fixed_questions": inline_formset([{"question": question.pk, "points": "5"}]),
                "draw_rules": inline_formset(
                    [
                        {
                            "bank": question.bank_id,
                            "count": "3",
                            "question_type": "single",
                            "category": "",
                            "difficulty": "",
                            "rank": "division",
                            "points": "2",
                        }
                    ]
                ),
                "max_questions": "",
                "questions_per_page": "0",
                "grading_method": "highest",
                "pass_mark": "60",
                "excellent_mark": "90",
                "credit_hours": "1",
                "result_visibility": "immediately",
                "answer_visibility": "after_close",
                "explanation_visibility": "never",
                "shared_with_exams": "withhold",
                "success_text": rich_text(""),
                "fail_text": rich_text(""),
            }
        )
        data["audience_ranks"] = ["staff", "section"]  # a multiple choice: a list, not flattened
        self.assertCanCreate(index, QuizPage, data)
        quiz = QuizPage.objects.get(slug="xin")
        assert quiz.draw_rules.get().rank == "division"
        assert quiz.audience_ranks == ["staff", "section"]

    def test_preview_and_render(self):
        """A quiz previews for its editor (saved or not) without offering or starting attempts."""
        quiz = make_quiz(questions=[QuestionFactory()])
        response = quiz.make_preview_request()
        assert response.status_code == 200
        assert 'id="quiz-start"' not in response.rendered_content
        unsaved = QuizPage(title="未保存", mode="exam")
        unsaved.path = quiz.path  # a new page's preview before its first save
        assert unsaved.make_preview_request().status_code == 200
        assert not Attempt.objects.exists()

    def test_admin_form_refuses_inconsistent_rules(self):
        """Closing before opening, excellent below pass and instant feedback in an exam are refused."""
        from quizzes.models import QuizPageForm

        form_class = QuizPage.get_edit_handler().get_form_class()
        assert issubclass(form_class, QuizPageForm)
        index = quiz_index()
        data = nested_form_data(
            {
                "title": "错",
                "slug": "cuo",
                "mode": "exam",
                "fixed_questions": inline_formset([]),
                "draw_rules": inline_formset([]),
                "questions_per_page": "0",
                "grading_method": "highest",
                "pass_mark": "60",
                "excellent_mark": "50",
                "credit_hours": "0",
                "opens_at": "2026-06-02 09:00",
                "closes_at": "2026-06-01 09:00",
                "result_visibility": "immediately",
                "answer_visibility": "immediately",
                "explanation_visibility": "immediately",
                "instant_feedback": "on",
            }
        )
        form = form_class(data, instance=QuizPage(), parent_page=index, for_user=self.user)
        assert not form.is_valid()
        assert {"closes_at", "excellent_mark", "instant_feedback"} <= set(form.errors)


@pytest.mark.django_db
def test_quiz_page_start_and_draft(official_client, quiz, official):
    """GET shows the rules and a start button; POST starts and redirects; a draft is not served."""
    page = official_client.get(quiz.url)
    assert page.status_code == 200
    assert 'id="quiz-start"' in page.content.decode()
    response = official_client.post(quiz.url)
    attempt = Attempt.objects.get(user=official)
    assert response.url == reverse("quizzes:attempt", kwargs={"attempt_id": attempt.pk})
    quiz.unpublish()
    assert official_client.get(quiz.url).status_code == 404


@pytest.mark.django_db
def test_refused_start_shows_the_reason(official_client, quiz, official):
    """When attempts are used up the page says so instead of offering a start."""
    quiz.attempts_allowed = 1
    quiz.save()
    attempt_submit(
        attempt=attempt_start(quiz=quiz, user=official, now=timezone.now()), now=timezone.now()
    )
    official_client.post(quiz.url)
    assert Attempt.objects.filter(user=official).count() == 1
    html = official_client.get(quiz.url).content.decode()
    assert 'id="quiz-start"' not in html and 'class="notice"' in html


@pytest.mark.django_db
def test_index_my_results_and_wrong_book(official_client, official, django_assert_max_num_queries):
    """The index lists quizzes; my results and the wrong-answer book list the official's own work,
    with a constant number of queries as quizzes and attempts grow."""

    def sit(n):
        for i in range(n):
            question = QuestionFactory()
            quiz = make_quiz(questions=[question], title=f"测验{i}-{n}")
            attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
            answer_save(
                attempt_id=attempt.pk,
                user=official,
                attempt_question_id=attempt.paper.get().pk,
                response="A",
                now=timezone.now(),
            )
            attempt_submit(attempt=attempt, now=timezone.now())

    sit(2)
    urls = [quiz_index().url, reverse("quizzes:my_results"), reverse("quizzes:wrong_book")]
    for url in urls:
        official_client.get(url)
    counts = []
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert official_client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    sit(6)
    for url, before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before):
            official_client.get(url)
    book = official_client.get(reverse("quizzes:wrong_book")).content.decode()
    assert book.count('class="card wrong-entry"') == 8


@pytest.mark.django_db
def test_wrong_book_practice(official_client, official):
    """Practice from the wrong-answer book starts an ungraded attempt of the wrong questions;
    answering right takes them out of the book."""
    question = QuestionFactory(answer="B")
    quiz = make_quiz(questions=[question])
    attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
    answer_save(
        attempt_id=attempt.pk,
        user=official,
        attempt_question_id=attempt.paper.get().pk,
        response="A",
        now=timezone.now(),
    )
    attempt_submit(attempt=attempt, now=timezone.now())
    response = official_client.post(reverse("quizzes:wrong_practice"))
    practice = Attempt.objects.get(user=official, quiz__isnull=True)
    assert response.url.endswith(f"/attempts/{practice.pk}/")
    answer_save(
        attempt_id=practice.pk,
        user=official,
        attempt_question_id=practice.paper.get().pk,
        response="B",
        now=timezone.now(),
    )
    attempt_submit(attempt=practice, now=timezone.now())
    page = official_client.get(reverse("quizzes:wrong_book")).content.decode()
    assert question.stem not in page
    assert official_client.post(reverse("quizzes:wrong_practice")).status_code == 302


@pytest.mark.django_db
def test_quiz_under_course_is_a_course_requirement(official, now):
    """The xuefa_course_requirements hook lists quizzes under a course; met once passed."""
    from wagtail import hooks

    course = make_course()
    quiz = make_quiz(
        questions=[QuestionFactory(answer="B")], parent=course, credit_hours=Decimal("0")
    )
    [fn] = [
        f
        for f in hooks.get_hooks("xuefa_course_requirements")
        if f.__module__.startswith("quizzes")
    ]
    [requirement] = fn(course, official)
    assert requirement["met"] is False and requirement["url"] == quiz.url
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    answer_save(
        attempt_id=attempt.pk,
        user=official,
        attempt_question_id=attempt.paper.get().pk,
        response="B",
        now=now,
    )
    attempt_submit(attempt=attempt, now=now)
    assert fn(course, official)[0]["met"] is True


@pytest.mark.django_db
def test_dashboard_panel_and_menu(official_client, quiz, rf, official):
    """The dashboard shows open quizzes and exams with their status; the menu links the index."""
    from kit.hooks import dashboard_panels, main_menu

    request = rf.get("/")
    request.user = official
    [panel] = [p for p in dashboard_panels(request, 2026) if p.template.startswith("quizzes/")]
    assert panel.order == 30
    assert [row.quiz.pk for row in panel.context["rows"]] == [quiz.pk]
    assert any(item.url == quiz_index().url for item in main_menu(request))
    assert official_client.get("/").status_code == 200
