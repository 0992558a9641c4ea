from django.core.management.base import BaseCommand, CommandError

from quizzes.models import QuestionBank
from quizzes.spreadsheet import questions_export


class Command(BaseCommand):
    help = "Export a question bank to .xlsx in the import format."

    def add_arguments(self, parser):
        parser.add_argument("out")
        parser.add_argument("--bank", required=True)

    def handle(self, *args, out, bank, **options):
        found = QuestionBank.objects.filter(name=bank).first()
        if found is None:
            raise CommandError(f"No question bank named “{bank}”.")
        with open(out, "wb") as handle:
            handle.write(questions_export(bank=found))
        self.stdout.write(f"{found.questions.count()} questions written to {out}")
