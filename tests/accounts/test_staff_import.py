"""The staff import from Excel: all rows or none, row-level messages, updates not duplicates."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from accounts.models import User
from accounts.services import STAFF_COLUMNS, staff_import
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_xlsx(rows, header=STAFF_COLUMNS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "staff.xlsx"
    return buf


@pytest.fixture
def importer(depts):
    return UserFactory(role="trainer", department=depts["office"])


@pytest.fixture
def depts():
    office = DepartmentFactory(name="信访办", code="xfb")
    return {
        "office": office,
        "jdk": DepartmentFactory(name="接待科", code="xfb-jdk", parent=office),
        "dbk": DepartmentFactory(name="督查督办科", code="xfb-dbk", parent=office),
    }


def test_valid_sheet_creates_officials_with_role_and_one_time_password(depts, importer):
    """Two good rows make two official accounts that must change their password."""
    result = staff_import(
        actor=importer,
        upload=make_xlsx(
            [
                ["张三", "XF1001", "接待科", "接待员", "科员", "13812345678"],
                ["李四", "XF1002", "xfb-dbk", "科长", "正科", ""],
            ]
        ),
    )
    assert result.ok, result.errors
    assert len(result.created) == 2
    zhang = User.objects.get(staff_number="XF1001")
    assert zhang.username == "XF1001"
    assert zhang.department == depts["jdk"]
    assert zhang.rank == "staff"
    assert zhang.must_change_password
    assert zhang.groups.filter(name="学员").exists()
    password = {u.staff_number: p for u, p in result.created}["XF1001"]
    assert zhang.check_password(password)
    assert User.objects.get(staff_number="XF1002").rank == "section"


def test_reimport_updates_instead_of_duplicating(depts, importer):
    """Importing the same staff number again changes that person, and creates nobody."""
    staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF1001", "接待科", "接待员", "科员", ""]])
    )
    result = staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF1001", "督查督办科", "督办专员", "科级", ""]])
    )
    assert result.ok
    assert (len(result.created), len(result.updated)) == (0, 1)
    assert User.objects.filter(staff_number="XF1001").count() == 1
    assert User.objects.get(staff_number="XF1001").department == depts["dbk"]
    again = staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF1001", "督查督办科", "督办专员", "科级", ""]])
    )
    assert again.unchanged == 1 and not again.updated


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported(depts, importer):
    """Wrong department, duplicate staff number, empty name, bad rank and phone: all named,
    and the good row in the same file is not imported either."""
    result = staff_import(
        actor=importer,
        upload=make_xlsx(
            [
                ["王五", "XF2001", "接待科", "", "", ""],  # good
                ["赵六", "XF2002", "不存在科", "", "", ""],  # unknown department
                ["", "XF2003", "接待科", "", "", ""],  # empty name
                ["钱七", "XF2001", "接待科", "", "", ""],  # duplicate of row 2
                ["孙八", "XF2004", "接待科", "", "局长", "12345"],  # bad rank and phone
            ]
        ),
    )
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "部门"), (4, "姓名"), (5, "工号"), (6, "职级"), (6, "手机")} <= found
    by_cell = {(e.row, e.column): e.message for e in result.errors}
    assert "不存在科" in by_cell[(3, "部门")]  # the department as typed
    duplicate = by_cell[(5, "工号")]
    assert "XF2001" in duplicate  # the number, and the row it first appeared in
    assert re.search(r"(?<![\dA-Z])2(?!\d)", duplicate.replace("XF2001", "")), duplicate
    assert not User.objects.filter(staff_number__startswith="XF2").exists()


def test_non_excel_file_is_refused_with_a_clear_message(depts, importer):
    """A text file renamed to .xlsx is not parsed; the message says to save as .xlsx."""
    fake = io.BytesIO("姓名,工号\n张三,1".encode())
    fake.name = "staff.xlsx"
    result = staff_import(actor=importer, upload=fake)
    assert not result.ok
    assert ".xlsx" in result.errors[0].message
    assert list(User.objects.all()) == [importer]


def test_formula_cells_are_refused(depts, importer):
    """A formula could smuggle in values nobody typed; the sheet must hold plain values."""
    result = staff_import(
        actor=importer, upload=make_xlsx([["=1+1", "XF3001", "接待科", "", "", ""]])
    )
    assert not result.ok
    with translation.override("en"):
        again = staff_import(
            actor=importer, upload=make_xlsx([["=1+1", "XF3001", "接待科", "", "", ""]])
        )
    message = again.errors[0].message
    assert "formula" in message and "Row 2" in message and "姓名" in message, message
    assert not User.objects.filter(staff_number="XF3001").exists()


def test_missing_header_column_is_named(depts, importer):
    result = staff_import(
        actor=importer, upload=make_xlsx([["张三", "接待科"]], header=["姓名", "部门"])
    )
    assert not result.ok
    assert "工号" in result.errors[0].message


def test_ambiguous_department_name_asks_for_code_or_path(depts, importer):
    """Two departments called 接待科 under different offices: the name alone is refused,
    the parent/child path is accepted."""
    other = DepartmentFactory(name="另一个办", code="other")
    DepartmentFactory(name="接待科", code="other-jdk", parent=other)
    bad = staff_import(actor=importer, upload=make_xlsx([["张三", "XF4001", "接待科", "", "", ""]]))
    assert not bad.ok and bad.errors[0].column == "部门"
    good = staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF4001", "信访办/接待科", "", "", ""]])
    )
    assert good.ok
    assert User.objects.get(staff_number="XF4001").department == depts["jdk"]


def test_dry_run_checks_without_writing(depts, importer):
    result = staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF5001", "接待科", "", "", ""]]), dry_run=True
    )
    assert result.ok and len(result.created) == 1
    assert not User.objects.filter(staff_number="XF5001").exists()


def test_staff_number_taken_as_username_by_someone_else_is_an_error(depts, importer):
    UserFactory(username="XF6001", staff_number="OTHER")
    result = staff_import(
        actor=importer, upload=make_xlsx([["张三", "XF6001", "接待科", "", "", ""]])
    )
    assert not result.ok and result.errors[0].column == "工号"


def test_admin_upload_and_one_time_password_download(client, depts):
    """A trainer uploads in the admin, sees the counts, and can download passwords once."""
    trainer = UserFactory(role="trainer", department=depts["office"])
    client.force_login(trainer)
    url = reverse("accounts_admin:staff_import")
    response = client.post(
        url, {"file": make_xlsx([["张三", "XF7001", "接待科", "", "", ""]]), "dry_run": ""}
    )
    assert response.status_code == 200
    assert User.objects.filter(staff_number="XF7001").exists()
    first = client.get(reverse("accounts_admin:staff_passwords"))
    assert first.status_code == 200
    assert first["Content-Type"].startswith("application/vnd.openxmlformats")
    second = client.get(reverse("accounts_admin:staff_passwords"))
    assert second.status_code == 302  # gone after the first download


def test_admin_errors_are_shown_and_nothing_changes(client, depts):
    trainer = UserFactory(role="trainer", department=depts["office"])
    client.force_login(trainer)
    response = client.post(
        reverse("accounts_admin:staff_import"),
        {"file": make_xlsx([["张三", "XF8001", "火星科", "", "", ""]]), "dry_run": ""},
    )
    assert response.status_code == 200
    assert "火星科" in response.content.decode()
    assert not User.objects.filter(staff_number="XF8001").exists()


def test_template_download_has_the_columns(client, depts):
    from openpyxl import load_workbook

    client.force_login(UserFactory(role="administrator", department=depts["office"]))
    response = client.get(reverse("accounts_admin:staff_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == STAFF_COLUMNS


@pytest.mark.parametrize("role", ["official", "lead"])
def test_officials_and_leads_cannot_import(client, depts, role):
    client.force_login(UserFactory(role=role, department=depts["office"]))
    url = reverse("accounts_admin:staff_import")
    refused = "/admin/login/?next=" + url if role == "official" else "/admin/"
    assert client.get(url)["Location"] == refused
    response = client.post(
        url, {"file": make_xlsx([["张三", "XF9001", "接待科", "", "", ""]]), "dry_run": ""}
    )
    assert response["Location"] == refused
    assert not User.objects.filter(staff_number="XF9001").exists()
