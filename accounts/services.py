"""Writes about people: the staff import from Excel."""

import re
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kit.spreadsheets import RowError, SpreadsheetError, read_sheet, write_sheet

from .models import Department, Rank, User
from .roles import OFFICIAL, role_group, user_may_manage

COL_NAME, COL_NUMBER, COL_DEPT, COL_TITLE, COL_RANK, COL_PHONE = (
    "姓名",
    "工号",
    "部门",
    "职务",
    "职级",
    "手机",
)
STAFF_COLUMNS = [COL_NAME, COL_NUMBER, COL_DEPT, COL_TITLE, COL_RANK, COL_PHONE]

RANK_WORDS = {
    "科员": Rank.STAFF,
    "办事员": Rank.STAFF,
    "科级": Rank.SECTION,
    "副科级": Rank.SECTION,
    "正科级": Rank.SECTION,
    "副科": Rank.SECTION,
    "正科": Rank.SECTION,
    "处级": Rank.DIVISION,
    "副处级": Rank.DIVISION,
    "正处级": Rank.DIVISION,
    "副处": Rank.DIVISION,
    "正处": Rank.DIVISION,
    "厅局级": Rank.BUREAU,
    "厅级": Rank.BUREAU,
}
STAFF_NUMBER_RE = re.compile(r"^[A-Za-z0-9_-]{1,30}$")
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 — no look-alikes


@dataclass
class StaffRow:
    row: int
    name: str
    staff_number: str
    department: Department
    job_title: str
    rank: str
    phone: str


@dataclass
class StaffImportResult:
    rows: int = 0
    created: list[tuple[User, str]] = field(default_factory=list)  # (user, initial password)
    updated: list[User] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "errors": [e.as_dict() for e in self.errors],
        }


def staff_template() -> bytes:
    """The downloadable Excel template for the staff import."""
    departments = Department.objects.order_by("sort_order", "name")
    example_dept = departments.first()
    notes = [
        _(
            "One official per row. 姓名, 工号 and 部门 are required; the other columns may be empty."
        ),
        _(
            "工号 (staff number) is the sign-in name. Importing the same 工号 again updates the person."
        ),
        _("部门: the department's name or code as in Xuefa; use “上级/下级” when a name repeats."),
        _("职级: 科员, 科级 (副科/正科), 处级 (副处/正处) or 厅局级."),
        _("手机: an 11-digit mobile number or a landline such as 023-68881234."),
        _("Department codes:") + " " + "、".join(f"{d.name}={d.code}" for d in departments),
    ]
    example = [
        "张三",
        "XF0101",
        example_dept.name if example_dept else "",
        "科员",
        "科员",
        "13800000000",
    ]
    return write_sheet(title=_("Staff"), columns=STAFF_COLUMNS, rows=[example], notes=notes)


def _department_lookup():
    by_code, by_name, by_path = {}, {}, {}
    departments = list(Department.objects.all())
    parents = {d.pk: d for d in departments}
    for dept in departments:
        by_code[dept.code.lower()] = dept
        by_name.setdefault(dept.name, []).append(dept)
        parent = parents.get(dept.parent_id)
        if parent is not None:
            by_path[f"{parent.name}/{dept.name}"] = dept
    return by_code, by_name, by_path


def _generate_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(10))


def staff_import(*, upload, actor, dry_run: bool = False) -> StaffImportResult:
    """Create or update officials from an Excel sheet, as ``actor``. All rows or none.

    Officials are matched by staff number, so a second import updates rather than
    duplicates. New accounts get the official role and a one-time password. A row that
    matches an account ``actor`` may not manage (a trainer, an administrator) is refused:
    the import changes profile fields only, and only of accounts below the importer.
    """
    result = StaffImportResult(dry_run=dry_run)
    try:
        sheet_rows = read_sheet(
            upload,
            required_columns=[COL_NAME, COL_NUMBER, COL_DEPT],
            optional_columns=[COL_TITLE, COL_RANK, COL_PHONE],
        )
    except SpreadsheetError as exc:
        result.errors.append(RowError(row=1, column="", message=str(exc)))
        return result
    result.rows = len(sheet_rows)
    if not sheet_rows:
        result.errors.append(RowError(row=2, column="", message=_("The sheet has no data rows.")))
        return result

    by_code, by_name, by_path = _department_lookup()
    seen_numbers: dict[str, int] = {}
    parsed: list[StaffRow] = []
    for sheet_row in sheet_rows:
        errors_before = len(result.errors)
        n = sheet_row.number

        def error(column, message, n=n):
            result.errors.append(RowError(row=n, column=column, message=message))

        name = sheet_row.get(COL_NAME)
        number = sheet_row.get(COL_NUMBER).replace(" ", "")
        dept_text = sheet_row.get(COL_DEPT).replace("／", "/").replace(" / ", "/")
        rank_text = sheet_row.get(COL_RANK)
        phone = sheet_row.get(COL_PHONE).replace(" ", "")
        if not name:
            error(COL_NAME, _("Name is empty."))
        elif len(name) > 50:
            error(COL_NAME, _("Name is longer than 50 characters."))
        if not number:
            error(COL_NUMBER, _("Staff number is empty."))
        elif not STAFF_NUMBER_RE.match(number):
            error(
                COL_NUMBER, _("Staff number may hold only letters, digits, - and _ (30 at most).")
            )
        elif number.lower() in seen_numbers:
            error(
                COL_NUMBER,
                _("Staff number %(number)s also appears in row %(other)s.")
                % {"number": number, "other": seen_numbers[number.lower()]},
            )
        else:
            seen_numbers[number.lower()] = n
        department = None
        if not dept_text:
            error(COL_DEPT, _("Department is empty."))
        else:
            department = by_code.get(dept_text.lower()) or by_path.get(dept_text)
            if department is None:
                matches = by_name.get(dept_text, [])
                if len(matches) == 1:
                    department = matches[0]
                elif len(matches) > 1:
                    error(
                        COL_DEPT,
                        _(
                            "More than one department is called “%(name)s”; write its code or "
                            "“parent/department”."
                        )
                        % {"name": dept_text},
                    )
                else:
                    error(
                        COL_DEPT,
                        _("No department “%(name)s”. Check the spelling or add it first.")
                        % {"name": dept_text},
                    )
        rank = ""
        if rank_text:
            rank = RANK_WORDS.get(rank_text, "")
            if not rank:
                error(
                    COL_RANK,
                    _("Unknown rank “%(rank)s”; use 科员, 科级, 处级 or 厅局级.")
                    % {"rank": rank_text},
                )
        if phone and not PHONE_RE.match(phone):
            error(COL_PHONE, _("“%(phone)s” is not a phone number.") % {"phone": phone})
        if len(result.errors) == errors_before:
            parsed.append(
                StaffRow(
                    row=n,
                    name=name,
                    staff_number=number,
                    department=department,
                    job_title=sheet_row.get(COL_TITLE)[:100],
                    rank=rank,
                    phone=phone,
                )
            )

    existing = {
        u.staff_number.lower(): u
        for u in User.objects.filter(
            staff_number__in=[r.staff_number for r in parsed]
        ).prefetch_related("groups")
    }
    taken_usernames = {
        name.lower(): pk
        for name, pk in User.objects.filter(
            username__in=[r.staff_number for r in parsed]
        ).values_list("username", "pk")
    }
    for row in parsed:
        user = existing.get(row.staff_number.lower())
        owner = taken_usernames.get(row.staff_number.lower())
        if user is not None and not user_may_manage(actor, user):
            result.errors.append(
                RowError(
                    row=row.row,
                    column=COL_NUMBER,
                    message=_(
                        "%(number)s is the account of someone with a role at or above yours; "
                        "only an administrator can change it."
                    )
                    % {"number": row.staff_number},
                )
            )
        elif user is None and owner is not None:
            result.errors.append(
                RowError(
                    row=row.row,
                    column=COL_NUMBER,
                    message=_("Another account already signs in as “%(number)s”.")
                    % {"number": row.staff_number},
                )
            )
    if result.errors:
        return result

    with transaction.atomic():
        official_group = role_group(OFFICIAL)
        for row in parsed:
            user = existing.get(row.staff_number.lower())
            values = {
                "name": row.name,
                "department": row.department,
                "job_title": row.job_title,
                "rank": row.rank,
                "phone": row.phone,
            }
            if user is None:
                password = _generate_password()
                user = User(username=row.staff_number, staff_number=row.staff_number, **values)
                user.set_password(password)
                user.must_change_password = True
                user.save()
                user.groups.add(official_group)
                result.created.append((user, password))
            elif any(getattr(user, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(user, key, value)
                user.save()
                result.updated.append(user)
            else:
                result.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
    return result


def initial_passwords_sheet(created: list[tuple[str, str, str]]) -> bytes:
    """A sheet of new accounts and their one-time passwords, to hand out on paper."""
    return write_sheet(
        title=_("New accounts"),
        columns=[COL_NAME, COL_NUMBER, _("Initial password")],
        rows=created,
        notes=[_("Each official must change this password at first sign-in.")],
    )
