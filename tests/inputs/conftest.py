import pytest

from tests.case_library.factories import case_index, grant_trainer_pages
from tests.quizzes.factories import QuestionFactory, essay, fill, make_quiz, multiple, true_false


@pytest.fixture
def quiz(db):
    """A quiz of one question of each auto-scored type, 10 points each."""
    return make_quiz(
        questions=[QuestionFactory(), multiple(), true_false(), fill()], title="季度测验"
    )


@pytest.fixture
def essay_quiz(db):
    return make_quiz(questions=[essay()], title="论述")


@pytest.fixture
def index(db):
    """The case library, editable by trainers."""
    index = case_index()
    grant_trainer_pages(index)
    return index


# Property-based fuzzing (hypothesis): modest example counts by default so the suite stays
# fast; XUEFA_FUZZ=long runs the large profile (see docs/testing notes in the fuzz modules).
def _hypothesis_profiles():
    import os

    from hypothesis import HealthCheck, settings

    # The suite's profile is derandomized: every run (and CI) tries the same examples, so a
    # red CI is reproducible and never depends on a lucky seed; the long profile explores
    # with fresh random examples and is what finds new failures (each becomes an @example).
    common = {
        "deadline": None,
        "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        "database": None,
    }
    settings.register_profile("xuefa", max_examples=25, derandomize=True, **common)
    settings.register_profile("xuefa-long", max_examples=400, derandomize=False, **common)
    settings.load_profile("xuefa-long" if os.environ.get("XUEFA_FUZZ") == "long" else "xuefa")


_hypothesis_profiles()
