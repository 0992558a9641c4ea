"""Writing known ledgers for the report tests (through the ledger service, as apps do)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from records.models import StudyRecordKind
from records.services import study_record_add

YEAR = timezone.localdate().year


def at(year=YEAR, month=3, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def credit(
    user,
    kind=StudyRecordKind.LESSON_STUDIED,
    *,
    hours="1",
    source=None,
    when=None,
    title="学习记录",
    score=None,
    evidence=None,
):
    credit.n = getattr(credit, "n", 0) + 1
    return study_record_add(
        user=user,
        kind=kind,
        source=source or f"test:{credit.n}",
        title=title,
        credit_hours=Decimal(str(hours)),
        score=score,
        occurred_at=when or at(),
        evidence=evidence or {},
    )


def exam(
    user,
    score,
    *,
    passed=True,
    excellent=False,
    when=None,
    source="quizzes.quiz:999",
    title="年度学法考试",
):
    return credit(
        user,
        StudyRecordKind.QUIZ_ATTEMPT,
        hours="2" if passed else "0",
        source=source,
        when=when,
        title=title,
        score=score,
        evidence={"quiz": 999, "mode": "exam", "passed": passed, "excellent": excellent},
    )
