"""The page editor in Chinese once its scripts have run (issue 10): the strings Wagtail's
JavaScript puts on screen (the scheduling dialog, the autosave indicator, the side panels, the
rich-text toolbar) come from its djangojs catalogue, which the server-side crawl
(tests/home/test_admin_chinese.py) never sees."""

from pathlib import Path

import polib
import pytest
import wagtail

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in
from tests.home.test_admin_chinese import english_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _js_msgids():
    po = polib.pofile(
        str(Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po")
    )
    return [(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete]


def test_every_wagtail_script_string_is_chinese_in_the_browser(page, live_server, demo):
    """The editor's own gettext (Django's jsi18n catalogue) turns every string of Wagtail's
    scripts into Chinese — tried in the browser, string by string."""
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(_lesson_edit_url(live_server))
    page.wait_for_function("() => window.django && window.django.gettext")
    left = page.evaluate(
        """(entries) => entries.filter(([ctx, id, plural]) => {
            const said = plural ? (ctx ? django.npgettext(ctx, id, plural, 2)
                                        : django.ngettext(id, plural, 2))
                                : (ctx ? django.pgettext(ctx, id) : django.gettext(id));
            return said === id || said === plural;
        }).map(([ctx, id]) => id)""",
        _js_msgids(),
    )
    page.goto("about:blank")  # the editor pings the server; stop it before the database is flushed
    assert len(_js_msgids()) > 50
    assert left == []


def _lesson_edit_url(live_server) -> str:
    from courses.models import LessonPage

    return f"{live_server.url}/admin/pages/{LessonPage.objects.order_by('pk').first().pk}/edit/"


def _screen_english(page) -> set[str]:
    """English words in what the page shows now; the signed-in user's name is data."""
    from accounts.models import User

    names = set(User.objects.values_list("username", flat=True))
    return english_in(page.evaluate("() => document.body.innerText").split("\n"), names)


def test_page_editor_scheduling_and_autosave_read_in_chinese(page, live_server, demo, screenshot):
    """A trainer opens a lesson: the editor, its status panel, the scheduling dialog and the
    autosave indicator after typing show no English words."""
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(_lesson_edit_url(live_server))
    page.wait_for_selector("[data-side-panel-toggle='status']")
    assert _screen_english(page) == set()

    page.click("[data-side-panel-toggle='status']")
    page.wait_for_selector("[data-side-panel='status']:not([hidden])")
    assert _screen_english(page) == set()

    page.click("[data-a11y-dialog-show='schedule-publishing-dialog']")
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.wait_for(state="visible")
    said = dialog.inner_text()
    assert "设置" in said or "定时" in said or "发布" in said, said
    assert english_in(said.split("\n"), set()) == set(), said
    screenshot(page, "admin-schedule-dialog-zh", full_page=False)
    page.keyboard.press("Escape")

    title = page.locator("#id_title")
    title.fill(title.input_value() + "（改）")
    page.wait_for_timeout(3000)  # autosave runs after a pause in typing
    assert _screen_english(page) == set()
    screenshot(page, "admin-editor-after-typing-zh", full_page=False)
    page.goto("about:blank")


def test_new_case_editor_reads_in_chinese(page, live_server, demo):
    """The form for a new case, with its blocks' toolbars and the personal-data panel."""
    from wagtail.models import Page

    from case_library.models import CaseIndexPage

    index = CaseIndexPage.objects.first()
    sign_in(page, live_server, "trainer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/add/case_library/casepage/{index.pk}/")
    page.wait_for_selector("#id_title")
    said = _screen_english(page)
    page.goto("about:blank")
    assert said == set()
    assert Page.objects.filter(depth=1).first().title != "Root"
