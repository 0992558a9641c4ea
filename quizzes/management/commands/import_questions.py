import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kit.spreadsheets import SpreadsheetError
from quizzes.spreadsheet import questions_import


class Command(BaseCommand):
    help = (
        "Import questions from an .xlsx file into a bank (created if needed). All or nothing: "
        "any invalid row is reported by row and column and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bank", required=True, help="the question bank's name")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, file, bank, dry_run, json: bool, **options):
        as_json = json
        translation.activate(settings.LANGUAGE_CODE)
        try:
            report = questions_import(file, bank_name=bank, dry_run=dry_run)
        except (SpreadsheetError, OSError) as exc:
            if as_json:
                self.stdout.write(_dumps({"ok": False, "file_error": str(exc)}))
                raise SystemExit(1) from exc
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            for warning in report.warnings:
                self.stdout.write(self.style.WARNING(str(warning)))
            for error in report.errors:
                self.stdout.write(self.style.ERROR(str(error)))
            if report.ok:
                verb = "checked (dry run)" if dry_run else "imported"
                count = len(report.questions) if dry_run else report.created
                self.stdout.write(self.style.SUCCESS(f"{count} questions {verb} into “{bank}”."))
        if not report.ok:
            raise SystemExit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
