"""A full exam in the browser: autosave, reload, going offline, submitting, the timer running out."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from quizzes.models import Answer, Attempt, AttemptStatus
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.quizzes.factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, timeout=15.0):
    """Poll the database (the browser saves in the background) until ``predicate()`` holds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _saved(attempt, position):
    return Answer.objects.get(attempt=attempt, attempt_question__position=position).response


@pytest.fixture
def exam(transactional_db):
    questions = [
        QuestionFactory(category="办理"),
        multiple(),
        true_false(),
        fill(),
        *[QuestionFactory() for _ in range(6)],
    ]
    return make_quiz(
        questions=questions,
        title="年度考试（测试）",
        mode="exam",
        points=Decimal("10"),
        time_limit_minutes=30,
        questions_per_page=5,
        pass_mark=Decimal("60"),
    )


@pytest.fixture
def official(transactional_db):
    return UserFactory(username="kaoshi", name="考生甲")


def _start(page, live_server, exam):
    page.goto(live_server.url + exam.url)
    with page.expect_navigation():
        page.locator("#main form button[type=submit]").first.click()
    return Attempt.objects.get(quiz=exam)


def test_full_exam_with_reload_and_offline(browser, live_server, exam, official, screenshot):
    """Answers save as given, survive a reload and a spell offline, and the submit scores them."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, official.username, TEST_PASSWORD)
    attempt = _start(page, live_server, exam)
    assert page.locator("#countdown").inner_text() != "--:--"

    # Question 1 (single choice, key B): find option B's value through its text.
    q1 = page.locator("#q-1")
    q1.locator("label.option", has_text="60日").click()
    assert _wait_for(lambda: _saved(attempt, 1) == "B")
    q2 = page.locator("#q-2")
    q2.locator("label.option", has_text="30日").click()
    q2.locator("label.option", has_text="90日").click()
    q2.locator(".flag__input").check()
    assert _wait_for(lambda: sorted(_saved(attempt, 2) or []) == ["A", "C"])
    screenshot(page, "quizzes-exam-desktop-1920", full_page=False)

    # Reload mid-exam: the answers and the review flag come back from the server.
    page.reload()
    assert page.locator("#q-1 input[value=B]").is_checked()
    assert page.locator("#q-2 .flag__input").is_checked()
    assert "is-flagged" in page.locator("[data-nav]").nth(1).get_attribute("class")

    # Offline: the answer is queued, the page says so; back online it is saved.
    context.set_offline(True)
    page.locator("#q-3 input[value=true]").check()
    page.wait_for_selector("#save-state.save-state--warn")
    assert _saved(attempt, 3) is None
    time.sleep(2)
    context.set_offline(False)
    assert _wait_for(lambda: _saved(attempt, 3) is True, timeout=40)
    page.wait_for_selector("#save-state.save-state--ok")

    # 切屏: leaving the page and coming back is counted once on the attempt.
    for state in ("hidden", "visible"):
        page.evaluate(
            "s => { Object.defineProperty(document, 'visibilityState', {value: s, configurable: true});"
            " document.dispatchEvent(new Event('visibilitychange')); }",
            state,
        )
    assert _wait_for(lambda: Attempt.objects.get(pk=attempt.pk).tab_switches == 1)

    # Paged navigation: question 4 is on the first page; question 6 is reached via the list.
    page.locator("#q-4 input[data-blank='0']").fill("６０")
    page.locator("#q-4 input[data-blank='1']").fill("30")
    assert _wait_for(lambda: _saved(attempt, 4) == ["６０", "30"])
    assert page.locator("#q-6").is_hidden()
    page.locator("[data-nav]").nth(5).click()
    assert page.locator("#q-6").is_visible()

    with page.expect_navigation():
        page.locator("#submit-attempt").click()
    assert "/result/" in page.url
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("40.00")  # four right answers of ten, 10 points each
    assert page.locator(".stat__value").first.inner_text().startswith("40")
    screenshot(page, "quizzes-result-desktop-1920")
    context.close()


def test_timer_runs_out_and_submits(page, live_server, exam, official):
    """With seconds left, the countdown reaches zero and the attempt is submitted automatically."""
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, official.username, TEST_PASSWORD)
    attempt = _start(page, live_server, exam)
    page.locator("#q-1 label.option", has_text="60日").click()
    assert _wait_for(lambda: _saved(attempt, 1) == "B")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    page.wait_for_url("**/result/", timeout=20000)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("10.00")
    assert attempt.submitted_by == "deadline"


def test_exam_on_a_phone(phone_page, live_server, exam, official, screenshot):
    """At 375 px the attempt page fits the width and an answer can be given (in Chinese)."""
    phone_page.set_extra_http_headers({"Accept-Language": "zh-CN,zh;q=0.9"})
    sign_in(phone_page, live_server, official.username, TEST_PASSWORD)
    attempt = _start(phone_page, live_server, exam)
    phone_page.locator("#q-1 label.option", has_text="60日").tap()
    assert _wait_for(lambda: _saved(attempt, 1) == "B")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert "剩余时间" in phone_page.locator(".attempt-bar").inner_text()
    screenshot(phone_page, "quizzes-exam-phone-375")
