"""Issue 9: exam keys stay secret until the exam's own rules release them — one rule
(``quizzes.disclosure``), asked by every surface an official sees."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kit.hooks import record_score_hidden
from quizzes.disclosure import attempt_disclosure, secret_question_ids
from quizzes.models import Attempt, AttemptStatus, QuestionBank
from quizzes.services import (
    QuizError,
    answer_save,
    attempt_start,
    attempt_submit,
    wrong_practice_start,
)
from records.models import StudyRecord
from tests.factories import UserFactory

from .factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db

EXPLANATION = "解析：只有规则放行后才能看到的说明"


@pytest.fixture
def exam_bank(db):
    """An exam bank: a 单选 (key B), a 多选 (AC), a 判断 (对) and a 填空 (60)."""
    bank = QuestionBank.objects.create(name="考试题库")
    return {
        "single": QuestionFactory(bank=bank, explanation=EXPLANATION),
        "multiple": multiple(bank=bank, explanation=EXPLANATION),
        "true_false": true_false(bank=bank, explanation=EXPLANATION),
        "fill": fill(bank=bank, answer="60", explanation=EXPLANATION),
    }


def _annual_exam(bank, **fields):
    """As in the demo: 3 attempts, scores immediately, answers and explanations after close."""
    settings = {
        "title": "年度考试",
        "mode": "exam",
        "closes_at": timezone.now() + timedelta(days=30),
        "attempts_allowed": 3,
        "result_visibility": "immediately",
        "answer_visibility": "after_close",
        "explanation_visibility": "after_close",
        **fields,
    }
    return make_quiz(rules=[{"bank": bank, "count": 10, "points": Decimal("10")}], **settings)


WRONG = {"single": "A", "multiple": ["A", "B"], "true_false": False, "fill": ["30"]}


def _sit(quiz, user, responses, now):
    attempt = attempt_start(quiz=quiz, user=user, now=now)
    for aq in attempt.paper.select_related("question"):
        response = responses.get(aq.question.question_type)
        if response is not None:
            answer_save(
                attempt_id=attempt.pk,
                user=user,
                attempt_question_id=aq.pk,
                response=response,
                now=now,
            )
    return attempt_submit(attempt=attempt, now=now)


def _page(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_wrong_book_keeps_an_open_exams_wrong_answers_out(official_client, official, exam_bank):
    """After one attempt at the annual exam, the 错题本 lists none of its questions (a listed
    判断 gives its key away) and there is nothing to practise — until the exam closes."""
    exam = _annual_exam(exam_bank["single"].bank)
    now = timezone.now()
    _sit(exam, official, WRONG, now)
    book = _page(official_client, "quizzes:wrong_book")
    for question in exam_bank.values():
        assert question.stem not in book
    assert "wrong-entry" not in book
    with pytest.raises(QuizError) as refused:
        wrong_practice_start(user=official, now=now)
    assert refused.value.code == "empty"

    exam.closes_at = now - timedelta(minutes=1)
    exam.save_revision().publish()
    book = _page(official_client, "quizzes:wrong_book")
    assert book.count("wrong-entry") == 4
    assert EXPLANATION in book


def test_wrong_practice_shows_keys_only_where_released(official, exam_bank):
    """A practice from the 错题本 is quiz-less; its review shows a key only where an attempt the
    official sat releases it, and never while an exam still ahead holds the question."""
    bank = exam_bank["single"].bank
    now = timezone.now()
    practice = make_quiz(
        title="练习", mode="practice", questions=[exam_bank["single"]], instant_feedback=True
    )
    _sit(practice, official, WRONG, now)
    attempt = wrong_practice_start(user=official, now=now)
    attempt = attempt_submit(attempt=attempt, now=now)
    question_id = exam_bank["single"].pk
    assert attempt_disclosure(attempt=attempt, now=now).key(question_id)
    _annual_exam(bank)  # now the question sits in an exam ahead of the official
    disclosure = attempt_disclosure(attempt=attempt, now=now)
    assert not disclosure.key(question_id)
    assert not disclosure.explanation(question_id)


def test_practice_feedback_never_reads_out_an_open_exams_key(official_client, official, exam_bank):
    """A chapter practice with instant feedback drawing from the exam's bank returns no key,
    explanation or right/wrong for a question the exam holds; the reply says why."""
    bank = exam_bank["single"].bank
    _annual_exam(bank)
    practice = make_quiz(
        title="章节练习",
        mode="practice",
        instant_feedback=True,
        rules=[{"bank": bank, "count": 10, "points": Decimal("1")}],
    )
    official_client.post(practice.url)
    attempt = Attempt.objects.get(user=official, quiz=practice)
    for aq in attempt.paper.select_related("question"):
        response = WRONG[aq.question.question_type]
        body = official_client.post(
            reverse("quizzes:api_answer", kwargs={"attempt_id": attempt.pk}),
            json.dumps({"question": aq.pk, "response": response}),
            content_type="application/json",
        ).json()
        assert body["ok"] is True
        assert body["feedback"]["withheld"] is True
        assert "key" not in body["feedback"] and "correct" not in body["feedback"]
        assert EXPLANATION not in json.dumps(body, ensure_ascii=False)


def test_practice_feedback_returns_once_the_exam_is_over_for_the_official(official, exam_bank):
    """With every exam attempt used, the exam is no longer ahead: practice feedback is back."""
    bank = exam_bank["single"].bank
    exam = _annual_exam(bank, attempts_allowed=1)
    now = timezone.now()
    assert secret_question_ids(user=official, now=now) == {q.pk for q in exam_bank.values()}
    _sit(exam, official, WRONG, now)
    assert secret_question_ids(user=official, now=now) == set()
    other = UserFactory()
    assert len(secret_question_ids(user=other, now=now)) == 4  # still ahead for a colleague


def test_exam_only_bank_and_question_stay_out_of_practice(official):
    """An "exam only" bank or question is never drawn into a practice paper."""
    bank = QuestionBank.objects.create(name="仅考试", exam_only=True)
    QuestionFactory(bank=bank)
    open_bank = QuestionBank.objects.create(name="公开")
    kept = QuestionFactory(bank=open_bank)
    QuestionFactory(bank=open_bank, exam_only=True)
    practice = make_quiz(
        title="练习",
        mode="practice",
        rules=[
            {"bank": bank, "count": 5, "points": Decimal("1")},
            {"bank": open_bank, "count": 5, "points": Decimal("1")},
        ],
    )
    attempt = attempt_start(quiz=practice, user=official, now=timezone.now())
    assert list(attempt.paper.values_list("question_id", flat=True)) == [kept.pk]
    exam = make_quiz(
        title="考试", mode="exam", rules=[{"bank": bank, "count": 5, "points": Decimal("1")}]
    )
    assert attempt_start(quiz=exam, user=official, now=timezone.now()).paper.count() == 1


def test_practice_can_leave_shared_questions_out(official, exam_bank):
    """A trainer may choose to leave an exam's questions out of a practice while it is ahead."""
    _annual_exam(exam_bank["single"].bank)
    spare = QuestionFactory(bank=QuestionBank.objects.create(name="别的库"))
    practice = make_quiz(
        title="练习",
        mode="practice",
        instant_feedback=True,
        shared_with_exams="leave_out",
        questions=[*exam_bank.values(), spare],
    )
    attempt = attempt_start(quiz=practice, user=official, now=timezone.now())
    assert list(attempt.paper.values_list("question_id", flat=True)) == [spare.pk]


def test_exam_review_with_answers_immediately_waits_for_the_last_attempt(
    official_client, official, exam_bank
):
    """An exam whose answers show "immediately" still keeps them while an attempt is left."""
    exam = _annual_exam(
        exam_bank["single"].bank,
        attempts_allowed=2,
        answer_visibility="immediately",
        explanation_visibility="immediately",
    )
    now = timezone.now()
    first = _sit(exam, official, WRONG, now)
    page = _page(official_client, "quizzes:attempt_result", attempt_id=first.pk)
    assert "review-key" not in page and "is-key" not in page and EXPLANATION not in page
    assert "answers-note" in page
    second = _sit(exam, official, WRONG, now)
    page = _page(official_client, "quizzes:attempt_result", attempt_id=second.pk)
    assert page.count("review-key") == 4 and EXPLANATION in page


def test_score_after_close_is_hidden_on_every_official_surface(
    official_client, official, exam_bank
):
    """Results "after close": the result page, my results, the quiz page and the ledger hook
    show no score and no 未通过/通过 — and say when the score comes."""
    exam = _annual_exam(exam_bank["single"].bank, result_visibility="after_close")
    now = timezone.now()
    attempt = _sit(exam, official, {**WRONG, "single": "B"}, now)  # 10 of 40 points
    assert attempt.status == AttemptStatus.FINAL and attempt.passed is False
    assert attempt.percent == Decimal("25.00")
    pages = [
        _page(official_client, "quizzes:attempt_result", attempt_id=attempt.pk),
        _page(official_client, "quizzes:my_results"),
        official_client.get(exam.url).content.decode(),
        official_client.get("/").content.decode(),
    ]
    for page in pages:
        assert "未通过" not in page and "Not passed" not in page
        assert "25%" not in page and "25.00" not in page
    assert exam.closes_at.astimezone().strftime("%Y-%m-%d") in pages[0]
    record = StudyRecord.objects.get(user=official, source=f"quizzes.quiz:{exam.pk}")
    assert record_score_hidden(record, official, now)
    trainer = UserFactory(role="trainer")
    assert record_score_hidden(record, trainer, now) is None
    assert record_score_hidden(record, official, exam.closes_at + timedelta(seconds=1)) is None


def test_never_answered_exam_questions_are_not_wrong(official_client, official, exam_bank):
    """An exam question the official left blank is not listed in the 错题本 as answered wrong."""
    exam = _annual_exam(exam_bank["single"].bank, closes_at=timezone.now() + timedelta(hours=1))
    now = timezone.now()
    _sit(exam, official, {"single": "A"}, now)  # only the 单选 answered (wrong)
    exam.closes_at = now - timedelta(minutes=1)
    exam.save_revision().publish()
    book = _page(official_client, "quizzes:wrong_book")
    assert book.count("wrong-entry") == 1
    assert exam_bank["single"].stem in book


def test_result_page_says_when_answers_will_be_shown(official_client, official, exam_bank):
    """The exam's result page gives the date the answers come out."""
    exam = _annual_exam(exam_bank["single"].bank, attempts_allowed=1)
    attempt = _sit(exam, official, WRONG, timezone.now())
    page = _page(official_client, "quizzes:attempt_result", attempt_id=attempt.pk)
    when = timezone.localtime(exam.closes_at).strftime("%Y-%m-%d %H:%M")
    assert "answers-note" in page and when in page
