"""Rebuild the site search index from every provider (after a restore, an upgrade of the
segmenter's vocabulary, or to be sure)."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.services import index_rebuild


class Command(BaseCommand):
    help = _("Rebuild the site search index.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = index_rebuild(stdout=self.stdout)
        self.stdout.write(
            _("%(n)d entries indexed in %(s).1f s.")
            % {"n": sum(counts.values()), "s": time.perf_counter() - started}
        )
