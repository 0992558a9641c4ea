"""Year closing (年度归档): frozen figures, reproducible exports, refused writes, explicit reopening."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from records.models import ClosedStudyYear, StudyRecordKind, StudyYearEvent
from records.services import (
    LedgerError,
    YearClosed,
    offline_training_add,
    study_record_reverse,
)
from reports.closing import SnapshotDamaged, year_archive, year_close, year_reopen
from reports.files import department_xlsx_file, department_zip_file, official_file
from reports.models import YearSnapshot
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.helpers import YEAR, at, credit, exam

pytestmark = pytest.mark.django_db
LAST = YEAR - 1


@pytest.fixture
def office(db):
    office = DepartmentFactory(name="信访办", code="office")
    a = DepartmentFactory(name="接待科", code="a", parent=office)
    return office, a


@pytest.fixture
def closed(office, administrator):
    """Last year with two officials' records, one reversed, then closed."""
    li = UserFactory(department=office[1], name="李明", username="liming", date_joined=at(LAST, 1))
    wang = UserFactory(department=office[1], name="王红", date_joined=at(LAST, 1))
    credit(li, hours="6", when=at(LAST, 5))
    wrong = credit(li, StudyRecordKind.OFFLINE_TRAINING, hours="4", when=at(LAST, 6))
    study_record_reverse(record=wrong, reason="重复录入", actor=administrator, now=at(LAST, 7))
    exam(wang, 95, excellent=True, when=at(LAST, 11))
    snapshot = year_close(year=LAST, actor=administrator, now=at(YEAR, 1, 5))
    return li, wang, snapshot


def test_closing_stores_the_figures_with_a_checksum_and_who(closed, administrator):
    """The snapshot holds each official's line (reversed record not counted), the ledger's
    digest and a SHA-256 checksum; the closing is recorded with who."""
    li, wang, snapshot = closed
    lines = {o["name"]: o for o in snapshot.data["officials"]}
    assert lines["李明"]["hours"] == "6"
    assert lines["王红"]["hours"] == "2"
    assert snapshot.data["ledger"]["records"] == 2
    assert snapshot.data["ledger"]["credit_hours"] == "8.00"
    assert len(snapshot.checksum) == 64
    event = StudyYearEvent.objects.get(year=LAST)
    assert event.action == "close" and event.actor == administrator


def test_a_record_dated_in_a_closed_year_is_refused_with_a_clear_message(closed):
    """The ledger's single entry refuses new records dated in the closed year, saying what to do."""
    li = closed[0]
    with pytest.raises(YearClosed) as error:
        credit(li, hours="1", when=at(LAST, 12, 30))
    assert (
        str(LAST) in str(error.value)
        and "重新开放" in str(error.value)
        or "reopen" in str(error.value)
    )
    with pytest.raises(YearClosed):
        offline_training_add(
            users=[li],
            title="补录培训",
            credit_hours=2,
            occurred_at=at(LAST, 12, 1),
            actor=None,
            batch_key="late",
        )
    credit(li, hours="1", when=at(YEAR, 2))  # this year is open


def test_a_correction_to_a_closed_year_needs_reopening_recorded_with_who_and_why(
    closed, administrator
):
    """Reversing a closed year's record is refused; reopening needs a reason and is recorded;
    after it the correction goes through, and closing again takes a new snapshot."""
    li = closed[0]
    record = li.study_records.get(kind=StudyRecordKind.LESSON_STUDIED)
    with pytest.raises(YearClosed):
        study_record_reverse(record=record, reason="错误", actor=administrator, now=at(YEAR, 2))
    with pytest.raises(LedgerError):
        year_reopen(year=LAST, actor=administrator, reason="  ")
    year_reopen(year=LAST, actor=administrator, reason="更正李明的学时")
    event = StudyYearEvent.objects.filter(action="reopen").get()
    assert event.actor == administrator and event.reason == "更正李明的学时"
    assert not ClosedStudyYear.objects.filter(year=LAST).exists()
    study_record_reverse(record=record, reason="错误", actor=administrator, now=at(YEAR, 2))
    again = year_close(year=LAST, actor=administrator, now=at(YEAR, 2, 3))
    assert {o["name"]: o["hours"] for o in again.data["officials"]}["李明"] == "0"
    assert YearSnapshot.objects.filter(year=LAST).count() == 2  # the first stays as history


def test_only_a_past_year_can_be_closed_and_only_once(closed, administrator):
    with pytest.raises(LedgerError):
        year_close(year=YEAR, actor=administrator)
    with pytest.raises(LedgerError):
        year_close(year=LAST, actor=administrator)


def test_the_same_export_of_a_closed_year_gives_the_same_bytes(closed, office):
    """Every export of a closed year, made twice (and after a rename, a move and a new target),
    is byte for byte the same: it is written from the snapshot with the closing time."""
    li, _wang, _snapshot = closed

    def everything():
        li_fresh = type(li).objects.get(pk=li.pk)
        return [
            official_file(official=li_fresh, year=LAST, viewer=None, fmt="docx")[1],
            official_file(official=li_fresh, year=LAST, viewer=None, fmt="xlsx")[1],
            department_xlsx_file(department=office[0], year=LAST, viewer=None)[1],
            department_zip_file(department=office[0], year=LAST, viewer=None)[1],
        ]

    first = everything()
    assert everything() == first
    li.name = "李明明"
    li.department = office[0]
    li.save()
    assert everything() == first
    rows = list(load_workbook(io.BytesIO(first[2])).worksheets[0].iter_rows(values_only=True))
    assert "李明" in [r[0] for r in rows]


def test_a_damaged_snapshot_is_refused(closed):
    """Changing the stored figures without their checksum is detected on read."""
    snapshot = closed[2]
    snapshot.data["officials"][0]["hours"] = "99"
    snapshot.save()
    with pytest.raises(SnapshotDamaged):
        year_archive(LAST)


def test_the_offline_training_form_says_the_year_is_closed(closed, client, administrator):
    """Entering offline training dated in a closed year shows the refusal on the form."""
    client.force_login(administrator)
    response = client.post(
        reverse("records_admin:offline_training"),
        {
            "title": "补录培训",
            "occurred_on": f"{LAST}-12-01",
            "credit_hours": "2",
            "officials": [closed[0].pk],
            "place": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert str(LAST) in response.content.decode()
    assert not closed[0].study_records.filter(title="补录培训").exists()


def test_close_study_year_command_closes_and_reopens(office, administrator, capsys):
    """`close_study_year Y` closes and prints the checksum; --reopen needs --reason."""
    credit(UserFactory(department=office[1], date_joined=at(LAST, 1)), hours="3", when=at(LAST, 3))
    call_command("close_study_year", str(LAST), "--by", administrator.username)
    assert "checksum" in capsys.readouterr().out
    assert ClosedStudyYear.objects.filter(year=LAST).exists()
    with pytest.raises(CommandError):
        call_command("close_study_year", str(LAST))
    with pytest.raises(CommandError):
        call_command("close_study_year", str(LAST), "--reopen")
    call_command("close_study_year", str(LAST), "--reopen", "--reason", "更正")
    assert not ClosedStudyYear.objects.filter(year=LAST).exists()


def test_export_study_records_command_writes_each_format(closed, office, tmp_path):
    """The command writes an official's docx/xlsx, a department's xlsx/zip, the office's xlsx;
    a closed year's file is the same twice; bad combinations are refused."""
    out = tmp_path / "a.docx"
    call_command(
        "export_study_records",
        "--year",
        str(LAST),
        "--user",
        "liming",
        "--format",
        "docx",
        "--out",
        str(out),
    )
    first = out.read_bytes()
    call_command(
        "export_study_records",
        "--year",
        str(LAST),
        "--user",
        "liming",
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert out.read_bytes() == first
    zip_out = tmp_path / "a.zip"
    call_command(
        "export_study_records",
        "--year",
        str(LAST),
        "--department",
        "a",
        "--format",
        "zip",
        "--out",
        str(zip_out),
    )
    assert len(zipfile.ZipFile(zip_out).namelist()) == 2
    whole = tmp_path / "o.xlsx"
    call_command(
        "export_study_records", "--year", str(LAST), "--format", "xlsx", "--out", str(whole)
    )
    assert load_workbook(whole).worksheets[0].max_row == 3
    for bad in (
        ["--user", "liming", "--format", "zip"],
        ["--department", "a", "--format", "docx"],
        ["--department", "nope", "--format", "xlsx"],
        ["--user", "nobody", "--format", "xlsx"],
        ["--user", "liming", "--department", "a", "--format", "xlsx"],
    ):
        with pytest.raises(CommandError):
            call_command(
                "export_study_records", "--year", str(LAST), *bad, "--out", str(tmp_path / "x")
            )


def _write_behind_the_ledger(user, *, when, hours="30", title="事后补录的培训"):
    """A low-level write into a closed year: past records.services (and so past its check), as
    a database restore or a hand-made SQL insert would."""
    from records.models import StudyRecord

    return StudyRecord.objects.create(
        user=user,
        kind=StudyRecordKind.OFFLINE_TRAINING,
        source="test:behind-the-ledger",
        title=title,
        credit_hours=hours,
        occurred_at=when,
    )


def test_a_closed_years_page_and_files_show_the_frozen_figures(closed, client):
    """The my-year page, its DOCX and XLSX of a closed year come from the snapshot: a record
    written under the closed year afterwards (not through the ledger's service) shows nowhere,
    neither in the totals nor in the lists."""
    li, _wang, _snapshot = closed
    _write_behind_the_ledger(li, when=at(LAST, 8))
    client.force_login(li)
    page = client.get(reverse("reports:official_year", args=[li.pk, LAST])).content.decode()
    assert "事后补录的培训" not in page
    # The total in its own element: a bare "36" could also be part of a generated name.
    assert ">6<" in page.replace(" ", "") and ">36<" not in page.replace(" ", "")
    for fmt in ("docx", "xlsx"):
        _name, data = official_file(official=li, year=LAST, viewer=li, fmt=fmt)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = "".join(
                archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")
            )
        assert "事后补录的培训" not in text, fmt


def test_an_open_years_page_shows_the_live_ledger(closed, client, administrator):
    """Reopened, the same year reads the live ledger again (the new record appears)."""
    li, _wang, _snapshot = closed
    year_reopen(year=LAST, actor=administrator, reason="补录培训", now=at(YEAR, 2))
    _write_behind_the_ledger(li, when=at(LAST, 8))
    client.force_login(li)
    page = client.get(reverse("reports:official_year", args=[li.pk, LAST])).content.decode()
    assert "事后补录的培训" in page


def test_each_officials_archived_document_is_stored_apart_and_checked(closed, client):
    """At a million records a whole office's documents are a million lines: the snapshot's
    data holds the lines and each document's checksum, the documents are rows of their own,
    and a page reads only its official's — checked against the listed checksum."""
    li, wang, snapshot = closed
    assert "documents" not in snapshot.data
    sums = snapshot.data["document_checksums"]
    stored = {d.official_id: d for d in snapshot.documents.all()}
    assert set(stored) == {li.pk, wang.pk}
    assert {str(pk): d.checksum for pk, d in stored.items()} == sums
    assert [line["title"] for line in stored[wang.pk].data["quizzes"]] == ["年度学法考试"]
    archive = year_archive(LAST)
    (doc,) = archive.documents([o for o in archive.officials if o["id"] == li.pk])
    assert doc["official"]["name"] == "李明" and doc["corrections"]

    damaged = stored[li.pk]
    damaged.data["corrections"] = []
    damaged.save()
    with pytest.raises(SnapshotDamaged):
        year_archive(LAST).documents([o for o in archive.officials if o["id"] == li.pk])
    # Another official's document does not depend on it.
    assert year_archive(LAST).documents([o for o in archive.officials if o["id"] == wang.pk])


def test_a_snapshot_that_kept_its_documents_inside_still_reads(closed):
    """Snapshots taken before the documents were stored apart carry them in their data."""
    from reports.closing import checksum

    li, _wang, snapshot = closed
    data = dict(snapshot.data)
    data["documents"] = {str(d.official_id): d.data for d in snapshot.documents.all()}
    del data["document_checksums"]
    snapshot.documents.all().delete()
    YearSnapshot.objects.filter(pk=snapshot.pk).update(data=data, checksum=checksum(data))
    archive = year_archive(LAST)
    (doc,) = archive.documents([o for o in archive.officials if o["id"] == li.pk])
    assert doc["corrections"][0]["reason"] == "重复录入"


def test_a_score_still_withheld_at_closing_stays_hidden_in_the_archive(office, administrator):
    """A quiz that withholds its scores (asked once, ``xuefa_record_scores_withheld``) at
    closing: the archive keeps its reason and shows no score; a released quiz's score shows."""
    from wagtail import hooks

    zhao = UserFactory(department=office[1], name="赵强", date_joined=at(LAST, 1))
    exam(zhao, 88, when=at(LAST, 11), source="quizzes.quiz:501", title="不公布成绩的考试")
    exam(zhao, 91, when=at(LAST, 12), source="quizzes.quiz:502", title="公布成绩的考试")

    def withhold(viewer, now):
        return {"quizzes.quiz:501": "本考试不公布成绩", "quizzes.quiz:999": "无记录的考试"}

    with hooks.register_temporarily("xuefa_record_scores_withheld", withhold):
        snapshot = year_close(year=LAST, actor=administrator, now=at(YEAR, 1, 5))
    # Only a withheld quiz that has records in the year is kept.
    assert snapshot.data["hidden_sources"] == {"quizzes.quiz:501": "本考试不公布成绩"}
    archive = year_archive(LAST)
    (line,) = [o for o in archive.officials if o["name"] == "赵强"]
    assert line["exam"]["score"] == "91"
