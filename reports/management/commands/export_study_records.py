from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import Department, User
from reports.files import department_xlsx_file, department_zip_file, official_file


class Command(BaseCommand):
    help = (
        "Write a year's study records to a file: one official (--user, docx or xlsx), a "
        "department and its sections (--department, xlsx or zip of docx), or the whole office "
        "(neither). A closed year is written from its snapshot: the same bytes every time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--department", help="department code")
        parser.add_argument("--user", help="username of one official")
        parser.add_argument("--format", choices=["xlsx", "docx", "zip"], required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, year, department=None, user=None, format, out, **options):
        if department and user:
            raise CommandError("give --department or --user, not both")
        with translation.override(settings.LANGUAGE_CODE):
            if user:
                official = User.objects.select_related("department").filter(username=user).first()
                if official is None:
                    raise CommandError(f"no user {user!r}")
                if format == "zip":
                    raise CommandError("one official's year is --format docx or xlsx")
                _name, data = official_file(official=official, year=year, viewer=None, fmt=format)
            else:
                dept = None
                if department:
                    dept = Department.objects.filter(code=department).first()
                    if dept is None:
                        raise CommandError(f"no department {department!r}")
                if format == "docx":
                    raise CommandError("a department is --format xlsx or zip")
                if format == "xlsx":
                    _name, data = department_xlsx_file(department=dept, year=year, viewer=None)
                else:
                    _name, data, _n = department_zip_file(department=dept, year=year, viewer=None)
        Path(out).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"{out}: {len(data)} bytes"))
