from datetime import UTC, datetime

import pytest

from quizzes.models import AttemptStatus  # noqa: F401 — handy in tests

from .factories import QuestionFactory, essay, fill, make_quiz, multiple, true_false


@pytest.fixture
def now():
    return datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def mixed_questions(db):
    """One question of each automatically scored type, and an essay."""
    return {
        "single": QuestionFactory(),
        "multiple": multiple(),
        "true_false": true_false(),
        "fill": fill(),
        "essay": essay(),
    }


@pytest.fixture
def quiz(db, mixed_questions):
    """A quiz of the four auto-scored questions, 10 points each (40 in all)."""
    qs = [mixed_questions[k] for k in ("single", "multiple", "true_false", "fill")]
    return make_quiz(questions=qs, title="季度测验")
