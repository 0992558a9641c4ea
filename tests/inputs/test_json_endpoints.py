"""The JSON endpoints take JSON only: a form post (multipart or url-encoded) is a clear 415,
never a 500 (issue 9: ``RawPostDataException`` once the form parser had read the stream)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Answer, Attempt
from quizzes.services import attempt_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(quiz, official):
    return attempt_start(quiz=quiz, user=official, now=timezone.now())


def _answer_url(attempt):
    return reverse("quizzes:api_answer", kwargs={"attempt_id": attempt.pk})


@pytest.mark.parametrize(
    "encoding", ["multipart", "urlencoded", "text/plain", "missing"], ids=lambda e: e
)
def test_answer_api_refuses_anything_but_json_with_415(official_client, attempt, encoding):
    aq = attempt.paper.get(question__question_type="single")
    before = list(Answer.objects.filter(attempt=attempt).values_list("response", "flagged"))
    url = _answer_url(attempt)
    if encoding == "multipart":
        response = official_client.post(url, {"question": aq.pk, "response": "B"})
    elif encoding == "urlencoded":
        response = official_client.post(
            url, f"question={aq.pk}&response=B", content_type="application/x-www-form-urlencoded"
        )
    elif encoding == "text/plain":
        response = official_client.post(
            url, f'{{"question": {aq.pk}, "response": "B"}}', content_type="text/plain"
        )
    else:
        response = official_client.generic(
            "POST", url, f'{{"question": {aq.pk}, "response": "B"}}'.encode(), content_type=""
        )
    assert response.status_code == 415, response.content
    body = response.json()
    assert body["ok"] is False and body["error"]["code"] == "not_json"
    assert body["error"]["message"]
    after = list(Answer.objects.filter(attempt=attempt).values_list("response", "flagged"))
    assert after == before


def test_answer_api_still_takes_json_with_a_charset(official_client, attempt):
    aq = attempt.paper.get(question__question_type="single")
    response = official_client.post(
        _answer_url(attempt),
        f'{{"question": {aq.pk}, "response": "B"}}',
        content_type="application/json; charset=utf-8",
    )
    assert response.status_code == 200, response.content
    assert Answer.objects.get(attempt_question=aq).response == "B"


@pytest.mark.parametrize("name", ["api_leave", "api_submit"])
def test_body_less_endpoints_ignore_a_form_body(official_client, attempt, name):
    """The endpoints that read no body answer a form post as they answer an empty one."""
    url = reverse(f"quizzes:{name}", kwargs={"attempt_id": attempt.pk})
    response = official_client.post(url, {"anything": "x"})
    assert response.status_code == 200, response.content
    if name == "api_submit":
        attempt.refresh_from_db()
        assert attempt.status != Attempt._meta.get_field("status").default
