"""On a 375 px phone the official's own tables are read as cards, not scrolled sideways.

A table marked ``table--stack`` turns each row into a card: its title on top, every other cell
under its column's name. Before, the record's title column shrank to two characters a line and
the credit hours sat off the screen to the right.
"""

import pytest

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/records/", "/reports/my-year/", "/quizzes/mine/", "/study-sessions/"]

# Per stacked table on the page: does it overflow its scroll box, how many rows, and the label
# shown before the cells of its first row (the ::before content the CSS takes from data-label).
MEASURE = """() => [...document.querySelectorAll('table.table--stack')].map(t => {
    const wrap = t.closest('.table-wrap') || t.parentElement;
    const row = t.querySelector('tbody tr');
    const cells = row ? [...row.querySelectorAll('[data-label]')] : [];
    return {
        overflow: wrap.scrollWidth - wrap.clientWidth,
        rows: t.querySelectorAll('tbody tr').length,
        labels: cells.map(c => getComputedStyle(c, '::before').content),
        headVisible: !!row && row.querySelector('.stack-head').getBoundingClientRect().width > 200,
    };
})"""


def test_an_official_reads_their_tables_on_a_phone_without_scrolling_sideways(
    phone_page, live_server, demo, screenshot
):
    sign_in(phone_page, live_server, "official", DEMO_PASSWORD)
    seen = 0
    for path in PAGES:
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
        for table in phone_page.evaluate(MEASURE):
            if not table["rows"]:
                continue
            seen += 1
            assert table["overflow"] <= 1, (path, table)
            assert table["headVisible"], (path, "the row's title should span the card", table)
            assert table["labels"] and all(
                label not in ("none", '""') for label in table["labels"]
            ), (
                path,
                table,
            )
        screenshot(phone_page, "phone-tables-" + path.strip("/").replace("/", "-"))
    assert seen >= 3, "the demo official should have rows in at least three stacked tables"


def test_on_a_desktop_the_same_tables_keep_their_columns(page, live_server, demo):
    sign_in(page, live_server, "official", DEMO_PASSWORD)
    page.goto(live_server.url + "/records/")
    header = page.locator("table.table--stack thead th").first
    assert header.is_visible()
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('table.table--stack tbody tr')).display"
        )
        == "table-row"
    )


def test_a_lead_reads_the_department_s_officials_as_cards_on_a_phone(
    phone_page, live_server, demo, screenshot
):
    sign_in(phone_page, live_server, "lead", DEMO_PASSWORD)
    phone_page.goto(live_server.url + "/reports/departments/")
    tables = [t for t in phone_page.evaluate(MEASURE) if t["rows"]]
    assert tables, "the lead's department page should list its officials in a stacked table"
    for table in tables:
        assert table["overflow"] <= 1, table
        assert table["headVisible"], table
    screenshot(phone_page, "phone-tables-department")
