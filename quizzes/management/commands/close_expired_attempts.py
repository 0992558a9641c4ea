from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import attempts_close_expired


class Command(BaseCommand):
    help = (
        "Submit every open quiz attempt whose deadline has passed, with its saved answers. "
        "The worker (manage.py tasks_worker) does this every minute; this command is for a one-off run."
    )

    def handle(self, *args, **options):
        count = attempts_close_expired(now=timezone.now())
        self.stdout.write(f"{count} expired attempt(s) submitted.")
