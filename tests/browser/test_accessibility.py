"""Every front page an official, a lead or a trainer reaches has no serious or critical
axe-core violations, on a desktop and on a 375 px phone.

The pages are not listed by hand: the test signs in and follows every same-site link from the
dashboard, two clicks deep (skipping the admin, downloads and sign-out), so a page added by a
new app is checked the day its link appears in the navigation.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/documents/", "/i18n/", "/static/", "/media/")
SKIP_SUFFIXES = (".xlsx", ".docx", ".zip", ".pdf", ".svg", ".png")
DOWNLOADS = {"xlsx", "docx", "zip", "pdf"}  # download views addressed as …/docx/
MAX_PAGES = 40


def _same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if url.netloc != urlsplit(base).netloc or url.query and "format=" in url.query:
            continue
        path = url.path
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES) or last in DOWNLOADS:
            continue
        links.append(path + (f"?{url.query}" if url.query else ""))
    return links


def _shape(path: str) -> str:
    """One page of each kind is enough: /cases/12/ and /cases/13/ share a template, and
    filtered lists (?domain=…) the list's."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _check_site(page, base: str, depth: int) -> dict[str, list[str]]:
    """Visit the dashboard and one page of each kind within ``depth`` clicks of it, running
    axe on each as it is visited; returns the blocking violations by path."""
    shapes = {"/"}
    frontier = ["/"]
    failures: dict[str, list[str]] = {}
    visited = 0
    for level in range(depth + 1):
        next_frontier = []
        for path in frontier:
            response = page.goto(base + path)
            if response is None or response.status >= 400:
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            found = _blocking_violations(page)
            if found:
                failures[path] = found
            if level == depth:
                continue
            for link in _same_site_links(page, base):
                if _shape(link) not in shapes and len(shapes) < MAX_PAGES:
                    shapes.add(_shape(link))
                    next_frontier.append(link)
        frontier = next_frontier
    assert visited >= 8, f"the crawl reached too few pages ({visited}): the crawl is broken"
    return failures


def _blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


@pytest.mark.parametrize(
    ("username", "depth"),
    # A lead's own pages hang off their dashboard; officials and trainers go two clicks deep.
    [("official", 2), ("lead", 1), ("trainer", 2)],
)
def test_front_pages_have_no_serious_axe_violations(page, live_server, demo, username, depth):
    sign_in(page, live_server, username, DEMO_PASSWORD)
    assert _check_site(page, live_server.url, depth=depth) == {}


def test_phone_pages_have_no_serious_axe_violations(phone_page, live_server, demo):
    """The same for an official on a 375 px phone (the menu and tables change shape there)."""
    sign_in(phone_page, live_server, "official", DEMO_PASSWORD)
    assert _check_site(phone_page, live_server.url, depth=1) == {}


def test_sign_in_page_has_no_serious_axe_violations(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    assert _blocking_violations(page) == []


def test_group_study_pages_have_no_serious_axe_violations(browser, live_server, demo):
    """Issue 11's pages, out of the crawl's reach: the deck (audience and presenter view),
    a lesson's deck, the A4 record, and the phone sign-in page."""
    from courses.models import LessonPage
    from study_sessions import demo as session_demo
    from study_sessions import services
    from study_sessions.models import SessionStatus, StudySession

    upcoming = StudySession.objects.get(topic=session_demo.UPCOMING["topic"])
    held = StudySession.objects.filter(status=SessionStatus.CONFIRMED).first()
    lesson = LessonPage.objects.get(slug="di-si-zhang-banli")
    failures = {}
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    for path in (
        f"/study-sessions/{upcoming.pk}/present/",
        f"/study-sessions/{upcoming.pk}/present/?view=presenter",
        f"/study-sessions/present/lesson/{lesson.pk}/",
        f"/study-sessions/{held.pk}/record/",
    ):
        page.goto(live_server.url + path)
        found = _blocking_violations(page)
        if found:
            failures[path] = found
    context.close()
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    from django.utils import timezone

    code = services.sign_in_code(session=upcoming, now=timezone.now())
    page.goto(f"{live_server.url}/study-sessions/{upcoming.pk}/sign-in/?c={code}")
    found = _blocking_violations(page)
    if found:
        failures["sign-in"] = found
    phone.close()
    assert failures == {}
