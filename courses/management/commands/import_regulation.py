import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.services import RegulationImportError, regulation_import


class Command(BaseCommand):
    help = "Import or update a regulation from its text file (第X章 / 第X条 format)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A UTF-8 text or Markdown file")
        parser.add_argument("--slug", help="The regulation's address; updates it if it exists")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args, path, slug=None, json=False, **options):
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            report = regulation_import(text=text, slug=slug)
        except RegulationImportError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_json_dump(report.as_dict()))
            return
        action = "created" if report.created else "updated"
        self.stdout.write(
            f"{report.regulation.title} ({report.regulation.slug}) {action}: "
            f"{report.chapter_count} chapters, {report.article_count} articles; "
            f"{len(report.added)} new, {len(report.changed)} changed, "
            f"{len(report.retired)} no longer in the text"
        )
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")


def _json_dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
