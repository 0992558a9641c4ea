"""The attempt page's save queue: one answer that cannot be saved never holds up the others."""

import re
import time

import pytest

from quizzes.models import Answer, Attempt
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.quizzes.factories import QuestionFactory, fill, make_quiz, true_false

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_for(page, predicate, timeout=15.0):
    """Poll the database while letting Playwright run (its route handlers need the loop)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        page.wait_for_timeout(200)
    return False


def _saved(attempt, position):
    return Answer.objects.get(attempt=attempt, attempt_question__position=position).response


@pytest.fixture
def quiz(transactional_db):
    return make_quiz(questions=[fill(), true_false(), QuestionFactory()], title="保存测试")


def _start(page, live_server, quiz):
    sign_in(page, live_server, UserFactory(username="baocun").username, TEST_PASSWORD)
    page.goto(live_server.url + quiz.url)
    with page.expect_navigation():
        page.locator("#main form button[type=submit]").first.click()
    return Attempt.objects.get(quiz=quiz)


def test_a_refused_answer_is_dropped_and_the_others_are_saved(page, live_server, quiz):
    """A fill-in answer holding NUL is refused (400): the question says why, and the answers
    given after it are saved all the same."""
    attempt = _start(page, live_server, quiz)
    page.evaluate(
        "() => { const i = document.querySelector(\"#q-1 input[data-blank='0']\");"
        " i.value = 'a\\u0000b'; i.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    page.wait_for_selector("#q-1.is-refused")
    assert "NUL" in page.locator("#q-1 .question__state").inner_text()
    page.locator("#q-2 input[value=true]").check()
    assert _wait_for(page, lambda: _saved(attempt, 2) is True)
    assert _saved(attempt, 1) is None
    # Correcting the refused answer saves it and clears the message.
    page.locator("#q-1 input[data-blank='0']").fill("60")
    page.locator("#q-1 input[data-blank='1']").fill("30")
    assert _wait_for(page, lambda: _saved(attempt, 1) == ["60", "30"])
    page.wait_for_selector("#q-1:not(.is-refused)")


def test_a_failing_save_goes_to_the_back_of_the_queue(page, live_server, quiz):
    """While the server keeps failing (500) for one question, the next answers are still sent
    and saved; the failing one is saved once the server recovers."""
    attempt = _start(page, live_server, quiz)
    q1 = attempt.paper.get(position=1).pk
    broken = {"on": True}

    def handle(route):
        body = route.request.post_data or ""
        if broken["on"] and re.search(rf'"question":\s*{q1}\b', body):
            route.fulfill(status=500, body="{}", content_type="application/json")
        else:
            route.continue_()

    page.route("**/api/**", handle)
    page.locator("#q-1 input[data-blank='0']").fill("60")
    page.locator("#q-1 input[data-blank='1']").fill("30")
    page.wait_for_selector("#save-state.save-state--warn")
    page.locator("#q-2 input[value=false]").check()
    assert _wait_for(page, lambda: _saved(attempt, 2) is False, timeout=10)
    assert _saved(attempt, 1) is None
    broken["on"] = False
    assert _wait_for(page, lambda: _saved(attempt, 1) == ["60", "30"], timeout=20)
