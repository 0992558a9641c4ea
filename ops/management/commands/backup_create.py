import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ops.backup import backup_create


class Command(BaseCommand):
    help = "Write a backup archive (database as JSON, and the media files)."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="archive path (default: var/backups/xuefa-<timestamp>.tar.gz)",
        )

    def handle(self, *args, destination, **options):
        path = Path(
            destination
            or settings.BASE_DIR
            / "var"
            / "backups"
            / f"xuefa-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
        )
        manifest = backup_create(destination=path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{path}: {rows} rows, {manifest['media_files']} media files")
