from django.core.management.base import BaseCommand

from quizzes.spreadsheet import question_template


class Command(BaseCommand):
    help = "Write the question-bank Excel template (题型, 题干, 选项A…选项H, 答案, …) to OUT.xlsx."

    def add_arguments(self, parser):
        parser.add_argument("out", help="where to write the .xlsx file")

    def handle(self, *args, out, **options):
        with open(out, "wb") as handle:
            handle.write(question_template())
        self.stdout.write(self.style.SUCCESS(f"Template written to {out}"))
