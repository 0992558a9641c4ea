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
