from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from records.services import LedgerError
from reports.closing import year_close, year_reopen


class Command(BaseCommand):
    help = (
        "Close a study year (年度归档): store its figures as a snapshot with a checksum and refuse "
        "any further ledger record dated in it. --reopen with --reason opens it again for a "
        "correction (recorded with who and why)."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--by", help="username of the administrator (recorded)")
        parser.add_argument("--reopen", action="store_true")
        parser.add_argument("--reason", default="")

    def handle(self, *args, year, by=None, reopen=False, reason="", **options):
        actor = None
        if by:
            actor = User.objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"no user {by!r}")
        try:
            if reopen:
                year_reopen(year=year, actor=actor, reason=reason)
                self.stdout.write(self.style.SUCCESS(f"{year} reopened: {reason}"))
                return
            snapshot = year_close(year=year, actor=actor)
        except LedgerError as exc:
            raise CommandError(str(exc)) from exc
        ledger = snapshot.data["ledger"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{year} closed: {len(snapshot.data['officials'])} officials, "
                f"{ledger['records']} records, {ledger['credit_hours']} h, "
                f"checksum {snapshot.checksum}"
            )
        )
