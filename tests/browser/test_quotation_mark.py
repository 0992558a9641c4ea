"""Browser journey for the quotation check's inline mark (issue 10, "The law as the texts say
it"): a trainer marks words in a lesson's rich text as a quotation of an article (the Draftail
feature 引用条文原文), saves, and is warned that they are not the article's words; the admin's
mismatch report lists the quotation."""

import pytest
from django.utils import translation

from accounts.demo import DEMO_PASSWORD
from courses.models import LessonPage
from courses.quotations import page_quotation_mismatches
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 信访工作条例第二十条第三款 says "提出共同的信访事项的 … 代表人数不得超过5人": these words are not it.
WRONG = "同一信访事项多人走访的，代表人数不超过5人。"
REFERENCE = "xinfang-gongzuo-tiaoli:20"


def _zh(text: str, context: str = "") -> str:
    """The admin follows the browser's language (zh-CN): find controls by their Chinese label."""
    with translation.override("zh-hans"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_trainer_marks_a_wrong_inline_quotation_and_is_warned(page, live_server, demo, screenshot):
    lesson = LessonPage.objects.get(slug="fenlei-chuli")
    assert page_quotation_mismatches(lesson) == []  # the demo lesson starts clean
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")

    # A new text block at the top of the body, with the words typed into it.
    page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
    page.get_by_role("option", name=_zh("Text", "content"), exact=True).click()
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    editor.wait_for()
    editor.click()
    editor.press_sequentially(WRONG)
    assert WRONG in editor.inner_text(), "the words were not typed into the editor"

    # Select them and press the toolbar's 引用条文原文; the prompt asks which article.
    editor.press("Shift+Home")
    page.once("dialog", lambda dialog: dialog.accept(REFERENCE))
    page.locator("button[name='ARTICLE_QUOTE']").first.click()
    mark = editor.locator(f"q[data-article='{REFERENCE}']")
    mark.wait_for()
    assert mark.inner_text() == WRONG
    screenshot(page, "quotation-mark-typed", full_page=False)

    # Draftail writes its hidden field on a short debounce after each change (and the first
    # run of this test pressed save inside it: the block was stored empty). Wait until the
    # field holds the mark — what a person's pause before pressing save gives.
    page.wait_for_function(
        """reference => [...document.querySelectorAll("[data-contentpath='body'] input")]
            .some(i => i.value.includes('"ARTICLE_QUOTE"') && i.value.includes(reference))""",
        arg=REFERENCE,
    )
    page.locator("#id_title").click()
    with page.expect_navigation():
        page.locator("footer button.action-save").first.click()

    warning = page.locator(".messages").inner_text()
    assert "引用《信访工作条例》第二十条与条文不符" in warning and WRONG[:20] in warning, warning
    screenshot(page, "quotation-mark-warned")

    # The draft kept the mark as written; the live lesson is unchanged.
    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    [mismatch] = page_quotation_mismatches(draft)
    assert mismatch.quotation.text == WRONG and mismatch.quotation.number == 20
    assert f'<q data-article="{REFERENCE}">{WRONG}</q>' in str(draft.body.raw_data)

    # The admin's list of quotations that differ from the article shows it, with the lesson.
    page.goto(f"{live_server.url}/admin/courses/quotations/mismatches/")
    report = page.locator("main, #main").first.inner_text()
    assert lesson.title in report and WRONG in report, report
    assert "《信访工作条例》第二十条" in report, report
    screenshot(page, "quotation-mismatch-report")
