from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import attempts_close_expired


class Command(BaseCommand):
    help = (
        "Submit every open quiz attempt whose deadline has passed, with its saved answers. "
        "Safe to run from cron every minute; attempts are also submitted whenever touched."
    )

    def handle(self, *args, **options):
        count = attempts_close_expired(now=timezone.now())
        self.stdout.write(f"{count} expired attempt(s) submitted.")
