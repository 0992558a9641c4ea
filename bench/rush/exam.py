"""The rush's exam: the demo annual exam, opened now, with a paper of ``QUESTIONS`` questions.

Issue 14 has every official answer all 50 questions; the demo's annual exam draws 25 from an
exam-only bank of 29. For the bench, the exam-only bank is topped up with generated questions
(``【考试题】`` stems, keys valid for their type) until each draw rule can be met, and the rules
are set to 50 questions of 2 points (20 single choice, 12 multiple, 12 true/false, 6 fill-in;
the division-rank rules likewise). Runs inside Django (``manage.py shell``, or after
``django.setup()``); never used outside bench/.
"""

import datetime
from decimal import Decimal

QUESTIONS = 50
TYPES = [("single", 20), ("multiple", 12), ("true_false", 12), ("fill", 6)]
POINTS = Decimal("2")  # 50 × 2 = 100


def _generated(bank, qtype: str, n: int):
    from quizzes.models import Question

    stem = f"【考试题】第{n}题（{qtype}）：依照《信访工作条例》，下列说法正确的是（  ）。"
    question = Question(bank=bank, question_type=qtype, stem=f"<p>{stem}</p>", category="总则")
    if qtype in ("single", "multiple"):
        question.option_a, question.option_b = "甲说法", "乙说法"
        question.option_c, question.option_d = "丙说法", "丁说法"
        question.answer = "ABCD"[n % 4] if qtype == "single" else "AC"
    elif qtype == "true_false":
        question.answer = "对" if n % 2 else "错"
    else:
        question.answer = f"答{n}"
    question.full_clean(exclude=["stem_text"])
    return question


def rush_exam(*, now=None):
    """The open annual exam with a 50-question paper; returns the QuizPage."""
    from django.utils import timezone

    from quizzes.models import Question, QuizDrawRule, QuizPage

    now = now or timezone.now()
    exam = QuizPage.objects.filter(mode="exam").live().first()
    bank = exam.draw_rules.first().bank
    for qtype, count in TYPES:
        have = Question.objects.filter(bank=bank, question_type=qtype, is_active=True).count()
        for n in range(have, count):
            _generated(bank, qtype, n).save()
    exam.draw_rules = [
        QuizDrawRule(bank=bank, count=count, question_type=qtype, points=POINTS, rank=rank)
        for rank in ("", "division")
        for qtype, count in TYPES
    ]
    exam.opens_at = now - datetime.timedelta(hours=1)
    exam.closes_at = now + datetime.timedelta(hours=6)
    exam.time_limit_minutes = max(exam.time_limit_minutes or 0, 60)
    exam.save_revision().publish()
    exam.refresh_from_db()
    return exam
