from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import attempts_submit_overdue


class Command(BaseCommand):
    help = (
        "Submit every open quiz attempt past its deadline (and the grace for answers on their "
        "way), with its saved answers. The worker does this every minute; this command is for "
        "a one-off run."
    )

    def handle(self, *args, **options):
        count = attempts_submit_overdue(now=timezone.now())
        self.stdout.write(f"{count} overdue attempt(s) submitted.")
