"""The Wagtail admin reads in Chinese for trainers and leads (issue 10): a crawl of every admin
screen they reach — every listing of the URL conf, and from there every link, with the editor,
history, revisions and usage of each page type — that fails on English words left on screen.

Visible means: text nodes and the attributes a person meets (placeholder, title, aria-label,
alt, tooltips, the label of a submit button), outside <script>, <style>, <svg>, <code>, <pre>
and <textarea>. A <template>'s content counts (scripts put it on screen), so do menus and
drawers that open on a click; the time-zone and language pickers list their own names, and the
side panel's counter is filled in by script before it is shown. Content and data (page titles, usernames, staff numbers, department
codes, slugs) are not the admin's words: they are read off the database and allowed.
"""

import os
import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Proper nouns, file formats and examples that stay as they are in Chinese.
ALLOWED = {
    "Wagtail",
    "XLSX",
    "xlsx",
    "CSV",
    "Excel",
    "Word",
    "DOCX",
    "docx",
    "URL",
    "English",  # the language switcher names the language in itself
    "ID",
    "IP",
    "PDF",
    # image formats and the size unit the image upload form names (trainers reach it)
    *("AVIF", "GIF", "HEIC", "ICO", "JPEG", "JPG", "PNG", "SVG", "TIFF", "WEBP", "MB", "KB"),
    "QR",
    "HTML",
    "Markdown",
    "Draftail",
    "xinfang-gongzuo-tiaoli",  # the regulation import's example of a slug
}
# Whole strings that are examples or identifiers, not words: Wagtail's slug example
# (http://domain.com/work/[my-work]/), content types (courses.lessonpage), the import format's
# "<!-- INFO END -->" marker, answer-key examples (ACD).
ALLOWED_STRINGS = [
    re.compile(r".*http://domain\.com/work/\[my-work\]/.*"),
    re.compile(r"[a-z_]+\.[a-z_]+"),
    re.compile(r".*<!-- INFO END -->.*"),
    re.compile(r".*多选：ACD.*"),
]
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")
SKIP_TAGS = ["script", "style", "noscript", "svg", "code", "pre", "textarea"]
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
# Never followed: they change things, download files or leave the admin.
NOT_FOLLOWED = re.compile(
    r"delete|unpublish|logout|/lock/|/unlock/|revert|/approve|/reject|/copy/|convert|"
    r"\.xlsx|\.csv|\.docx|/export|download|/password|jsi18n|sprite|/api/|failwhale|test404|"
    r"tag-autocomplete|/preview"
)
PER_PATTERN = 2  # visit two of /admin/pages/<id>/edit/ and its kin, not all of them


def visible_texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(SKIP_TAGS):
        tag.decompose()
    for picker in soup.select("select[name$=current_time_zone], select[name$=preferred_language]"):
        picker.decompose()
    for counter in soup.select("[data-side-panel-toggle-counter]"):
        counter.decompose()
    texts = list(soup.stripped_strings)
    for element in soup.find_all(True):
        texts += [element[a] for a in ATTRIBUTES if element.has_attr(a)]
        if element.name == "input" and element.get("type") == "submit" and element.get("value"):
            texts.append(element["value"])
    return texts, soup


def english_in(texts, allowed_words) -> set[str]:
    found = set()
    for text in texts:
        text = text.strip()
        if any(pattern.fullmatch(text) for pattern in ALLOWED_STRINGS):
            continue
        found |= {w for w in WORD.findall(text) if w not in ALLOWED and w not in allowed_words}
    return found


def _admin_listing_urls() -> list[str]:
    """Every admin route without a parameter (the menu's screens, reports, choosers)."""

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    urls = set()
    for pattern in walk(get_resolver()):
        path = "/" + pattern.lstrip("^").rstrip("$")
        if path.startswith("/admin/") and "<" not in path and "(" not in path and "*" not in path:
            urls.add(path)
    return sorted(u for u in urls if not NOT_FOLLOWED.search(u) and "/login/" not in u)


def _page_urls() -> list[str]:
    """For each page type, one page's explorer, editor, history, revisions, usage and the form
    for a new page of that type."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    urls = []
    for content_type in ContentType.objects.filter(
        pk__in=Page.objects.values("content_type")
    ).order_by("pk"):
        page = Page.objects.filter(content_type=content_type, depth__gt=1).order_by("pk").first()
        if page is None:
            continue
        urls += [
            f"/admin/pages/{page.pk}/",
            f"/admin/pages/{page.pk}/edit/",
            f"/admin/pages/{page.pk}/history/",
            f"/admin/pages/{page.pk}/revisions/",
            f"/admin/pages/{page.pk}/usage/",
            f"/admin/pages/{page.pk}/add_subpage/",
            f"/admin/pages/{page.pk}/workflow_history/",
            f"/admin/pages/{page.pk}/privacy/",
            f"/admin/pages/{page.pk}/move/",
            f"/admin/pages/usage/{content_type.app_label}/{content_type.model}/",
        ]
        parent = page.get_parent()
        if parent.depth > 1:
            urls.append(
                f"/admin/pages/add/{content_type.app_label}/{content_type.model}/{parent.pk}/"
            )
    return urls


def crawl(user, start: list[str], limit: int = 600) -> dict[str, set[str]]:
    """English words → the admin URLs that show them, for ``user`` in Chinese."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    from wagtail.models import Page

    from accounts.models import Department, User
    from case_library.models import CasePage

    allowed_words = set()
    for value in [
        *User.objects.values_list("username", flat=True),
        *User.objects.exclude(staff_number="").values_list("staff_number", flat=True),
        *Department.objects.values_list("code", flat=True),
        *Page.objects.filter(depth__gt=1).values_list("title", flat=True),
        *Page.objects.values_list("slug", flat=True),
        # a case's text is data too (the demo draft's made-up e-mail address and WeChat id)
        *CasePage.objects.values_list("facts", flat=True),
    ]:
        allowed_words |= set(WORD.findall(value or ""))
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    patterns: dict[str, int] = defaultdict(int)
    queue = list(dict.fromkeys(start))
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        texts, soup = visible_texts(response.content.decode())
        for word in english_in(texts, allowed_words):
            found[word].add(url)
        for link in soup.find_all("a", href=True):
            href = link["href"].split("#")[0].split("?")[0]
            if not href.startswith("/admin/") or href in seen or NOT_FOLLOWED.search(href):
                continue
            shape = re.sub(r"\d+", "N", href)
            if patterns[shape] < PER_PATTERN:
                patterns[shape] += 1
                queue.append(href)
    return {"visited": seen, "english": dict(found)}


@pytest.fixture
def demo(db):
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


@pytest.mark.parametrize("username", ["trainer", "lead"])
def test_no_english_on_the_admin_screens_of_trainers_and_leads(demo, username):
    from accounts.models import User

    user = User.objects.get(username=username)
    result = crawl(user, ["/admin/", *_admin_listing_urls(), *_page_urls()])
    assert len(result["visited"]) > 60, "the crawl reached too few screens"
    assert result["english"] == {}


def test_the_crawl_finds_english():
    """The check itself can fail: Wagtail's untranslatable submit label, a True column, a
    filter drawer's choice — and it does not read scripts."""
    texts, _soup = visible_texts(
        '<form><input type="submit" value="Search"></form><table><td>True</td></table>'
        '<div hidden><label>Moderators</label></div><script>var x = "code";</script>'
    )
    assert english_in(texts, set()) == {"Search", "True", "Moderators"}


@pytest.mark.parametrize("name", ["home.html", "shared/header.html"])
def test_overridden_wagtail_templates_differ_only_in_the_search_label(name):
    """Our copies of Wagtail's templates change one label; when Wagtail changes its own, this
    fails, and the copy must be taken again."""
    from pathlib import Path

    import wagtail

    ours = (Path(__file__).resolve().parents[2] / "site/templates/wagtailadmin" / name).read_text()
    theirs = (Path(wagtail.__file__).parent / "admin/templates/wagtailadmin" / name).read_text()
    lines = [line for line in ours.splitlines() if not line.startswith("{% comment %}Wagtail 8")]
    restored = "\n".join(lines).replace("value=\"{% translate 'Search' %}\"", 'value="Search"')
    assert restored == theirs.rstrip("\n")


def test_a_page_published_by_no_one_names_the_system():
    """The aging-pages report printed "None" for pages the demo loader published; our copy of
    Wagtail's user_avatar.html says 系统. If Wagtail changes its own, this fails."""
    from pathlib import Path

    import wagtail
    from django.template.loader import render_to_string
    from django.utils import translation

    theirs = (
        Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/shared/user_avatar.html"
    ).read_text()
    assert "{% if not username %}{{ user }}{% else %}{{ username }}{% endif %}" in theirs
    with translation.override("zh-hans"):
        html = render_to_string("wagtailadmin/shared/user_avatar.html", {"user": None})
    assert "系统" in html and "None" not in html


@pytest.fixture
def pages_in_every_state(demo):
    """What the demo alone never shows: a lesson with several revisions (revision view and
    compare), one in the moderation workflow (its status, history and task), and one whose
    publication is scheduled (the scheduling panel's "go live" state)."""
    import datetime

    from django.utils import timezone

    from accounts.models import User
    from courses.models import LessonPage

    trainer = User.objects.get(username="trainer")
    revised, moderated, scheduled = LessonPage.objects.order_by("pk")[:3]

    first = revised.latest_revision
    revised.summary = f"{revised.summary}（修订）"
    second = revised.save_revision(user=trainer)

    moderated.summary = f"{moderated.summary}（送审）"
    moderated.save_revision(user=trainer)
    workflow = moderated.get_workflow()
    assert workflow is not None, "the demo's moderation workflow does not cover lessons"
    state = workflow.start(moderated, trainer)

    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
    scheduled.save_revision(user=trainer).publish(user=trainer)
    scheduled.refresh_from_db()
    assert scheduled.scheduled_revision is not None

    # (/admin/pages/<id>/revisions/ itself only redirects to the history, listed here.)
    urls = [
        f"/admin/pages/{revised.pk}/revisions/{first.pk}/view/",
        f"/admin/pages/{revised.pk}/revisions/compare/{first.pk}...{second.pk}/",
        f"/admin/pages/{revised.pk}/revisions/compare/live...{second.pk}/",
        f"/admin/pages/{revised.pk}/revisions/compare/earliest...{second.pk}/",
        f"/admin/pages/{revised.pk}/history/",
        f"/admin/pages/{moderated.pk}/edit/",
        f"/admin/pages/{moderated.pk}/workflow_history/",
        f"/admin/pages/{moderated.pk}/workflow_history/detail/{state.pk}/",
        f"/admin/pages/{moderated.pk}/history/",
        f"/admin/pages/{scheduled.pk}/edit/",
        f"/admin/pages/{scheduled.pk}/history/",
        "/admin/",
    ]
    return urls


@pytest.mark.parametrize("username", ["trainer", "lead"])
def test_no_english_on_revision_workflow_and_schedule_screens(pages_in_every_state, username):
    """Revisions (view, compare), a page in moderation (editor, workflow history and its
    detail, the dashboard's moderation panels) and a scheduled page, as trainer and lead."""
    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    reached = [u for u in pages_in_every_state if client.get(u).status_code == 200]
    if username == "trainer":  # the trainer edits lessons: every one of these screens opens
        assert reached == pages_in_every_state
    result = crawl(user, pages_in_every_state, limit=120)
    assert result["english"] == {}
