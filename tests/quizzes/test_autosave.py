"""The autosave's one-statement path (quizzes.autosave, issue 14): an answer to one's own open
attempt is one UPDATE once the paper is known to the process, and it stores what the full path
stores; whenever anything is unusual the full path decides, with its own errors."""

from datetime import timedelta
from decimal import Decimal
from random import Random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import autosave
from quizzes.errors import QuizError
from quizzes.models import ANSWER_GRACE, Answer, AttemptStatus
from quizzes.services import UNCHANGED, answer_save, attempt_start, attempt_submit
from tests.factories import UserFactory

from .factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_papers():
    autosave.kept.clear()
    yield
    autosave.kept.clear()


def _exam(**fields):
    bank = QuestionFactory().bank
    multiple(bank=bank)
    true_false(bank=bank)
    fill(bank=bank)
    fields.setdefault("mode", "exam")
    return make_quiz(rules=[{"bank": bank, "count": 4, "points": Decimal("5")}], **fields)


RESPONSES = {"single": "C", "multiple": ["A", "C"], "true_false": False, "fill": ["60", "30"]}


def _paper(attempt):
    return {aq.question.question_type: aq for aq in attempt.paper.select_related("question")}


def _save(attempt, user, aq, response=UNCHANGED, flagged=None, now=None):
    return answer_save(
        attempt_id=attempt.pk,
        user=user,
        attempt_question_id=aq.pk,
        response=response,
        flagged=flagged,
        now=now or timezone.now(),
    )


def test_a_save_is_one_statement_once_the_paper_is_known():
    official = UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(1))
    paper = _paper(attempt)
    with CaptureQueriesContext(connection) as first:
        _save(attempt, official, paper["single"], "C")
    with CaptureQueriesContext(connection) as later:
        _save(attempt, official, paper["multiple"], ["A", "C"])
    assert len(first) == 2  # the paper's facts, then the UPDATE
    assert len(later) == 1, [q["sql"] for q in later]
    assert later[0]["sql"].lstrip().upper().startswith("UPDATE")


def test_it_stores_what_the_full_path_stores(monkeypatch):
    """The same responses saved by each path leave the same rows."""
    official = UserFactory()
    exam = _exam(attempts_allowed=2)
    fast = attempt_start(quiz=exam, user=official, now=timezone.now(), rng=Random(2))
    for qtype, aq in _paper(fast).items():
        _save(fast, official, aq, RESPONSES[qtype], flagged=qtype == "fill")
    attempt_submit(attempt=fast, now=timezone.now())
    monkeypatch.setattr("quizzes.services.answer_save_fast", lambda **kw: None)
    full = attempt_start(quiz=exam, user=official, now=timezone.now(), rng=Random(2))
    for qtype, aq in _paper(full).items():
        _save(full, official, aq, RESPONSES[qtype], flagged=qtype == "fill")

    def stored(attempt):
        return {
            a.attempt_question.question_id: (a.response, a.flagged)
            for a in Answer.objects.filter(attempt=attempt).select_related("attempt_question")
        }

    assert stored(fast) == stored(full)
    assert len(stored(fast)) == 4 and all(r is not None for r, _f in stored(fast).values())


def test_a_flag_alone_and_a_cleared_answer_are_saved():
    official = UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(3))
    aq = _paper(attempt)["single"]
    _save(attempt, official, aq, "C")
    _save(attempt, official, aq, flagged=True)
    answer = Answer.objects.get(attempt_question=aq)
    assert (answer.response, answer.flagged) == ("C", True)
    _save(attempt, official, aq, None)
    assert Answer.objects.get(attempt_question=aq).response is None


def test_an_attempt_submitted_after_its_paper_was_kept_refuses_the_save():
    official = UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(4))
    paper = _paper(attempt)
    _save(attempt, official, paper["single"], "C")  # the paper is now kept by this process
    attempt_submit(attempt=attempt, now=timezone.now())
    with pytest.raises(QuizError) as refused:
        _save(attempt, official, paper["single"], "A")
    assert (refused.value.code, refused.value.status) == ("closed", 409)
    assert Answer.objects.get(attempt_question=paper["single"]).response == "C"


def test_another_official_cannot_save_into_a_kept_paper():
    official, other = UserFactory(), UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(5))
    aq = _paper(attempt)["single"]
    _save(attempt, official, aq, "C")
    with pytest.raises(QuizError) as refused:
        _save(attempt, other, aq, "A")
    assert refused.value.status == 404
    assert Answer.objects.get(attempt_question=aq).response == "C"


def test_a_response_that_does_not_fit_gets_the_full_paths_error():
    official = UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(6))
    paper = _paper(attempt)
    _save(attempt, official, paper["single"], "C")
    for qtype, bad in (("single", "Z"), ("multiple", "AC"), ("true_false", "对"), ("fill", [1])):
        with pytest.raises(QuizError) as refused:
            _save(attempt, official, paper[qtype], bad)
        assert (refused.value.code, refused.value.status) == ("bad_response", 400), qtype
    with pytest.raises(QuizError):
        _save(attempt, official, paper["single"], flagged="yes")


def test_a_question_not_on_the_paper_is_refused():
    official = UserFactory()
    mine = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(7))
    theirs = attempt_start(quiz=_exam(), user=UserFactory(), now=timezone.now(), rng=Random(7))
    _save(mine, official, _paper(mine)["single"], "C")
    with pytest.raises(QuizError) as refused:
        _save(mine, official, _paper(theirs)["single"], "C")
    assert (refused.value.code, refused.value.status) == ("bad_question", 400)


def test_the_deadline_holds_on_the_fast_path():
    """Inside the grace an answer on its way is saved; past it the attempt is submitted with
    what was saved, and the late answer is refused."""
    official = UserFactory()
    start = timezone.now()
    attempt = attempt_start(
        quiz=_exam(time_limit_minutes=30), user=official, now=start, rng=Random(8)
    )
    paper = _paper(attempt)
    _save(attempt, official, paper["single"], "C", now=start + timedelta(minutes=1))
    in_grace = attempt.deadline + ANSWER_GRACE / 2
    _save(attempt, official, paper["multiple"], ["A", "C"], now=in_grace)
    assert Answer.objects.get(attempt_question=paper["multiple"]).response == ["A", "C"]
    late = attempt.deadline + ANSWER_GRACE + timedelta(seconds=1)
    with pytest.raises(QuizError) as refused:
        _save(attempt, official, paper["fill"], ["60", "30"], now=late)
    assert refused.value.status == 409
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS
    assert Answer.objects.get(attempt_question=paper["fill"]).response is None


def test_practice_with_instant_feedback_still_gets_its_feedback(client):
    official = UserFactory()
    practice = _exam(mode="quiz", instant_feedback=True)
    attempt = attempt_start(quiz=practice, user=official, now=timezone.now(), rng=Random(9))
    aq = _paper(attempt)["single"]
    client.force_login(official)
    response = client.post(
        reverse("quizzes:api_answer", args=[attempt.pk]),
        {"question": aq.pk, "response": "B"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["feedback"]["correct"] is True


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request is served
def test_a_connection_lost_under_a_save_is_tried_once_more_on_a_new_one(client, monkeypatch):
    """PostgreSQL's connection cut mid-request (the rush's pg-terminate fault): the save is
    tried again on a new connection and acknowledged, instead of a 500 the page must retry."""
    from django.db import OperationalError

    official = UserFactory()
    attempt = attempt_start(quiz=_exam(), user=official, now=timezone.now(), rng=Random(10))
    aq = _paper(attempt)["single"]
    real = autosave.answer_save_fast
    calls = []

    def cut_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("terminating connection due to administrator command")
        return real(**kwargs)

    monkeypatch.setattr("quizzes.services.answer_save_fast", cut_once)
    client.force_login(official)
    response = client.post(
        reverse("quizzes:api_answer", args=[attempt.pk]),
        {"question": aq.pk, "response": "C"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert len(calls) == 2
    assert Answer.objects.get(attempt_question=aq).response == "C"
