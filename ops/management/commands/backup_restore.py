from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ops.backup import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (migrated first) and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--allow-nonempty",
            action="store_true",
            help="restore even though the database already holds study records",
        )

    def handle(self, *args, archive, allow_nonempty, **options):
        call_command("migrate", verbosity=0, interactive=False)
        try:
            manifest = backup_restore(source=Path(archive), allow_nonempty=allow_nonempty)
        except RestoreRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {sum(manifest['rows'].values())} rows and "
            f"{manifest['media_files']} media files from {archive} ({manifest['created']})"
        )
