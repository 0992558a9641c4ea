"""A shuffled practice in Chromium (issue 10): the feedback's letter is the letter on screen of
the right option's text, and the review after submitting shows the same letters."""

import re
import time

import pytest

from quizzes.models import Answer, Attempt, AttemptQuestion
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.quizzes.factories import QuestionFactory, fill, make_quiz, multiple, true_false

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Stored: A 30日, B 60日, C 90日, D 15日. Shown reversed / rotated, so that no key keeps its letter.
ORDERS = {"single": ["D", "C", "B", "A"], "multiple": ["B", "C", "D", "A"]}
PAIR = re.compile(r"([A-H]) (\d+日)")


def _wait_for(predicate, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _labels(question) -> dict[str, str]:
    """Option text → the letter shown beside it, read off the page."""
    shown = {}
    for option in question.locator("label.option").all():
        label = option.locator(".option__label").inner_text().strip()
        shown[option.inner_text().strip()[len(label) :].strip()] = label
    return shown


def test_shuffled_practice_feedback_and_review_letters_match_the_screen(
    browser, live_server, screenshot
):
    official = UserFactory(username="luanxu", name="乱序甲")
    quiz = make_quiz(
        questions=[QuestionFactory(), multiple(), true_false(), fill()],
        title="乱序练习（测试）",
        mode="practice",
        shuffle_options=True,
        instant_feedback=True,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, official.username, TEST_PASSWORD)
    page.goto(live_server.url + quiz.url)
    with page.expect_navigation():
        page.locator("#main form button[type=submit]").first.click()
    attempt = Attempt.objects.get(quiz=quiz, user=official)
    # The draw is random; give the paper a known order that moves every key, then reload.
    for aq in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        if aq.question.question_type in ORDERS:
            aq.option_order = ORDERS[aq.question.question_type]
            aq.save(update_fields=["option_order"])
    page.reload()

    single, multi, judge = page.locator("#q-1"), page.locator("#q-2"), page.locator("#q-3")
    single_labels, multi_labels = _labels(single), _labels(multi)
    assert single_labels == {"15日": "A", "90日": "B", "60日": "C", "30日": "D"}

    # 单选, answered wrong (30日): the feedback names the right text and its letter on screen.
    single.locator("label.option", has_text="30日").click()
    single.locator(".feedback__bad").wait_for()
    said = single.locator(".feedback__bad").inner_text()
    pairs = PAIR.findall(said)
    assert pairs == [("C", "60日")], said
    for letter, text in pairs:
        assert single_labels[text] == letter

    # 多选, answered wrong (30日 + 15日): every key letter in the feedback is the screen's.
    multi.locator("label.option", has_text="30日").click()
    multi.locator("label.option", has_text="15日").click()
    assert _wait_for(
        lambda: (
            sorted(Answer.objects.get(attempt=attempt, attempt_question__position=2).response or [])
            == ["A", "D"]
        )
    )
    multi.locator(".feedback__bad").wait_for()
    page.wait_for_function(
        "() => document.querySelector('#q-2 .feedback__bad').textContent.includes('90日')"
    )
    said = multi.locator(".feedback__bad").inner_text()
    pairs = PAIR.findall(said)
    assert sorted(text for _l, text in pairs) == ["30日", "90日"], said
    for letter, text in pairs:
        assert multi_labels[text] == letter, (letter, text, multi_labels)

    # 判断, answered wrong: the feedback says 对.
    judge.locator("input[value=false]").check()
    judge.locator(".feedback__bad").wait_for()
    assert judge.locator(".feedback__bad").inner_text().rstrip().endswith("对")
    screenshot(page, "quizzes-shuffled-practice-feedback", full_page=False)

    with page.expect_navigation():
        page.locator("#submit-attempt").click()
    assert "/result/" in page.url
    review = page.locator("article.question")
    for number, labels, keys in (
        (0, single_labels, {"60日"}),
        (1, multi_labels, {"30日", "90日"}),
    ):
        card = review.nth(number)
        assert _labels_in_review(card) == labels  # the review keeps the paper's letters
        line = card.locator(".review-key").inner_text()
        letters = line.split(":")[-1].split("：")[-1].strip()
        assert {text for text, label in labels.items() if label in letters} == keys, line
        marked = {li.inner_text().strip()[1:].strip() for li in card.locator("li.is-key").all()}
        assert marked == keys
    assert review.nth(0).locator(".review-answer").inner_text().strip().endswith("D")
    assert review.nth(2).locator(".review-key").inner_text().strip().endswith("对")
    screenshot(page, "quizzes-shuffled-practice-review")
    context.close()


def _labels_in_review(card) -> dict[str, str]:
    shown = {}
    for li in card.locator("ul.options li").all():
        label = li.locator(".option__label").inner_text().strip()
        shown[li.inner_text().strip()[len(label) :].strip()] = label
    return shown
