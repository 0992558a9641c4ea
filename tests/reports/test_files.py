"""My year as DOCX and XLSX, a department's XLSX and ZIP of DOCX: contents and who may have them."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from jobs.models import Job
from records.models import StudyRecordKind
from records.services import study_record_reverse
from reports import views
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.helpers import YEAR, at, credit, exam

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    office = DepartmentFactory(name="信访办", code="office")
    a = DepartmentFactory(name="接待科", code="a", parent=office)
    a1 = DepartmentFactory(name="接待一组", code="a1", parent=a)
    b = DepartmentFactory(name="督办科", code="b", parent=office)
    return office, a, a1, b


def file_url(pk, fmt, year=YEAR):
    return reverse("reports:official_file", args=[pk, year, fmt])


def dept_file_url(code, fmt, year=YEAR):
    return reverse("reports:department_file", args=[code, year, fmt])


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_my_year_as_docx_has_the_figures_items_paragraph_and_signature_lines(client, tree):
    """The DOCX carries the official's details, the target table, every item, the corrections,
    the 述职述法 paragraph and the signature lines; a reversed record is not counted."""
    me = UserFactory(department=tree[1], name="李明")
    credit(me, StudyRecordKind.CASE_REVIEWED, hours="2", title="张某重复信访案")
    wrong = credit(me, StudyRecordKind.OFFLINE_TRAINING, hours="5", title="误录培训")
    study_record_reverse(record=wrong, reason="未参加", actor=None, now=at(month=4))
    exam(me, 92, excellent=True)
    client.force_login(me)
    response = client.get(file_url(me.pk, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "李明" in text and "接待科" in text
    assert "张某重复信访案" in text and "年度学法考试" in text
    assert "未参加" in text  # the correction, with its reason
    assert f"{YEAR}年，本人" in text
    assert "92" in text
    # 2 (case) + 2 (exam) hours; the reversed 5 do not count.
    assert "累计学法4学时" in text or "4 学时" in text or "\n4\n" in text


def test_my_year_as_xlsx_has_a_summary_and_every_record(client, tree):
    """The XLSX's first sheet is the summary with the paragraph, the second every record."""
    me = UserFactory(department=tree[1], name="李明")
    credit(me, StudyRecordKind.CASE_REVIEWED, hours="2", title="张某重复信访案")
    client.force_login(me)
    response = client.get(file_url(me.pk, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ("姓名", "李明") in summary or any("李明" in str(r) for r in summary)
    assert any(f"{YEAR}年，本人" in str(v) for r in summary for v in r)
    records = list(book.worksheets[1].iter_rows(values_only=True))
    assert any("张某重复信访案" in str(r) for r in records)
    assert any(2 in r for r in records[1:])  # hours as a number, not text


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_an_official_cannot_download_anyone_elses_year(client, tree, fmt):
    """Changing the id in the URL gives 404, never a colleague's document."""
    me = UserFactory(department=tree[1])
    colleague = UserFactory(department=tree[1])
    client.force_login(me)
    assert client.get(file_url(colleague.pk, fmt)).status_code == 404
    assert client.get(file_url(me.pk, fmt)).status_code == 200


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_lead_downloads_below_but_not_another_department(client, tree, fmt):
    """A lead has the documents of their department and its sections, not a sibling's or the
    office above."""
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a)
    below = UserFactory(department=a1)
    sibling = UserFactory(department=b)
    above = UserFactory(department=office)
    client.force_login(lead)
    assert client.get(file_url(below.pk, fmt)).status_code == 200
    assert client.get(file_url(sibling.pk, fmt)).status_code == 404
    assert client.get(file_url(above.pk, fmt)).status_code == 404


def test_trainers_and_administrators_download_everyone(client, tree, trainer, administrator):
    """Trainers and administrators see every department's officials."""
    someone = UserFactory(department=tree[3])
    for who in (trainer, administrator):
        client.force_login(who)
        assert client.get(file_url(someone.pk, "docx")).status_code == 200
        assert client.get(dept_file_url("b", "xlsx")).status_code == 200


def test_bad_formats_and_years_are_404(client, tree):
    """Only docx/xlsx (official) and xlsx/zip (department), and only sensible years."""
    me = UserFactory(department=tree[1])
    client.force_login(me)
    assert client.get(file_url(me.pk, "pdf")).status_code == 404
    assert client.get(file_url(me.pk, "docx", year=1999)).status_code == 404
    assert client.get(file_url(me.pk, "docx", year=YEAR + 5)).status_code == 404


def test_department_xlsx_has_each_official_of_the_subtree_and_no_other(client, tree):
    """The department sheet lists the department and its sections, each with their hours."""
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    credit(UserFactory(department=a, name="甲"), hours="3")
    UserFactory(department=a1, name="乙")
    UserFactory(department=b, name="丙")
    client.force_login(lead)
    response = client.get(dept_file_url("a", "xlsx"))
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    names = [r[0] for r in rows[1:]]
    assert sorted(names) == sorted(["组长", "甲", "乙"])
    assert [r[4] for r in rows[1:] if r[0] == "甲"] == [3]


@pytest.mark.parametrize("code", ["b", "office"])
@pytest.mark.parametrize("fmt", ["xlsx", "zip"])
def test_a_lead_cannot_export_another_department_by_changing_the_code(client, tree, code, fmt):
    """Another department's or the office's export is 404 for a lead of 接待科."""
    client.force_login(UserFactory(role="lead", department=tree[1]))
    response = (
        client.post(dept_file_url(code, fmt))
        if fmt == "zip"
        else client.get(dept_file_url(code, fmt))
    )
    assert response.status_code == 404


def test_an_official_has_no_department_export(client, tree):
    """An official without a lead's role cannot export their own department either."""
    client.force_login(UserFactory(department=tree[1]))
    assert client.get(dept_file_url("a", "xlsx")).status_code == 404
    assert client.post(dept_file_url("a", "zip")).status_code == 404


def test_department_zip_holds_one_docx_per_official(client, tree):
    """A small department's ZIP is written at once: one DOCX for each official below."""
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    credit(UserFactory(department=a1, name="乙"), hours="2", title="乙的课程")
    UserFactory(department=b, name="丙")
    client.force_login(lead)
    assert client.get(dept_file_url("a", "zip")).status_code == 405  # it may start a job: POST
    response = client.post(dept_file_url("a", "zip"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert len(names) == 2 and all(n.endswith(".docx") for n in names)
    assert any("乙" in n for n in names) and not any("丙" in n for n in names)
    text = docx_text(archive.read(next(n for n in names if "乙" in n)))
    assert "乙的课程" in text


def test_a_large_department_zip_is_a_background_job_for_its_owner_only(
    client, tree, monkeypatch, django_capture_on_commit_callbacks
):
    """Above the inline limit the ZIP becomes a job; the job page shows it done (immediate
    backend in tests), its file is the owner's, and nobody else reaches it."""
    monkeypatch.setattr(views, "ZIP_INLINE_LIMIT", 1)
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a)
    UserFactory(department=a, name="甲")
    UserFactory(department=a1, name="乙")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(dept_file_url("a", "zip"))
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.report == {"documents": 3}
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 3
    client.force_login(UserFactory(role="lead", department=b))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_my_year_page_offers_the_downloads(client, tree):
    """The page links its DOCX and XLSX."""
    me = UserFactory(department=tree[1])
    client.force_login(me)
    body = client.get(reverse("reports:official_year", args=[me.pk, YEAR])).content.decode()
    assert file_url(me.pk, "docx") in body and file_url(me.pk, "xlsx") in body


def test_the_pages_xlsx_button_writes_a_small_department_at_once(client, tree):
    """Up to the inline limit the page's XLSX button (a POST, keeping the page's order) returns
    the workbook itself; a GET still does."""
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    UserFactory(department=a1, name="乙")
    client.force_login(lead)
    page = client.get(reverse("reports:department", args=["a", YEAR]) + "?sort=missing")
    body = page.content.decode()
    assert f'action="{dept_file_url("a", "xlsx")}"' in body and 'value="missing"' in body
    response = client.post(dept_file_url("a", "xlsx"), {"sort": "missing"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client.get(dept_file_url("a", "xlsx")).status_code == 200
    assert client.put(dept_file_url("a", "xlsx")).status_code == 405
    assert not Job.objects.exists()


def test_a_large_departments_xlsx_is_a_background_job_for_its_owner_only(
    client, tree, monkeypatch, django_capture_on_commit_callbacks
):
    """Above the inline limit the button queues a job (immediate backend in tests); its file is
    the same workbook, offered to its owner only; a lead of another department is refused
    before anything is queued."""
    monkeypatch.setattr(views, "XLSX_INLINE_LIMIT", 1)
    office, a, a1, b = tree
    lead = UserFactory(role="lead", department=a, name="组长")
    UserFactory(department=a, name="甲")
    credit(UserFactory(department=a1, name="乙"), hours="3")
    other = UserFactory(role="lead", department=b)
    client.force_login(other)
    assert client.post(dept_file_url("a", "xlsx")).status_code == 404
    assert not Job.objects.exists()
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(dept_file_url("a", "xlsx"), {"sort": "missing"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "reports.department_xlsx" and job.params["sort"] == "missing"
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.report == {"officials": 3}
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert sorted(r[0] for r in rows[1:]) == ["乙", "甲", "组长"]
    client.force_login(other)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
