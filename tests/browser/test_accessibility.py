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
MAX_PAGES = 40


def _same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if url.netloc != urlsplit(base).netloc or url.query and "format=" in url.query:
            continue
        path = url.path
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
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
