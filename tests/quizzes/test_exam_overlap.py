"""Trainers are warned, and choose, when a practice with feedback shares questions with an exam
open or still to come (issue 9)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from quizzes.models import Question, QuestionBank, QuizPage
from quizzes.selectors import practice_exam_overlaps
from quizzes.services import attempt_start

from .factories import QuestionFactory, make_quiz, quiz_index, true_false

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    bank = QuestionBank.objects.create(name="共享题库")
    for _ in range(5):
        QuestionFactory(bank=bank)
    for _ in range(3):
        true_false(bank=bank)
    QuestionFactory(bank=bank, exam_only=True)  # never in practice
    QuestionFactory(bank=bank, is_active=False)  # never drawn at all
    return bank


@pytest.fixture
def exam(bank):
    """The annual exam: published, closing tomorrow, drawing 3 of the bank's single choices."""
    return make_quiz(
        title="年度考试",
        mode="exam",
        closes_at=timezone.now() + timedelta(days=1),
        rules=[{"bank": bank, "count": 3, "question_type": "single"}],
    )


def _practice(bank, **fields):
    fields = {"title": "章节练习", "mode": "practice", "instant_feedback": True, **fields}
    return make_quiz(rules=[{"bank": bank, "count": 20}], **fields)


def test_overlap_counts_what_both_can_draw(bank, exam):
    """The practice draws the whole bank; the exam its single choices: the 5 active,
    practice-eligible single choices are shared (not the exam-only one, not the inactive one)."""
    practice = _practice(bank)
    (overlap,) = practice_exam_overlaps(practice=practice, now=timezone.now())
    assert overlap.exam == exam and overlap.count == 5
    shared = Question.objects.filter(pk__in=overlap.question_ids)
    assert {q.question_type for q in shared} == {"single"}
    assert not shared.filter(exam_only=True).exists() and not shared.filter(is_active=False)


def test_closed_unpublished_and_unrelated_exams_do_not_count(bank, exam):
    """An exam that has closed, a draft exam, and an exam on another bank share nothing."""
    now = timezone.now()
    exam.closes_at = now - timedelta(minutes=1)
    exam.save_revision().publish()
    draft = make_quiz(title="草稿考试", mode="exam", rules=[{"bank": bank, "count": 2}])
    draft.unpublish()
    other = QuestionBank.objects.create(name="别的题库")
    QuestionFactory(bank=other)
    make_quiz(title="别的考试", mode="exam", rules=[{"bank": other, "count": 1}])
    assert practice_exam_overlaps(practice=_practice(bank), now=now) == []


def test_an_exam_ahead_by_its_fixed_questions_counts(bank):
    """A fixed question of the exam is shared too, and a fixed question of the practice."""
    question = Question.objects.filter(bank=bank, question_type="true_false").first()
    exam = make_quiz(title="小考", mode="exam", questions=[question])
    practice = make_quiz(title="练习", mode="practice", instant_feedback=True, questions=[question])
    (overlap,) = practice_exam_overlaps(practice=practice, now=timezone.now())
    assert (overlap.exam, overlap.question_ids) == (exam, [question.pk])


# ---------------------------------------------------------------- the warning in the editor


def _practice_form(bank, **fields):
    data = {
        "title": "第四章练习",
        "slug": "di-si-zhang",
        "intro": rich_text("<p>练习</p>"),
        "mode": "practice",
        "fixed_questions": inline_formset([]),
        "draw_rules": inline_formset(
            [
                {
                    "bank": bank.pk,
                    "count": "10",
                    "question_type": "",
                    "category": "",
                    "difficulty": "",
                    "rank": "",
                    "points": "1",
                }
            ]
        ),
        "max_questions": "",
        "questions_per_page": "0",
        "grading_method": "highest",
        "pass_mark": "60",
        "excellent_mark": "90",
        "credit_hours": "0",
        "result_visibility": "immediately",
        "answer_visibility": "immediately",
        "explanation_visibility": "immediately",
        "instant_feedback": "on",
        "shared_with_exams": "withhold",
        "success_text": rich_text(""),
        "fail_text": rich_text(""),
        **fields,
    }
    return nested_form_data(data)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_creating_a_practice_warns_with_exam_and_count(trainer_client, bank, exam):
    """A trainer creating a practice with instant feedback on the exam's bank is told which
    exam and how many questions, with the way to choose."""
    index = quiz_index()
    response = trainer_client.post(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", index.pk]),
        _practice_form(bank),
        follow=True,
    )
    assert response.status_code == 200
    said = " ".join(_messages(response))
    assert "年度考试" in said and "5" in said, said
    practice = QuizPage.objects.get(slug="di-si-zhang")
    html = response.content.decode()
    assert reverse("quizzes_admin:exam_overlap", args=[practice.pk]) in html


def test_editing_warns_on_the_draft_as_written(trainer_client, bank, exam):
    """Saving a draft of a published practice is judged by the rules just written (not the
    live ones): a practice that drew from elsewhere, now pointed at the exam's bank, warns."""
    other = QuestionBank.objects.create(name="练习专用题库")
    QuestionFactory(bank=other)
    practice = _practice(other, slug="di-si-zhang")
    assert practice_exam_overlaps(practice=practice, now=timezone.now()) == []
    data = _practice_form(bank, title=practice.title)
    data["draw_rules-0-id"] = str(practice.draw_rules.get().pk)
    response = trainer_client.post(
        reverse("wagtailadmin_pages:edit", args=[practice.pk]), data, follow=True
    )
    assert response.status_code == 200
    said = " ".join(_messages(response))
    assert "年度考试" in said and "5" in said, said


def test_no_warning_without_instant_feedback_or_overlap(trainer_client, bank, exam):
    """A practice without instant feedback, or with nothing shared, saves without a warning."""
    index = quiz_index()
    data = _practice_form(bank)
    del data["instant_feedback"]
    response = trainer_client.post(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", index.pk]),
        data,
        follow=True,
    )
    assert not any("年度考试" in m for m in _messages(response))


# ---------------------------------------------------------------- the choice


def test_overlap_page_lists_and_leave_out_publishes_the_choice(
    trainer_client, bank, exam, official
):
    """The page names the exam, the count and the questions; "leave them out" publishes the
    practice with LEAVE_OUT, after which an official with the exam ahead draws none of them."""
    practice = _practice(bank)
    url = reverse("quizzes_admin:exam_overlap", args=[practice.pk])
    page = trainer_client.get(url).content.decode()
    assert "年度考试" in page and "5" in page
    shared = practice_exam_overlaps(practice=practice, now=timezone.now())[0].question_ids
    assert Question.objects.get(pk=shared[0]).stem_text[:20] in page
    response = trainer_client.post(url, {"choice": "leave_out"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.shared_with_exams == "leave_out" and not practice.has_unpublished_changes
    attempt = attempt_start(quiz=practice, user=official, now=timezone.now())
    drawn = set(attempt.paper.values_list("question_id", flat=True))
    assert drawn and not drawn & set(shared)


def test_mark_exam_only_takes_them_out_of_every_practice(trainer_client, bank, exam):
    """ "Mark exam only" flags the shared questions; the practice then shares nothing."""
    practice = _practice(bank)
    shared = practice_exam_overlaps(practice=practice, now=timezone.now())[0].question_ids
    url = reverse("quizzes_admin:exam_overlap", args=[practice.pk])
    assert trainer_client.post(url, {"choice": "exam_only"}).status_code == 302
    assert set(
        Question.objects.filter(exam_only=True, pk__in=shared).values_list("pk", flat=True)
    ) == set(shared)
    assert practice_exam_overlaps(practice=practice, now=timezone.now()) == []
    page = trainer_client.get(url).content.decode()
    assert "年度考试" not in page


def test_only_trainers_reach_the_choice(client, lead, official, bank, exam):
    """Leads and officials cannot see or change it."""
    practice = _practice(bank)
    url = reverse("quizzes_admin:exam_overlap", args=[practice.pk])
    for user in (lead, official):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"choice": "exam_only"})
    assert not Question.objects.filter(bank=bank, exam_only=True).count() > 1
