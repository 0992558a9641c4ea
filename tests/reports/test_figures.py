"""The figures agree: each official's totals, the department view and the office summary come
from the same ledger and add up — on generated data with known answers, with reversed records
and a closed year — and the number of queries does not grow with the number of officials."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import StudyRecordKind
from records.services import study_record_reverse
from reports.closing import year_close
from reports.files import department_lines, office_summary
from reports.oversight import figures_for
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.helpers import YEAR, at, credit, exam

pytestmark = pytest.mark.django_db
K = StudyRecordKind
LAST = YEAR - 1


def build(n_per_section: int, *, year: int, seed: int = 7, code: str = "o"):
    """An office with two sections; every official gets known records, some reversed. Returns
    the tree and the expected figures computed independently of the reports code."""
    rng = random.Random(seed)
    office = DepartmentFactory(name=f"信访办{code}", code=code)
    sections = [
        DepartmentFactory(name=f"{code}第{i}科", code=f"{code}s{i}", parent=office) for i in (1, 2)
    ]
    expected = {
        "hours": {},
        "sessions": set(),
        "session_times": 0,
        "trainings": set(),
        "training_times": 0,
        "cases": 0,
        "takers": 0,
        "passed": 0,
        "excellent": 0,
    }
    for s_index, section in enumerate(sections):
        for i in range(n_per_section):
            user = UserFactory(
                department=section, name=f"{section.name}{i:03d}", date_joined=at(year - 1, 1)
            )
            hours = Decimal("0")
            for j in range(rng.randint(0, 4)):
                h = Decimal(rng.choice(["0.5", "1", "2"]))
                record = credit(
                    user,
                    hours=str(h),
                    when=at(year, rng.randint(1, 12), 5),
                    source=f"lesson:{user.pk}:{j}",
                )
                if rng.random() < 0.25:  # reversed: no figure
                    study_record_reverse(
                        record=record, reason="误录", actor=None, now=at(year, 12, 20)
                    )
                else:
                    hours += h
            for session in range(rng.randint(0, 2)):
                credit(
                    user,
                    K.GROUP_SESSION,
                    hours="2",
                    when=at(year, 3 + session, 1),
                    source=f"study_sessions.session:{s_index}{session}",
                )
                hours += 2
                expected["sessions"].add(f"study_sessions.session:{s_index}{session}")
                expected["session_times"] += 1
            if rng.random() < 0.5:
                credit(
                    user,
                    K.OFFLINE_TRAINING,
                    hours="3",
                    when=at(year, 6, 1),
                    source="offline:party-school",
                )
                hours += 3
                expected["trainings"].add("offline:party-school")
                expected["training_times"] += 1
            if rng.random() < 0.5:
                credit(
                    user,
                    K.CASE_REVIEWED,
                    hours="1",
                    when=at(year, 7, 1),
                    source=f"case_library.case:{i}",
                )
                hours += 1
                expected["cases"] += 1
            if rng.random() < 0.8:
                score = rng.randint(40, 100)
                passed, excellent = score >= 60, score >= 90
                exam(
                    user,
                    score,
                    passed=passed,
                    excellent=excellent,
                    when=at(year, 11, 1),
                    source=f"quizzes.quiz:{year}",
                )
                hours += 2 if passed else 0
                expected["takers"] += 1
                expected["passed"] += passed
                expected["excellent"] += excellent
            expected["hours"][user.pk] = hours
    return office, sections, expected


def check_agreement(office, sections, expected, *, year):
    total = office_summary(year=year, viewer=None)["total"]
    whole = department_lines(department=office, year=year, viewer=None).officials
    by_user = {o["id"]: Decimal(o["hours"]) for o in whole}
    assert by_user == expected["hours"]
    section_sum = sum(
        (
            figures_for(
                department_lines(department=s, year=year, viewer=None).officials, year=year
            ).hours
            for s in sections
        ),
        Decimal("0"),
    )
    assert total.hours == section_sum == sum(expected["hours"].values())
    assert len(total.sessions_held) == len(expected["sessions"])
    assert total.session_times == expected["session_times"]
    assert len(total.trainings_held) == len(expected["trainings"])
    assert total.training_times == expected["training_times"]
    assert total.counts.get(K.CASE_REVIEWED, 0) == expected["cases"]
    assert (total.exam_takers, total.exam_passed, total.exam_excellent) == (
        expected["takers"],
        expected["passed"],
        expected["excellent"],
    )


def test_official_department_and_office_figures_agree_with_known_answers():
    """Hours per official (reversals excluded), the sum over sections, the office's total,
    sessions, trainings, cases and exam counts all equal the answers computed while building."""
    office, sections, expected = build(12, year=YEAR)
    check_agreement(office, sections, expected, year=YEAR)


def test_a_closed_year_gives_the_same_figures_from_its_archive(administrator):
    """After closing, the archived figures still agree with the known answers, and a record
    entered this year for the official changes nothing in last year's."""
    office, sections, expected = build(8, year=LAST, seed=3)
    year_close(year=LAST, actor=administrator, now=at(YEAR, 1, 3))
    check_agreement(office, sections, expected, year=LAST)
    some = next(iter(expected["hours"]))
    credit(type(administrator).objects.get(pk=some), hours="9", when=at(YEAR, 1, 10))
    check_agreement(office, sections, expected, year=LAST)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    ["department", "department_xlsx", "office", "office_xlsx", "office_docx", "zip", "dashboard"],
)
def test_query_count_does_not_grow_with_officials(client, trainer, url_name):
    """The department view, its export, the office summary and its exports, a department's
    ZIP and a trainer's dashboard (its panel of every department) take as many queries for 3
    officials per section as for 15 (the office's figures are measured before and after the
    second, larger office tree is added)."""
    from reports.files import department_zip_file

    client.force_login(trainer)
    counts = []
    for n, code in ((3, "small"), (15, "large")):
        office, _sections, _expected = build(n, year=YEAR, seed=n, code=code)
        if url_name == "zip":
            department_zip_file(department=office, year=YEAR, viewer=trainer)  # warm caches
            with CaptureQueriesContext(connection) as ctx:
                department_zip_file(department=office, year=YEAR, viewer=trainer)
            counts.append(len(ctx.captured_queries))
            continue
        url = {
            "department": reverse("reports:department", args=[code, YEAR]),
            "department_xlsx": reverse("reports:department_file", args=[code, YEAR, "xlsx"]),
            "office": reverse("reports:office", args=[YEAR]),
            "office_xlsx": reverse("reports:office_file", args=[YEAR, "xlsx"]),
            "office_docx": reverse("reports:office_file", args=[YEAR, "docx"]),
            "dashboard": "/",
        }[url_name]
        _queries(client, url)  # warm caches (content types, sessions)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_the_department_page_shows_oversight_tables_and_charts(client, trainer):
    """Completion per target part, who is behind, exam rates, score bands and months, and
    inline SVG charts (no script)."""
    office, _sections, _expected = build(4, year=YEAR)
    client.force_login(trainer)
    body = client.get(reverse("reports:department", args=["o", YEAR])).content.decode()
    assert body.count('<svg class="chart"') == 4
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    for text in ("90–100", "合格率", "优秀率"):
        assert text in body


def test_the_office_page_and_files_are_for_whole_office_viewers_only(client, trainer):
    """Trainers see the office figures with the paragraph; a lead of one section and an
    official get 404 on the page and the files."""
    office, sections, _expected = build(3, year=YEAR)
    client.force_login(trainer)
    body = client.get(reverse("reports:office", args=[YEAR])).content.decode()
    assert f"{YEAR}年，共组织集中学法" in body
    for who in (
        UserFactory(role="lead", department=sections[0]),
        UserFactory(department=sections[0]),
    ):
        client.force_login(who)
        assert client.get(reverse("reports:office", args=[YEAR])).status_code == 404
        assert client.get(reverse("reports:office_file", args=[YEAR, "xlsx"])).status_code == 404


@pytest.mark.parametrize("url_name", ["department", "office"])
def test_the_years_hours_are_read_from_the_totals_not_summed_over_the_records(
    client, trainer, url_name
):
    """At a million records, summing the year's records per official and per month was most of
    the whole-office view's time: the hours by kind and month now come from the year totals
    the ledger's writes keep (``records.StudyYearTotal``), and no query sums ledger rows."""
    build(4, year=YEAR, code="sum")
    client.force_login(trainer)
    url = {
        "department": reverse("reports:department", args=["sum", YEAR]),
        "office": reverse("reports:office", args=[YEAR]),
    }[url_name]
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    queries = [q["sql"] for q in ctx.captured_queries]
    assert any("records_studyyeartotal" in sql for sql in queries)
    summing_records = [
        sql for sql in queries if "SUM(" in sql.upper() and '"records_studyrecord"' in sql
    ]
    assert not summing_records, summing_records
