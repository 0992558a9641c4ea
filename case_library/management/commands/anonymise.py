import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from case_library import anonymiser


class Command(BaseCommand):
    help = (
        "Find personal data in a text file (UTF-8; '-' reads stdin). Exit status 1 when "
        "anything was found, 0 when not. --json prints findings and the redacted text; "
        "--redact prints the redacted text; --html treats the file as rich text (HTML)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print findings as JSON.")
        parser.add_argument("--redact", action="store_true", help="Print the redacted text.")
        parser.add_argument("--html", action="store_true", help="The file is HTML rich text.")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {name}: {exc}") from exc
        if options["html"]:
            findings = anonymiser.find_in_html(text)
            redacted = anonymiser.redact_html(text, findings)
        else:
            findings = anonymiser.find(text)
            redacted = anonymiser.redact(text, findings)
        if options["json"]:
            payload = {"findings": [f.as_dict() for f in findings], "redacted": redacted}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif options["redact"]:
            self.stdout.write(redacted, ending="" if redacted.endswith("\n") else "\n")
        else:
            for f in findings:
                self.stdout.write(f"{f.start}-{f.end}\t{f.kind}\t{f.text}\t→ {f.replacement}")
            self.stdout.write(f"{len(findings)} finding(s).")
        if findings:
            sys.exit(1)
