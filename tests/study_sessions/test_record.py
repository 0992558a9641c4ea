"""The session record: an A4 print view and a Word download with the heading, the
attendance table, the minutes and signature lines; for those who run or oversee the session."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from study_sessions import services
from study_sessions.models import AttendanceStatus, Speech, SpeechKind
from tests.factories import UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(department):
    trainer = UserFactory(role="trainer", department=department)
    a = UserFactory(name="陈静", department=department)
    b = UserFactory(name="刘洋", department=department)
    session = make_session(organiser=trainer, department=department, invited_people=[a, b])
    now = timezone.now()
    rows = {r.user_id: r for r in session.attendances.all()}
    services.attendance_mark(attendance=rows[a.pk], status="present", actor=trainer, now=now)
    services.attendance_mark(
        attendance=rows[b.pk],
        status=AttendanceStatus.EXCUSED,
        reason="外出接访",
        actor=trainer,
        now=now,
    )
    Speech.objects.create(
        session=session, kind=SpeechKind.DISCUSSION, speaker=a, summary="要把期限记准。"
    )
    session.conclusions = "按期办结。"
    session.save()
    services.session_confirm(session=session, actor=trainer, now=now)
    return {"session": session, "trainer": trainer, "a": a, "b": b}


def test_the_print_view_has_heading_attendance_minutes_and_signature_lines(client, held):
    client.force_login(held["trainer"])
    html = client.get(reverse("study_sessions:record", args=[held["session"].pk])).content.decode()
    for text in (
        "集体学习记录",
        held["session"].topic,
        "陈静",
        "刘洋",
        "外出接访",
        "要把期限记准。",
        "按期办结。",
        "记录人",
        "主持人",
        "审核人",
    ):
        assert text in html, text


def test_the_word_download_holds_the_same_record(client, held):
    from docx import Document

    client.force_login(held["trainer"])
    response = client.get(reverse("study_sessions:record_docx", args=[held["session"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert held["session"].topic in text and "要把期限记准。" in text and "记录人" in text
    assert "陈静" in cells and "外出接访" in cells
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_the_word_record_reads_as_a_form_in_chinese(client, held):
    """Looked at as a PDF (soffice): the labels column took half the page, the attendance
    header said 名字 and did not repeat on page two."""
    from docx import Document

    client.force_login(held["trainer"])
    with translation.override("zh-hans"):
        response = client.get(reverse("study_sessions:record_docx", args=[held["session"].pk]))
    facts, attendance = Document(io.BytesIO(response.content)).tables
    assert facts.rows[0].cells[0].width.mm < 40 < facts.rows[0].cells[1].width.mm
    header = attendance.rows[0]
    assert [c.text for c in header.cells][:2] == ["序号", "姓名"]
    assert header._tr.trPr is not None and header._tr.trPr.xpath("./w:tblHeader")
    assert all(run.bold for c in header.cells for p in c.paragraphs for run in p.runs)


def test_an_official_sees_their_own_line_not_the_record(client, held):
    """The invitee's session page shows their own attendance; the full record is refused;
    their credit is on their own study record."""
    client.force_login(held["a"])
    session = held["session"]
    assert client.get(reverse("study_sessions:record", args=[session.pk])).status_code == 403
    assert client.get(reverse("study_sessions:record_docx", args=[session.pk])).status_code == 403
    detail = client.get(reverse("study_sessions:detail", args=[session.pk])).content.decode()
    assert "刘洋" not in detail
    mine = client.get(reverse("records:my_records") + f"?year={session.date.year}")
    assert session.topic in mine.content.decode()
    listed = client.get(reverse("study_sessions:index") + f"?year={session.date.year}")
    assert session.topic in listed.content.decode()
