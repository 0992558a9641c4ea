"""The two ways of asking whether a quiz grade may be shown agree (kit.contracts): record by
record (``xuefa_record_score_hidden``) and every source at once (``xuefa_record_scores_withheld``,
which the year-end reports ask instead of reading a whole office's quiz records)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kit.hooks import record_score_hidden, record_scores_withheld
from quizzes.models import QuestionBank
from records.models import StudyRecord, StudyRecordKind
from tests.factories import UserFactory

from .factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quizzes(db):
    """One quiz for each rule and state: scores shown at once, after closing (open and
    closed), never; and an exam whose closing is unset."""
    bank = QuestionBank.objects.create(name="题库")
    QuestionFactory(bank=bank)
    now = timezone.now()

    def quiz(title, visibility, closes_at):
        return make_quiz(
            rules=[{"bank": bank, "count": 1, "points": Decimal("10")}],
            title=title,
            mode="exam",
            closes_at=closes_at,
            result_visibility=visibility,
            answer_visibility="never",
            explanation_visibility="never",
        )

    return [
        quiz("即时公布", "immediately", now + timedelta(days=3)),
        quiz("结束后公布（未结束）", "after_close", now + timedelta(days=3)),
        quiz("结束后公布（已结束）", "after_close", now - timedelta(days=1)),
        quiz("不公布", "never", now + timedelta(days=3)),
        quiz("结束后公布（无结束时间）", "after_close", None),
    ]


def test_withheld_sources_agree_with_the_record_by_record_answer(quizzes):
    official, other = UserFactory(), UserFactory()
    viewers = [official, UserFactory(role="lead"), UserFactory(role="trainer"), None]
    now = timezone.now()
    for viewer in viewers:
        withheld = record_scores_withheld(viewer, now)
        for quiz in quizzes:
            source = f"quizzes.quiz:{quiz.pk}"
            for owner in (official, other):
                record = StudyRecord(user=owner, kind=StudyRecordKind.QUIZ_ATTEMPT, source=source)
                assert withheld.get(source) == record_score_hidden(record, viewer, now), (
                    quiz.title,
                    viewer,
                    owner,
                )
    # What is withheld from an official: the unreleased ones, each with its reason; nothing
    # from a trainer, who sees every grade.
    withheld = record_scores_withheld(official, now)
    assert sorted(withheld) == sorted(f"quizzes.quiz:{q.pk}" for q in quizzes[1:2] + quizzes[3:])
    assert all(withheld.values())
    assert record_scores_withheld(viewers[2], now) == {}


def test_a_quiz_that_closes_releases_its_scores_in_both_answers(quizzes):
    official = UserFactory()
    after_close = quizzes[1]
    source = f"quizzes.quiz:{after_close.pk}"
    later = after_close.closes_at + timedelta(seconds=1)
    assert source in record_scores_withheld(official, timezone.now())
    assert source not in record_scores_withheld(official, later)
    record = StudyRecord(user=official, kind=StudyRecordKind.QUIZ_ATTEMPT, source=source)
    assert record_score_hidden(record, official, later) is None
