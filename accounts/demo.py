"""Demo departments and one account per role. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Department, Rank, User
from .roles import ADMINISTRATOR, LEAD, OFFICIAL, TRAINER, role_group

DEMO_PASSWORD = "xuefa-demo-2026"  # noqa: S105 — printed in the README; demo only

DEPARTMENTS = [
    # code, name, parent code
    ("xfb", "大渡口区信访办公室", None),
    ("xfb-jdk", "接待科", "xfb"),
    ("xfb-dbk", "督查督办科", "xfb"),
    ("xfb-fxk", "复查复核科", "xfb"),
    ("xfb-zhk", "综合科", "xfb"),
]

ACCOUNTS = [
    # username, name, role, department code, job title, rank, staff number
    ("official", "李明", OFFICIAL, "xfb-jdk", "接待员", Rank.STAFF, "XF0001"),
    ("trainer", "王芳", TRAINER, "xfb-zhk", "培训专干", Rank.SECTION, "XF0002"),
    ("lead", "赵强", LEAD, "xfb-jdk", "接待科科长", Rank.SECTION, "XF0003"),
    ("admin", "系统管理员", ADMINISTRATOR, "xfb-zhk", "信息管理员", Rank.STAFF, "XF0000"),
]

# More officials, so that department reports have something to show.
COLLEAGUES = [
    ("XF0101", "陈静", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0102", "刘洋", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0103", "杨帆", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0104", "黄磊", "xfb-dbk", "督查督办科科长", Rank.SECTION),
    ("XF0105", "周敏", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0106", "吴刚", "xfb-fxk", "复查复核科科长", Rank.SECTION),
    ("XF0107", "徐丽", "xfb-zhk", "文书", Rank.STAFF),
    ("XF0108", "孙伟", "xfb", "副主任", Rank.DIVISION),
]


def _joined():
    """The demo staff joined years ago, so last year's reports include them."""
    year = timezone.localdate().year - 4
    return timezone.make_aware(datetime.datetime(year, 1, 5, 9))


def _account(username: str, roles: list[str], **fields) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"date_joined": _joined(), **fields}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(*(role_group(role) for role in roles))
    return user


@transaction.atomic
def load(stdout) -> None:
    departments = {}
    for order, (code, name, parent_code) in enumerate(DEPARTMENTS):
        dept, _created = Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "parent": departments.get(parent_code), "sort_order": order},
        )
        departments[code] = dept

    for username, name, role, dept_code, title, rank, number in ACCOUNTS:
        # Trainers and leads study too, so they are officials as well.
        roles = [role, OFFICIAL] if role in (TRAINER, LEAD) else [role]
        _account(
            username,
            roles,
            name=name,
            department=departments[dept_code],
            job_title=title,
            rank=rank,
            staff_number=number,
            email=f"{username}@example.invalid",
            is_superuser=role == ADMINISTRATOR,
        )
    for number, name, dept_code, title, rank in COLLEAGUES:
        _account(
            number,
            [OFFICIAL],
            name=name,
            department=departments[dept_code],
            job_title=title,
            rank=rank,
            staff_number=number,
        )
    stdout.write(f"accounts: {len(departments)} departments, {User.objects.count()} accounts")
