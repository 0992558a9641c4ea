"""Attempt lifecycle on the server: start, save, submit exactly once, deadlines, grades, ledger."""

from datetime import timedelta
from decimal import Decimal
from random import Random

import pytest
from django.core.management import call_command
from wagtail import hooks

from accounts.models import Rank
from quizzes.models import ANSWER_GRACE, Answer, Attempt, AttemptQuestion, AttemptStatus
from quizzes.services import (
    QuizError,
    answer_mark,
    answer_save,
    attempt_start,
    attempt_submit,
    attempt_submit_if_overdue,
    attempts_rescore,
    attempts_submit_overdue,
    tab_switch_record,
)
from records.models import StudyRecord, StudyRecordKind
from tests.factories import DepartmentFactory, UserFactory

from .factories import QuestionFactory, essay, make_quiz, true_false

pytestmark = pytest.mark.django_db


def _paper(attempt):
    return {aq.question.question_type: aq for aq in attempt.paper.select_related("question")}


def _answer_all_right(attempt, user, now):
    paper = _paper(attempt)
    answers = {"single": "B", "multiple": ["A", "C"], "true_false": True, "fill": ["60", "30"]}
    for qtype, response in answers.items():
        if qtype in paper:
            answer_save(
                attempt_id=attempt.pk,
                user=user,
                attempt_question_id=paper[qtype].pk,
                response=response,
                now=now,
            )


def test_start_freezes_the_paper_and_resumes(quiz, official, now):
    """A start creates paper rows and empty answers; starting again resumes the same attempt."""
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    assert attempt.paper.count() == 4
    assert Answer.objects.filter(attempt=attempt).count() == 4
    assert attempt.max_score == Decimal("40")
    again = attempt_start(quiz=quiz, user=official, now=now + timedelta(minutes=5))
    assert again.pk == attempt.pk
    assert Attempt.objects.count() == 1


def test_full_marks_pass_and_write_the_ledger_once(quiz, official, now):
    """All right → 100 %, passed, one ledger record with the quiz's hours; a second submit adds nothing."""
    quiz.credit_hours = Decimal("2")
    quiz.save()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    _answer_all_right(attempt, official, now)
    result = attempt_submit(attempt=attempt, now=now + timedelta(minutes=1))
    assert result.status == AttemptStatus.FINAL
    assert result.percent == Decimal("100.00")
    assert result.passed is True
    attempt_submit(attempt=attempt, now=now + timedelta(minutes=2))
    records = StudyRecord.objects.filter(user=official, source=f"quizzes.quiz:{quiz.pk}")
    assert records.count() == 1
    assert records.get().credit_hours == Decimal("2.00")
    assert records.get().kind == StudyRecordKind.QUIZ_ATTEMPT


def test_double_submit_scores_once(quiz, official, now):
    """Two submits (two tabs) give one result: the second sees the status already flipped."""
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    stale_copy = Attempt.objects.get(pk=attempt.pk)
    first = attempt_submit(attempt=attempt, now=now)
    second = attempt_submit(attempt=stale_copy, now=now + timedelta(seconds=1))
    assert first.submitted_at == second.submitted_at
    assert second.submitted_by == "user"


def test_answer_save_refuses_foreign_and_closed(quiz, official, now):
    """Another official's attempt looks missing; a question from another paper is refused;
    after submit nothing changes."""
    other = UserFactory()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    aq = attempt.paper.first()
    with pytest.raises(QuizError) as exc:
        answer_save(
            attempt_id=attempt.pk, user=other, attempt_question_id=aq.pk, response="B", now=now
        )
    assert exc.value.status == 404
    other_attempt = attempt_start(quiz=quiz, user=other, now=now)
    with pytest.raises(QuizError) as exc:
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=other_attempt.paper.first().pk,
            response="B",
            now=now,
        )
    assert exc.value.code == "bad_question"
    attempt_submit(attempt=attempt, now=now)
    with pytest.raises(QuizError) as exc:
        answer_save(
            attempt_id=attempt.pk, user=official, attempt_question_id=aq.pk, response="B", now=now
        )
    assert exc.value.code == "closed"


def test_deadline_submits_with_saved_answers(quiz, official, now):
    """Past the deadline the attempt is submitted (at the deadline) with what was saved, when touched."""
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    assert attempt.deadline == now + timedelta(minutes=10)
    _answer_all_right(attempt, official, now + timedelta(minutes=9))
    with pytest.raises(QuizError) as exc:
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=attempt.paper.first().pk,
            response=None,
            now=now + timedelta(minutes=11),
        )
    assert exc.value.code == "closed"
    attempt.refresh_from_db()
    assert attempt.submitted_by == "deadline"
    assert attempt.submitted_at == attempt.deadline
    assert attempt.percent == Decimal("100.00")


def test_submit_overdue_attempts_command(quiz, official, now, monkeypatch):
    """The periodic step submits overdue attempts and leaves running ones alone."""
    quiz.time_limit_minutes = 5
    quiz.save()
    expired = attempt_start(quiz=quiz, user=official, now=now - timedelta(hours=1))
    running = attempt_start(quiz=quiz, user=UserFactory(), now=now)
    assert attempts_submit_overdue(now=now) == 1
    expired.refresh_from_db()
    running.refresh_from_db()
    assert expired.status == AttemptStatus.FINAL and expired.submitted_by == "command"
    assert running.status == AttemptStatus.IN_PROGRESS
    call_command("submit_overdue_attempts")  # runs without error against the real clock


def test_an_answer_on_its_way_at_the_deadline_is_kept(quiz, official, now):
    """An answer arriving just after the deadline (sent as the page locked) is saved and
    counts; the periodic step waits for the grace; nothing else may change meanwhile; once the
    grace is over a late answer is refused and the attempt is submitted at the deadline."""
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    deadline = attempt.deadline
    just_after = deadline + timedelta(seconds=2)
    _answer_all_right(attempt, official, just_after)
    assert attempts_submit_overdue(now=just_after) == 0
    with pytest.raises(QuizError) as exc:
        tab_switch_record(attempt_id=attempt.pk, user=official, now=just_after)
    assert exc.value.code == "closed"
    attempt.refresh_from_db()
    assert attempt.is_open
    with pytest.raises(QuizError) as exc:
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=attempt.paper.first().pk,
            response=None,
            now=deadline + ANSWER_GRACE,
        )
    assert exc.value.code == "closed"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.percent == Decimal("100.00")
    assert attempt.submitted_at == deadline


def test_attempts_allowed_and_window(quiz, official, now):
    """A quiz refuses a start when attempts are used up, before it opens and after it closes."""
    quiz.attempts_allowed = 1
    quiz.save()
    attempt_submit(attempt=attempt_start(quiz=quiz, user=official, now=now), now=now)
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)
    quiz.attempts_allowed = None
    quiz.opens_at = now + timedelta(days=1)
    quiz.save()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)
    quiz.opens_at, quiz.closes_at = None, now - timedelta(seconds=1)
    quiz.save()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)


def test_draft_quiz_cannot_be_taken(quiz, official, now):
    """Draft is Wagtail's unpublished state: no attempt can start."""
    quiz.unpublish()
    quiz.refresh_from_db()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)


def test_audience_by_rank_and_department(quiz, official, now):
    """Only the listed ranks and departments (and their sub-departments) may start."""
    quiz.audience_ranks = [Rank.DIVISION]
    quiz.save()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)
    quiz.audience_ranks = []
    office = DepartmentFactory()
    quiz.audience_departments.set([office])
    quiz.save()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)
    inside = UserFactory(department=DepartmentFactory(parent=office))
    assert attempt_start(quiz=quiz, user=inside, now=now).pk


def test_prerequisite_hours(quiz, official, now):
    """With ≥ N hours required this year, an official without them cannot start."""
    quiz.prerequisite_hours = Decimal("1")
    quiz.save()
    with pytest.raises(QuizError) as exc:
        attempt_start(quiz=quiz, user=official, now=now)
    assert exc.value.status == 403
    from records.services import study_record_add

    study_record_add(
        user=official,
        kind="offline",
        source="offline:x",
        title="讲座",
        credit_hours=2,
        occurred_at=now,
    )
    assert attempt_start(quiz=quiz, user=official, now=now).pk


def test_prerequisite_course_reads_the_ledger(quiz, official, now):
    """A course prerequisite is met by a 'course' record with source courses.course:<id>."""
    from home.models import HomePage
    from records.services import study_record_add

    course = HomePage.objects.first()  # any page stands in for the course here
    quiz.prerequisite_course = course
    quiz.save()
    with pytest.raises(QuizError):
        attempt_start(quiz=quiz, user=official, now=now)
    study_record_add(
        user=official,
        kind="course",
        source=f"courses.course:{course.pk}",
        title="课",
        occurred_at=now,
    )
    assert attempt_start(quiz=quiz, user=official, now=now).pk


def test_draw_rules_rank_specific_and_shuffle(official, now):
    """Rules for the official's rank replace the general ones; options are shuffled per paper."""
    singles = [QuestionFactory(category="甲") for _ in range(6)]
    tfs = [true_false(category="乙") for _ in range(6)]
    bank = singles[0].bank
    quiz = make_quiz(
        rules=[
            {"bank": bank, "count": 3, "question_type": "single"},
            {"bank": bank, "count": 2, "question_type": "true_false", "rank": Rank.DIVISION},
        ],
        shuffle_options=True,
    )
    paper = attempt_start(quiz=quiz, user=official, now=now, rng=Random(1)).paper.all()
    assert [aq.question.question_type for aq in paper] == ["single"] * 3
    assert any(aq.option_order != ["A", "B", "C", "D"] for aq in paper)
    boss = UserFactory(rank=Rank.DIVISION)
    paper = attempt_start(quiz=quiz, user=boss, now=now, rng=Random(2)).paper.all()
    assert sorted(aq.question.question_type for aq in paper) == ["true_false"] * 2
    assert len(tfs) == 6


def test_essay_marking_makes_result_final(official, trainer, now):
    """With an essay the result waits for marking; the mark makes it final and writes the ledger."""
    quiz = make_quiz(questions=[QuestionFactory(), essay()])
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    paper = _paper(attempt)
    answer_save(
        attempt_id=attempt.pk,
        user=official,
        attempt_question_id=paper["single"].pk,
        response="B",
        now=now,
    )
    answer_save(
        attempt_id=attempt.pk,
        user=official,
        attempt_question_id=paper["essay"].pk,
        response="依法分类处理",
        now=now,
    )
    attempt = attempt_submit(attempt=attempt, now=now)
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.passed is None
    assert not StudyRecord.objects.filter(user=official).exists()
    essay_answer = Answer.objects.get(attempt_question=paper["essay"])
    with pytest.raises(QuizError):
        answer_mark(answer=essay_answer, score=Decimal("11"), comment="", marker=trainer, now=now)
    answer_mark(
        answer=essay_answer, score=Decimal("6"), comment="要点基本齐全", marker=trainer, now=now
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("16.00") and attempt.passed is True
    assert StudyRecord.objects.filter(user=official, source=f"quizzes.quiz:{quiz.pk}").exists()


def _failed_attempt_on_key_b(official, now):
    question = QuestionFactory(answer="B")
    quiz = make_quiz(questions=[question], credit_hours=Decimal("1"))
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    aq = attempt.paper.get()
    answer_save(
        attempt_id=attempt.pk, user=official, attempt_question_id=aq.pk, response="A", now=now
    )
    attempt = attempt_submit(attempt=attempt, now=now)
    assert attempt.passed is False
    return question, quiz, attempt


def test_saving_a_question_writes_nothing_else(official, now):
    """Saving a question (a changed key included) re-scores nothing by itself: no hidden
    write. Re-scoring is the explicit service, queued where keys change."""
    question, _quiz, attempt = _failed_attempt_on_key_b(official, now)
    question.answer = "A"
    question.save()
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.percent == Decimal("0.00")
    assert not StudyRecord.objects.filter(user=official, kind="correction").exists()


def test_rescore_after_a_key_change_corrects_the_ledger(official, now):
    """attempts_rescore re-scores with the new key; the ledger grade is reversed and re-written
    (study_record_replace); the report says what moved; a second run changes nothing."""
    question, quiz, attempt = _failed_attempt_on_key_b(official, now)
    question.answer = "A"
    question.save()
    told = []
    report = attempts_rescore(
        question_ids=[question.pk], now=now, progress=lambda f, m="": told.append(f)
    )
    attempt.refresh_from_db()
    assert attempt.passed is True and attempt.percent == Decimal("100.00")
    source = f"quizzes.quiz:{quiz.pk}"
    latest = StudyRecord.objects.filter(user=official, source=source).order_by("-revision").first()
    assert latest.revision == 1 and latest.credit_hours == Decimal("1.00")
    assert StudyRecord.objects.filter(user=official, kind="correction").count() == 1
    assert report.as_dict() == {
        "questions": 1,
        "attempts": 1,
        "results_changed": 1,
        "now_passed": 1,
        "now_failed": 0,
        "ledger_rewritten": 1,
    }
    assert told == [1.0]
    again = attempts_rescore(question_ids=[question.pk], now=now)
    assert (again.attempts, again.results_changed, again.ledger_rewritten) == (1, 0, 0)
    assert StudyRecord.objects.filter(user=official, source=source).count() == 2


@pytest.mark.parametrize(
    "method,expected",
    [("highest", "100.00"), ("last", "0.00"), ("first", "0.00"), ("average", "33.33")],
)
def test_grading_methods(method, expected, official, now):
    """The ledger grade follows the grading method over final attempts (0, 100, 0)."""
    question = QuestionFactory(answer="B")
    quiz = make_quiz(questions=[question], grading_method=method, mode="exam")
    for response in ("A", "B", "C"):
        attempt = attempt_start(quiz=quiz, user=official, now=now)
        aq = attempt.paper.get()
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=aq.pk,
            response=response,
            now=now,
        )
        attempt_submit(attempt=attempt, now=now)
    latest = (
        StudyRecord.objects.filter(user=official, source=f"quizzes.quiz:{quiz.pk}")
        .order_by("-revision")
        .first()
    )
    assert latest.score == Decimal(expected)


def test_quiz_passed_hook_fires_once(quiz, official, now, django_capture_on_commit_callbacks):
    """xuefa_quiz_passed is called with (quiz, user, attempt, now) after a pass, once."""
    calls = []

    def handler(quiz_page, user, attempt, when):
        calls.append((quiz_page.pk, user.pk, attempt.pk))

    with hooks.register_temporarily("xuefa_quiz_passed", handler):
        attempt = attempt_start(quiz=quiz, user=official, now=now)
        _answer_all_right(attempt, official, now)
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt, now=now)
            attempt_submit(attempt=attempt, now=now)
    assert calls == [(quiz.pk, official.pk, attempt.pk)]


def test_the_expiry_step_leaves_running_attempts_alone(quiz, official, now):
    """Before its deadline (and grace), the expiry step changes nothing; after, it submits."""
    quiz.time_limit_minutes = 30
    quiz.save()
    attempt = attempt_start(quiz=quiz, user=official, now=now)
    assert attempt_submit_if_overdue(attempt=attempt, now=now + timedelta(minutes=29)).is_open
    assert AttemptQuestion.objects.filter(attempt=attempt).count() == 4
    late = attempt_submit_if_overdue(attempt=attempt, now=now + timedelta(minutes=31))
    assert late.status != AttemptStatus.IN_PROGRESS
    assert late.submitted_at == now + timedelta(minutes=30)
