"""Presenter mode and QR sign-in in Chromium, on the demo session on 《信访工作条例》第四章.

- The organiser presents it with the keyboard only (next, previous, black screen, full
  screen, Home/End, leave).
- A presenter window and an audience window stay in step (BroadcastChannel).
- Every slide, at 1920×1080 and at 1280×720: body text ≥ 32 px and headings ≥ 48 px at
  1080 p, and nothing overflows the slide. Screenshots of a text slide, an article slide and
  the QR slide at both sizes go to test-results/screenshots/.
- On a 375 px phone: a valid code signs in once (two scans, one record); expired, forged,
  other-session and uninvited codes are refused with a message.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from study_sessions import demo as session_demo
from study_sessions import services
from study_sessions.models import CREDITED_STATUSES, Attendance, StudySession
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _upcoming():
    return StudySession.objects.get(topic=session_demo.UPCOMING["topic"])


def _counter(page) -> str:
    return page.locator("[data-footer-counter]").inner_text()


def _deck(browser, live_server, *, width, height, path, username="trainer"):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, username, DEMO_PASSWORD)
    page.goto(live_server.url + path)
    return context, page


def test_the_organiser_presents_the_demo_session_with_the_keyboard_only(browser, live_server, demo):
    session = _upcoming()
    context, page = _deck(
        browser, live_server, width=1920, height=1080, path=f"/study-sessions/{session.pk}/present/"
    )
    try:
        total = int(page.locator("body").get_attribute("data-total"))
        assert total > 10
        assert _counter(page) == f"1 / {total}"
        assert page.locator(".slide:not([hidden])").get_attribute("class").endswith("slide--qr")
        page.keyboard.press("ArrowRight")
        assert _counter(page) == f"2 / {total}"
        page.keyboard.press("Space")
        page.keyboard.press("PageDown")
        assert _counter(page) == f"4 / {total}"
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("PageUp")
        assert _counter(page) == f"2 / {total}"
        page.keyboard.press("b")
        assert page.locator("[data-blackout]").is_visible()
        page.keyboard.press("b")
        assert not page.locator("[data-blackout]").is_visible()
        page.keyboard.press("f")
        page.wait_for_function("() => document.fullscreenElement !== null")
        page.keyboard.press("End")
        assert _counter(page) == f"{total} / {total}"
        assert page.locator(".slide:not([hidden])").get_attribute("class").endswith("slide--end")
        page.keyboard.press("Home")
        assert _counter(page) == f"1 / {total}"
        page.evaluate("document.exitFullscreen()")
        page.wait_for_function("() => document.fullscreenElement === null")
        with page.expect_navigation():
            page.keyboard.press("Escape")
        assert page.url.rstrip("/").endswith(f"/study-sessions/{session.pk}")
    finally:
        context.close()


def test_presenter_and_audience_windows_stay_in_step(browser, live_server, demo, screenshot):
    session = _upcoming()
    path = f"/study-sessions/{session.pk}/present/"
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    try:
        presenter = context.new_page()
        presenter.set_default_timeout(15000)
        sign_in(presenter, live_server, "trainer", DEMO_PASSWORD)
        presenter.goto(f"{live_server.url}{path}?view=presenter")
        with context.expect_page() as opened:
            presenter.click("[data-action=audience]")
        audience = opened.value
        audience.wait_for_load_state()
        total = int(audience.locator("body").get_attribute("data-total"))
        for _ in range(3):
            presenter.keyboard.press("ArrowRight")
        audience.wait_for_function(
            f"() => document.querySelector('[data-footer-counter]').textContent === '4 / {total}'"
        )
        # The presenter sees the next slide and the notes; the audience only the slide.
        next_heading = presenter.locator("[data-frame=next] .slide__heading").inner_text()
        assert (
            next_heading
            == audience.locator(".slide").nth(4).locator(".slide__heading").inner_text()
        )
        assert not audience.locator(".presenter-side").is_visible()
        presenter.keyboard.press("b")
        audience.wait_for_selector("[data-blackout]", state="visible")
        presenter.keyboard.press("b")
        audience.wait_for_selector("[data-blackout]", state="hidden")
        audience.keyboard.press("ArrowLeft")
        presenter.wait_for_function(
            f"() => document.querySelector('[data-counter]').textContent === '3 / {total}'"
        )
        # A discussion question carries the lead's note into the presenter view only.
        questions = presenter.locator(".frame--current > .slide--question")
        index = int(questions.last.get_attribute("data-index"))
        presenter.evaluate(f"window.xuefaDeck.go({index})")
        assert "第二十七条" in presenter.locator("[data-notes]").inner_text()
        audience.wait_for_function(
            f"() => document.querySelector('[data-footer-counter]').textContent === '{index + 1} / {total}'"
        )
        screenshot(presenter, "presenter-view-1600x900", full_page=False)
    finally:
        context.close()


WALK = """() => {
  const out = [];
  const slides = [...document.querySelectorAll('.frame--current > .slide')];
  for (const [i, slide] of slides.entries()) {
    window.xuefaDeck.go(i);
    const body = slide.querySelector('.slide__body');
    const heading = slide.querySelector('.slide__heading');
    const texts = [...body.querySelectorAll('p, li, h3, figcaption')].filter(e => e.textContent.trim());
    out.push({
      i, kind: slide.className,
      heading: heading.textContent.trim().slice(0, 30),
      bodySize: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize)), 999),
      headingSize: parseFloat(getComputedStyle(heading).fontSize),
      overflow: slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1
        || body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1,
      viewport: slide.getBoundingClientRect().bottom <= window.innerHeight + 1,
    });
  }
  return out;
}"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_every_slide_is_legible_and_nothing_overflows(
    browser, live_server, demo, screenshot, width, height
):
    """The demo session's deck (QR, agenda, chapter 4 article by article, lesson 4, the
    review case, the questions), walked slide by slide."""
    from courses.models import LessonPage

    session = _upcoming()
    lesson = LessonPage.objects.get(slug="di-si-zhang-banli")
    for path in (
        f"/study-sessions/{session.pk}/present/",
        f"/study-sessions/present/lesson/{lesson.pk}/",
    ):
        context, page = _deck(browser, live_server, width=width, height=height, path=path)
        try:
            results = page.evaluate(WALK)
            assert len(results) > 10
            overflowing = [r for r in results if r["overflow"] or not r["viewport"]]
            assert overflowing == [], overflowing
            if width == 1920:
                small = [r for r in results if r["bodySize"] < 32 or r["headingSize"] < 48]
                assert small == [], small
            if "lesson" in path:
                continue
            kinds = [r["kind"].split("--")[-1] for r in results]
            for kind in ("qr", "article", "text"):
                page.evaluate(f"window.xuefaDeck.go({kinds.index(kind)})")
                screenshot(page, f"slide-{kind}-{width}x{height}", full_page=False)
        finally:
            context.close()


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _code(session, *, ago=0):
    return services.sign_in_code(
        session=session, now=timezone.now() - datetime.timedelta(seconds=ago)
    )


def test_qr_sign_in_from_a_phone(browser, live_server, demo, screenshot):
    from accounts.models import User

    session = _upcoming()
    official = User.objects.get(username="official")
    url = f"{live_server.url}/study-sessions/{session.pk}/sign-in/?c="
    context, phone = _phone(browser)
    try:
        # Scanned while signed out: the site's sign-in first, then back to the code.
        phone.goto(url + _code(session))
        assert "/accounts/login/" in phone.url
        phone.fill("input[name=username]", "official")
        phone.fill("input[name=password]", DEMO_PASSWORD)
        with phone.expect_navigation():
            phone.click("#main form button[type=submit]")
        assert f"/study-sessions/{session.pk}/sign-in/" in phone.url
        phone.click(".sign-in__button")
        phone.wait_for_selector("[data-signed-in]")
        assert "已签到" in phone.inner_text(".sign-in__result")
        screenshot(phone, "sign-in-phone-375")
        # A second scan: 已签到 again, and still one record.
        phone.goto(url + _code(session))
        assert "已签到" in phone.inner_text(".sign-in__result")
        rows = Attendance.objects.filter(session=session, user=official)
        assert rows.count() == 1 and rows.get().status in CREDITED_STATUSES
        assert rows.get().method == "qr"

        refusals = {
            "expired": (_code(session, ago=4 * services.sign_in_rotation_seconds()), "已过期"),
            "forged": (_code(session)[:-3] + "abc", "不是有效的签到码"),
            "other": (_code(StudySession.objects.exclude(pk=session.pk).first()), "另一场学习"),
        }
        for name, (code, message) in refusals.items():
            phone.goto(url + code)
            result = phone.locator("[data-refused]")
            assert message in result.inner_text(), name
            screenshot(phone, f"sign-in-refused-{name}-375")
    finally:
        context.close()


def test_an_uninvited_phone_is_refused(browser, live_server, demo):
    from accounts.models import User

    session = _upcoming()
    session.walk_ins_allowed = False
    session.save()
    stranger = User.objects.create_user(username="stranger", password=DEMO_PASSWORD, name="访客")
    context, phone = _phone(browser)
    try:
        sign_in(phone, live_server, "stranger", DEMO_PASSWORD)
        phone.goto(f"{live_server.url}/study-sessions/{session.pk}/sign-in/?c={_code(session)}")
        assert "不在本场学习的参加人员名单中" in phone.inner_text("[data-refused]")
        assert not Attendance.objects.filter(session=session, user=stranger).exists()
    finally:
        context.close()
