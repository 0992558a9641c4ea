from django.core.management.base import BaseCommand
from wagtail import hooks


class Command(BaseCommand):
    help = (
        "Load the demo departments, accounts and content. Idempotent: running it again "
        "changes nothing. Each app adds its part through the xuefa_load_demo hook."
    )

    def handle(self, *args, **options):
        for fn in hooks.get_hooks("xuefa_load_demo"):
            fn(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
