from django.core.management.base import BaseCommand

from records.services import study_totals_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the study year totals (records.StudyYearTotal) from the ledger: every year, "
        "or the years given. The ledger's write path keeps them; this is for records written "
        "past it (a restore, a bulk load) and for checking."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        written = study_totals_rebuild(years=years or None)
        self.stdout.write(self.style.SUCCESS(f"{written} year totals written"))
