"""Browser journeys for courses: a trainer authors and publishes a lesson that cites an
article in the Wagtail admin; an official studies it on a desktop and on a phone."""

from datetime import timedelta

import pytest
from django.utils import translation

from accounts.demo import DEMO_PASSWORD
from courses.models import CoursePage, LessonPage, LessonProgress
from records.models import StudyRecord
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _label(text: str) -> str:
    """The admin follows the browser's language (zh-CN): find blocks by their Chinese label."""
    with translation.override("zh-hans"):
        return str(translation.gettext(text))


def _studied_long_ago(lesson, username):
    """Stand in for the minutes of reading: move the server's opening time back."""
    progress = LessonProgress.objects.get(lesson=lesson, user__username=username)
    progress.opened_at -= timedelta(hours=1)
    progress.save(update_fields=["opened_at"])


def test_trainer_publishes_a_lesson_and_an_official_studies_it(
    page, browser, live_server, demo, screenshot
):
    """The trainer adds a lesson citing Art. 34 and publishes it; the official sees the
    article text, is refused when confirming at once, and is credited after the minimum time."""
    course = CoursePage.objects.get(slug="yifa-fenlei-chuli")
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/add/courses/lessonpage/{course.pk}/")
    page.fill("input[name=title]", "办理期限专题")
    page.fill("input[name=estimated_minutes]", "10")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name=_label("Article citation")).click()
    page.locator("button.chooser__choose-button").first.click()
    page.locator(".modal a", has_text="信访工作条例").first.click()
    page.wait_for_function(
        "() => document.querySelector('input[name=body-0-value-regulation]').value !== ''"
    )
    page.fill("input[name=body-0-value-articles]", "34")
    page.fill("textarea[name=body-0-value-comment]", "记住：60日，延长不超过30日。")
    page.get_by_role("tab").nth(1).click()  # 推广 (Promote): the slug
    page.fill("input[name=slug]", "banli-qixian")
    page.locator("footer .w-dropdown__toggle").first.click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    lesson = LessonPage.objects.get(slug="banli-qixian")
    assert lesson.live
    assert lesson.citations.get().article_number == 34
    screenshot(page, "courses-trainer-published")

    official = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    desk = official.new_page()
    sign_in(desk, live_server, "official", DEMO_PASSWORD)
    desk.goto(f"{live_server.url}{lesson.url}")
    citation = desk.locator(".citation").inner_text()
    assert "第三十四条" in citation and "60日内办结" in citation
    assert "记住：60日" in desk.content()
    desk.get_by_role("button", name="我已学习本讲").click()
    assert "后可以确认" in desk.locator(".messages").inner_text()
    assert not StudyRecord.objects.filter(source=f"courses.lesson:{lesson.pk}").exists()
    _studied_long_ago(lesson, "official")
    desk.get_by_role("button", name="我已学习本讲").click()
    assert "已记录" in desk.locator(".messages").inner_text()
    assert StudyRecord.objects.filter(
        user__username="official", source=f"courses.lesson:{lesson.pk}"
    ).exists()
    screenshot(desk, "courses-lesson-desktop-1920")
    desk.goto(f"{live_server.url}/courses/xinfang-tiaoli-zhuanti/di-si-zhang-banli/")
    screenshot(desk, "courses-demo-lesson-desktop-1920")
    desk.goto(f"{live_server.url}/courses/xinfang-tiaoli-zhuanti/")
    screenshot(desk, "courses-course-desktop-1920")
    official.close()


def test_official_studies_the_demo_course_on_a_phone(phone_page, live_server, demo, screenshot):
    """At 375 px the course list, course and lesson pages fit the width; the dashboard's
    continue link leads into the first lesson."""
    phone_page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    sign_in(phone_page, live_server, "official", DEMO_PASSWORD)
    screenshot(phone_page, "courses-dashboard-phone-375")
    phone_page.locator("li.course-progress a.button").first.click()  # "Continue"
    assert phone_page.locator("h1").inner_text().startswith("第一讲")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "courses-lesson-phone-375")
    for path in [
        "/courses/",
        "/courses/xinfang-tiaoli-zhuanti/",
        "/regulations/xinfang-gongzuo-tiaoli/",
    ]:
        phone_page.goto(f"{live_server.url}{path}")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
    screenshot(phone_page, "courses-regulation-phone-375")
