"""A trainer's correction of a quiz record stands until a genuinely new attempt (issue 9)."""

from decimal import Decimal

import pytest

from quizzes.services import answer_save, attempt_start, attempt_submit, quiz_ledger_sync
from records.selectors import study_credit, study_year_summary
from records.services import study_record_reverse

from .factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db


def _take(quiz, user, response, now):
    attempt = attempt_start(quiz=quiz, user=user, now=now)
    answer_save(
        attempt_id=attempt.pk,
        user=user,
        attempt_question_id=attempt.paper.get().pk,
        response=response,
        now=now,
    )
    return attempt_submit(attempt=attempt, now=now)


def test_a_corrected_quiz_record_is_not_rewritten_by_a_resync(official, trainer, now):
    """After the trainer reverses the pass, syncing the same grade again (re-marking, a key
    saved unchanged, a results page) credits nothing; a further attempt is a new event."""
    question = QuestionFactory(answer="B")
    quiz = make_quiz(questions=[question], credit_hours=Decimal("2"), attempts_allowed=3)
    _take(quiz, official, "B", now)
    source = f"quizzes.quiz:{quiz.pk}"
    record = study_credit(user=official, source=source).record
    study_record_reverse(record=record, reason="代考", actor=trainer, now=now)
    for _ in range(2):
        assert quiz_ledger_sync(quiz=quiz, user=official, now=now) is None
    assert study_credit(user=official, source=source).withdrawn
    assert study_year_summary(user=official, year=now.year).credit_hours == Decimal("0")
    _take(quiz, official, "B", now)  # a second, genuine attempt
    credit = study_credit(user=official, source=source)
    assert credit.credited and credit.record.revision == 1
    assert study_year_summary(user=official, year=now.year).credit_hours == Decimal("2")
