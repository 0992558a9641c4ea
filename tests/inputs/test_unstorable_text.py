"""NUL and lone surrogates in any input: a clear 400, nothing stored, never a 500 (issue 9).

PostgreSQL refuses NUL in text and JSON (``DataError``) and nobody can encode a lone
surrogate; SQLite stores some of them and hides the fault, so these tests assert the refusal
itself (the same answer on both databases)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from case_library.models import FindingDismissal
from quizzes.models import Answer
from quizzes.services import attempt_start
from tests.case_library.factories import DIRTY_FACTS, make_case
from tests.factories import UserFactory
from tests.permissions.urlconf import all_routes

pytestmark = pytest.mark.django_db

BAD_TEXTS = ["六十\u0000", "\ud800", "ok\udfffok"]


@pytest.fixture
def attempt(quiz, official):
    return attempt_start(quiz=quiz, user=official, now=timezone.now())


def _save(client, attempt, body: str):
    url = reverse("quizzes:api_answer", kwargs={"attempt_id": attempt.pk})
    return client.post(url, data=body, content_type="application/json")


@pytest.mark.parametrize("bad", BAD_TEXTS)
def test_autosave_of_a_fill_in_answer_with_unstorable_text_is_400(official_client, attempt, bad):
    """A fill-in answer holding NUL or a lone surrogate is refused (400 JSON ``bad_text``)
    and the answer saved before it stays as it was."""
    aq = attempt.paper.get(question__question_type="fill")
    body = {"question": aq.pk, "response": ["六十", "30"]}
    assert _save(official_client, attempt, json.dumps(body)).status_code == 200
    # json.dumps escapes the character (\u0000, \ud800) exactly as a browser sends it
    body["response"] = [bad, "30"]
    response = _save(official_client, attempt, json.dumps(body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_text"
    assert Answer.objects.get(attempt_question=aq).response == ["六十", "30"]


def test_autosave_of_an_essay_with_a_raw_nul_byte_is_400(official_client, official, essay_quiz):
    """A raw NUL byte inside the JSON string (not an escape) is refused the same way."""
    attempt = attempt_start(quiz=essay_quiz, user=official, now=timezone.now())
    aq = attempt.paper.get()
    body = f'{{"question": {aq.pk}, "response": "a\x00b"}}'
    response = _save(official_client, attempt, body)
    assert response.status_code == 400
    assert Answer.objects.get(attempt_question=aq).response is None


def test_a_surrogate_in_a_json_key_is_400(official_client, attempt):
    """Keys are text too."""
    aq = attempt.paper.get(question__question_type="fill")
    body = f'{{"question": {aq.pk}, "response": ["a", "b"], "\\udc00": 1}}'
    assert _save(official_client, attempt, body).status_code == 400


def test_service_refuses_unstorable_text_without_the_middleware(attempt, official):
    """The answer service refuses it too (defence in depth: a caller other than the API)."""
    from quizzes.services import QuizError, answer_save

    aq = attempt.paper.get(question__question_type="fill")
    with pytest.raises(QuizError) as caught:
        answer_save(
            attempt_id=attempt.pk,
            user=official,
            attempt_question_id=aq.pk,
            response=["\u0000", "30"],
            now=timezone.now(),
        )
    assert caught.value.status == 400


@pytest.mark.parametrize("bad", ["周建华\u0000", "\x00"])
def test_case_findings_form_with_nul_is_400(client, trainer, index, bad):
    """The case-findings form (mark as not personal data) with NUL: 400, nothing stored."""
    page = make_case(index=index, live=False, facts=DIRTY_FACTS)
    client.force_login(trainer)
    response = client.post(
        f"/admin/cases/{page.pk}/findings/act/",
        {"action": "dismiss", "kind": "person_name", "text": bad},
    )
    assert response.status_code == 400
    assert "cannot be stored" in response.content.decode() or "无法保存" in (
        response.content.decode()
    )
    assert not FindingDismissal.objects.exists()


def test_nul_in_a_query_string_is_400(client, official):
    """A search (or any GET) with NUL in the query string is refused, not sent to the DB."""
    client.force_login(official)
    assert client.get("/search/", {"q": "条例\x00"}).status_code == 400


def test_nul_in_the_path_is_400(client, official):
    """NUL in the path never reaches a slug lookup: refused or not found, not a 500."""
    client.force_login(official)
    client.raise_request_exception = False
    for path in ("/page%00/", "/cases/%00/", "/admin/pages/search/?q=%00"):
        assert client.get(path).status_code in (400, 404), path


def test_json_escape_inside_a_form_field_is_400(client, administrator):
    """Editor widgets post JSON inside form fields; a ``\\u0000`` escape in it decodes to NUL
    on the server and is refused like a raw one."""
    client.force_login(administrator)
    response = client.post(
        "/admin/pages/add/quizzes/quizpage/1/",
        {"title": "x", "body": json.dumps([{"type": "paragraph", "value": "a\u0000"}])},
    )
    assert response.status_code == 400


def test_ordinary_text_with_backslash_u_is_accepted():
    """Only escapes that decode to NUL or a surrogate are refused, not any backslash-u."""
    from kit.text import form_value_storable

    assert form_value_storable(r"C:\users\u0041")
    assert form_value_storable(json.dumps({"a": "😀 \u4e2d"}))
    assert not form_value_storable(json.dumps({"a": "\ud83d"}))


def test_session_cookie_with_nul_is_ignored(client):
    """A forged session cookie holding NUL is treated as no session (sign-in page), not a 500."""
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    response = client.get("/records/")
    assert response.status_code == 302


def test_every_route_refuses_nul_in_get_and_post(client):
    """Every route of the URL conf, by GET and POST with a NUL field, as an administrator:
    400, never a 500."""
    client.raise_request_exception = False
    client.force_login(UserFactory(role="administrator"))
    failures = []
    for route in all_routes():
        if route.regex:
            continue  # no URL to build from a regular expression
        url = route.url()
        for method in (client.get, client.post):
            status = method(url, {"q": "\x00", "title": "\x00"}).status_code
            if status != 400:
                failures.append(f"{method.__name__.upper()} {url}: {status}")
    assert failures == []
