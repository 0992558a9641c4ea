"""The attempt routes tell nobody whether another official's attempt exists (issue 9): for
every route and every kind of body — a form post, no body, bad JSON, a wrong shape, a valid
answer naming a question of that attempt's paper — another's attempt (running or submitted)
answers exactly as an id that names nothing. The body checks of the answer API come first
(docs/quizzes.md: they read only the request), so their 415/413/400 is the same for any id."""

import json

import pytest
from django.utils import timezone

from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, make_quiz, true_false

pytestmark = pytest.mark.django_db

NOTHING = 2**62 + 7

BODIES = {
    "form": ({"question": "1"}, None),
    "empty": ("", "application/json"),
    "bad json": ("{", "application/json"),
    "a list": ("[1]", "application/json"),
    "no question": ("{}", "application/json"),
    "huge": ("x" * 20000, "application/json"),
}


def _send(client, url, body, content_type):
    if content_type is None:
        return client.post(url, body)
    return client.post(url, body, content_type=content_type)


def _answer(response):
    return response.status_code, response.content


@pytest.fixture
def attempts(official):
    quiz = make_quiz(questions=[QuestionFactory(), true_false()], title="存在性测验")
    now = timezone.now()
    running = attempt_start(quiz=quiz, user=official, now=now)
    submitted = attempt_submit(
        attempt=attempt_start(quiz=quiz, user=UserFactory(), now=now), now=now
    )
    return running, submitted


@pytest.mark.parametrize("which", ["running", "submitted"])
def test_another_s_attempt_answers_as_none_on_every_route(client, attempts, which):
    running, submitted = attempts
    target = running if which == "running" else submitted
    client.force_login(UserFactory())  # not the owner
    question = target.paper.first().pk
    bodies = {
        **BODIES,
        "valid": (json.dumps({"question": question, "response": "A"}), "application/json"),
    }
    for name in ("answer", "state", "leave", "submit"):
        for label, (body, content_type) in bodies.items():
            real, none = (f"/quizzes/api/attempts/{pk}/{name}/" for pk in (target.pk, NOTHING))
            if name == "state":
                pair = client.get(real), client.get(none)
            else:
                pair = (
                    _send(client, real, body, content_type),
                    _send(client, none, body, content_type),
                )
            assert _answer(pair[0]) == _answer(pair[1]), (name, label)
            assert pair[0].status_code in (400, 404, 405, 413, 415), (name, label)
    for page in ("", "result/", "submit/"):
        real, none = (f"/quizzes/attempts/{pk}/{page}" for pk in (target.pk, NOTHING))
        for method in (client.get, client.post):
            a, b = method(real), method(none)
            assert (a.status_code, a.get("Location")) == (b.status_code, b.get("Location"))
            assert a.status_code in (404, 405), (page, method)
