"""The attempt pages and JSON endpoints: bad input gives clear 4xx JSON, keys never leak."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import ANSWER_GRACE, Answer, Attempt, AttemptStatus
from quizzes.services import attempt_start
from tests.factories import UserFactory

from .factories import QuestionFactory, make_quiz

pytestmark = pytest.mark.django_db

SECRET_EXPLANATION = "解析秘密文字XYZ"


def _post(client, url, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **extra)


@pytest.fixture
def attempt(quiz, official):
    return attempt_start(quiz=quiz, user=official, now=timezone.now())


def _url(name, attempt):
    return reverse(f"quizzes:{name}", kwargs={"attempt_id": attempt.pk})


def test_save_and_resume_state(official_client, attempt):
    """A saved answer comes back from the state endpoint and in the re-rendered page."""
    aq = attempt.paper.get(question__question_type="fill")
    response = _post(
        official_client,
        _url("api_answer", attempt),
        {"question": aq.pk, "response": ["六十", "30"], "flagged": True},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["status"] == "in_progress"
    state = official_client.get(_url("api_state", attempt)).json()
    assert state["answers"][str(aq.pk)] == {"response": ["六十", "30"], "flagged": True}
    page = official_client.get(_url("attempt", attempt)).content.decode()
    assert 'value="六十"' in page


def test_saving_twice_is_idempotent(official_client, attempt):
    """The same payload twice leaves one answer with that response."""
    aq = attempt.paper.get(question__question_type="single")
    for _ in range(2):
        assert (
            _post(
                official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"}
            ).status_code
            == 200
        )
    assert Answer.objects.filter(attempt_question=aq).count() == 1
    assert Answer.objects.get(attempt_question=aq).response == "B"


@pytest.mark.parametrize(
    "body,status,code",
    [
        ("not json", 400, "bad_json"),
        ("[1, 2]", 400, "bad_json"),
        ({"question": "1", "response": "B"}, 400, "bad_question"),
        ({"question": True, "response": "B"}, 400, "bad_question"),
        ({"question": 999999, "response": "B"}, 400, "bad_question"),
        ({"question": None}, 400, "bad_question"),
        ({"question": 10**30, "response": "B"}, 400, "bad_question"),
        ({"question": -1, "response": "B"}, 400, "bad_question"),
        ('{"question": 1, "response": ' + "[" * 5000 + "]" * 5000 + "}", 400, "bad_json"),
        ("\xff\xfe", 400, "bad_json"),
    ],
)
def test_bad_payloads_are_4xx_json(official_client, attempt, body, status, code):
    """Malformed JSON and wrong question ids give a JSON error, never a 500."""
    response = _post(official_client, _url("api_answer", attempt), body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_bad_response_shape_changes_nothing(official_client, attempt):
    """An option that does not exist is refused and the saved answer stays as it was."""
    aq = attempt.paper.get(question__question_type="single")
    _post(official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"})
    response = _post(
        official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "Z"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_response"
    assert Answer.objects.get(attempt_question=aq).response == "B"


def test_huge_payload_is_refused(official_client, attempt):
    """A body over the limit gets 413 before it is parsed."""
    aq = attempt.paper.first()
    body = json.dumps({"question": aq.pk, "response": "x" * 100_000})
    response = _post(official_client, _url("api_answer", attempt), body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_another_officials_attempt_is_404_everywhere(client, attempt):
    """Another official gets 404 from every endpoint and page of someone else's attempt."""
    client.force_login(UserFactory())
    aq = attempt.paper.first()
    assert (
        _post(client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"}).status_code
        == 404
    )
    assert client.get(_url("api_state", attempt)).status_code == 404
    assert _post(client, _url("api_leave", attempt), {}).status_code == 404
    assert _post(client, _url("api_submit", attempt), {}).status_code == 404
    assert client.get(_url("attempt", attempt)).status_code == 404
    assert client.get(_url("attempt_result", attempt)).status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_after_deadline_and_grace_save_is_409_and_attempt_submitted(official_client, attempt):
    """A save after the server deadline and its grace is refused (409); the attempt is submitted."""
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - ANSWER_GRACE - timedelta(seconds=1)
    )
    aq = attempt.paper.first()
    response = _post(
        official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "closed"
    assert Attempt.objects.get(pk=attempt.pk).submitted_by == "deadline"


def test_an_answer_sent_as_the_time_ran_out_is_saved(official_client, attempt):
    """A save arriving a second after the deadline (the page sends its queue as it locks) is
    saved; the state says the time is up; reading the state or the result page submits nothing."""
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    aq = attempt.paper.first()
    response = _post(
        official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"}
    )
    assert response.status_code == 200 and response.json()["expired"] is True
    assert Answer.objects.get(attempt_question=aq).response == "B"
    state = official_client.get(_url("api_state", attempt)).json()
    assert state["expired"] is True and state["answers"][str(aq.pk)]["response"] == "B"
    page = official_client.get(_url("attempt_result", attempt))
    assert page.status_code == 200
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_a_late_get_shows_time_up_and_writes_nothing(official_client, attempt):
    """Long after the deadline, before the periodic step ran: the attempt page and the state
    read the attempt as over (time up, saved answers counted) and submit nothing; the next POST
    submits it at the deadline."""
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    aq = attempt.paper.first()
    Answer.objects.filter(attempt_question=aq).update(response="B")
    take = official_client.get(_url("attempt", attempt))
    assert take.status_code == 302 and take.url.endswith(_url("attempt_result", attempt))
    page = official_client.get(_url("attempt_result", attempt))
    assert page.context["saved"] == 1 and page.context["total"] == attempt.paper.count()
    assert official_client.get(_url("api_state", attempt)).json()["expired"] is True
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS
    response = _post(official_client, _url("api_leave", attempt), {})
    assert response.status_code == 409
    submitted = Attempt.objects.get(pk=attempt.pk)
    assert submitted.status != AttemptStatus.IN_PROGRESS
    assert submitted.submitted_at == submitted.deadline


def test_wrong_method_is_405(official_client, attempt):
    """GET on the save endpoint is refused."""
    assert official_client.get(_url("api_answer", attempt)).status_code == 405


def test_csrf_is_enforced(official, attempt):
    """Without the CSRF token a POST is refused (403) and nothing is saved."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    aq = attempt.paper.get(question__question_type="single")
    response = _post(client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"})
    assert response.status_code == 403
    assert Answer.objects.get(attempt_question=aq).response is None


def test_tab_switches_counted(official_client, attempt):
    """Each leave signal adds one to the attempt's 切屏 count."""
    for _ in range(3):
        assert _post(official_client, _url("api_leave", attempt), {}).status_code == 200
    assert Attempt.objects.get(pk=attempt.pk).tab_switches == 3


def test_submit_twice_via_api_gives_the_same_result(official_client, attempt):
    """Submitting twice through the API returns the same result URL; one result exists."""
    first = _post(official_client, _url("api_submit", attempt), {}).json()
    second = _post(official_client, _url("api_submit", attempt), {}).json()
    assert first["result_url"] == second["result_url"]
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.FINAL


def test_keys_and_explanations_never_leak_before_review(official_client, official):
    """While taking, and after submitting with review 'after close', neither the page nor any
    JSON contains the key or the explanation."""
    question = QuestionFactory(
        option_a="甲选项", option_b="乙选项正确", answer="B", explanation=SECRET_EXPLANATION
    )
    quiz = make_quiz(
        questions=[question],
        answer_visibility="after_close",
        explanation_visibility="after_close",
        closes_at=timezone.now() + timedelta(days=1),
    )
    official_client.post(quiz.url)
    attempt = Attempt.objects.get(user=official, quiz=quiz)
    aq = attempt.paper.get()
    bodies = [
        official_client.get(_url("attempt", attempt)).content.decode(),
        official_client.get(_url("api_state", attempt)).content.decode(),
        _post(
            official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "A"}
        ).content.decode(),
        official_client.get(quiz.url).content.decode(),
        _post(official_client, _url("api_submit", attempt), {}).content.decode(),
        official_client.get(_url("attempt_result", attempt)).content.decode(),
    ]
    for body in bodies:
        assert SECRET_EXPLANATION not in body
        assert '"key"' not in body
        assert "review-key" not in body and "is-key" not in body


def test_review_shows_keys_when_allowed(official_client, quiz, official):
    """With review 'immediately' the result page shows the correct answer and explanation."""
    official_client.post(quiz.url)
    attempt = Attempt.objects.get(user=official, quiz=quiz)
    _post(official_client, _url("api_submit", attempt), {})
    page = official_client.get(_url("attempt_result", attempt)).content.decode()
    assert "第三十四条：60日内办结。" in page and "review-key" in page


def test_instant_feedback_only_in_practice(official_client, official):
    """Practice with instant feedback returns the key for the answered question only."""
    question = QuestionFactory(answer="B")
    other = QuestionFactory(answer="C", explanation=SECRET_EXPLANATION)
    quiz = make_quiz(questions=[question, other], mode="practice", instant_feedback=True)
    official_client.post(quiz.url)
    attempt = Attempt.objects.get(user=official, quiz=quiz)
    aq = attempt.paper.get(question=question)
    body = _post(
        official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "A"}
    ).json()
    assert body["feedback"] == {
        "correct": False,
        "key": "B",
        "key_options": [{"label": "B", "text": "60日"}],
        "explanation": question.explanation,
    }
    assert SECRET_EXPLANATION not in json.dumps(body, ensure_ascii=False)


def test_attempt_page_query_count_is_constant(
    official_client, official, django_assert_max_num_queries
):
    """The attempt page costs the same number of queries for 5 or 60 questions."""
    small = make_quiz(questions=[QuestionFactory() for _ in range(5)])
    large = make_quiz(questions=[QuestionFactory() for _ in range(60)], title="大卷")
    counts = []
    for quiz in (small, large):
        attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        official_client.get(_url("attempt", attempt))  # warm the per-site caches first
        with CaptureQueriesContext(connection) as ctx:
            assert official_client.get(_url("attempt", attempt)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        official_client.get(_url("attempt", attempt))


def test_attempt_page_has_no_inline_script_or_style(official_client, attempt):
    """The strict CSP holds: no inline script, style attribute or on* handler."""
    html = official_client.get(_url("attempt", attempt)).content.decode()
    assert "<script>" not in html and "style=" not in html and " onclick" not in html
    assert "quizzes/attempt.js" in html


def test_flag_only_keeps_the_response(official_client, attempt):
    """A body with only "flagged" marks the question for review and keeps the saved response."""
    aq = attempt.paper.get(question__question_type="single")
    _post(official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"})
    response = _post(
        official_client, _url("api_answer", attempt), {"question": aq.pk, "flagged": True}
    )
    assert response.status_code == 200
    answer = Answer.objects.get(attempt_question=aq)
    assert (answer.response, answer.flagged) == ("B", True)
    bad = _post(official_client, _url("api_answer", attempt), {"question": aq.pk, "flagged": "yes"})
    assert bad.status_code == 400


def test_quiz_page_query_count_constant(
    official_client, official, quiz, django_assert_max_num_queries
):
    """The quiz page costs the same queries after 1 or 6 attempts and a larger bank."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sit():
        attempt = attempt_start(quiz=quiz, user=official, now=timezone.now())
        _post(official_client, _url("api_submit", attempt), {})

    from django.core.cache import cache

    sit()
    official_client.get(quiz.url)
    cache.clear()  # the uncached cost on both sides (the paper's size and menu are cached)
    with CaptureQueriesContext(connection) as ctx:
        official_client.get(quiz.url)
    before = len(ctx.captured_queries)  # read now: the next request resets the query log
    for _ in range(5):
        sit()
    for _ in range(20):
        QuestionFactory()
    cache.clear()
    with django_assert_max_num_queries(before):
        assert official_client.get(quiz.url).status_code == 200


def test_signed_out_is_401_json_not_a_redirect(client, attempt):
    """After the session ends, the endpoints answer 401 JSON (the page keeps the answer) instead
    of redirecting to the sign-in page, which a script could mistake for success."""
    aq = attempt.paper.first()
    response = _post(client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "signed_out"
    assert client.get(_url("api_state", attempt)).status_code == 401
    assert Answer.objects.get(attempt_question=aq).response is None


def test_the_quiz_page_caches_the_paper_size_and_menu_but_shows_changes_at_once(
    official_client, official
):
    """A thousand officials open the exam page in the minute it opens (issue 14): the second
    visit reads the paper's size and the menu's index pages from the cache, and a question
    added to the bank shows in the count on the very next visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizzes.models import QuestionBank

    bank = QuestionBank.objects.create(name="缓存题库")
    for _ in range(3):
        QuestionFactory(bank=bank)
    quiz = make_quiz(rules=[{"bank": bank, "count": 10, "points": 1}], title="缓存卷")
    counts, pages = [], []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            pages.append(official_client.get(quiz.url).content.decode())
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0] - 4, counts  # the draw's queries and the index pages'
    assert "3 道题" in pages[0] and "3 道题" in pages[1]
    QuestionFactory(bank=bank)
    assert "4 道题" in official_client.get(quiz.url).content.decode()


def test_a_save_reads_one_row_and_writes_one(official_client, attempt):
    """The exam rush is thousands of saves a minute (issue 14): beyond the session and the
    user, the first save reads the paper once (answers, attempt, questions together — never
    the quiz page) and every save is one conditional write (quizzes.autosave)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    aq = attempt.paper.get(question__question_type="single")
    with CaptureQueriesContext(connection) as first:
        _post(official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "A"})
    ours = [q["sql"] for q in first.captured_queries if "quizzes_" in q["sql"]]
    assert len(ours) == 2, ours
    assert ours[0].startswith("SELECT") and "wagtailcore_page" not in ours[0]
    assert ours[1].startswith("UPDATE")
    with CaptureQueriesContext(connection) as ctx:
        response = _post(
            official_client, _url("api_answer", attempt), {"question": aq.pk, "response": "B"}
        )
    assert response.status_code == 200 and response.json()["ok"] is True
    ours = [q["sql"] for q in ctx.captured_queries if "quizzes_" in q["sql"]]
    assert len(ours) == 1 and ours[0].startswith("UPDATE"), ours
    assert len(ctx.captured_queries) <= 3  # + the session and the user
