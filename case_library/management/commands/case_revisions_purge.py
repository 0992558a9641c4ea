"""Delete the revisions that still hold the raw intake data of redacted cases."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from case_library.services import case_raw_revisions_purge


class Command(BaseCommand):
    help = (
        "Delete the revisions of redacted cases saved before their redaction (they hold the "
        "raw personal data), once XUEFA_CASE_RAW_RETENTION_DAYS have passed since the redaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days instead of XUEFA_CASE_RAW_RETENTION_DAYS "
            f"({settings.XUEFA_CASE_RAW_RETENTION_DAYS}); 0 purges every redacted case now.",
        )
        parser.add_argument("--page", type=int, default=None, help="Only this case (page id).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted, delete nothing."
        )

    def handle(self, *args, days, page, dry_run, **options):
        with transaction.atomic():
            report = case_raw_revisions_purge(now=timezone.now(), retention_days=days, page_id=page)
            if dry_run:
                transaction.set_rollback(True)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"case_revisions_purge: {verb} {report.revisions} raw revision(s) of "
            f"{report.pages} case(s)"
        )
        if report.kept_in_moderation:
            self.stdout.write(
                "kept (still under moderation): revisions "
                + ", ".join(str(i) for i in report.kept_in_moderation)
            )
