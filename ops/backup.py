"""Backups: one archive with the database and the media files, restorable into an empty database.

The database goes in as Django's JSON serialisation, every row with its primary key (content
types and permissions included), not as an engine's own dump: an archive from SQLite restores
into PostgreSQL and back, and it needs no server tools. A restore replaces: in one transaction
it empties the migrated database's tables (without re-running post_migrate, which would create
content types under new ids) and loads the archive with `loaddata`, which checks the foreign
keys and resets the sequences so new rows continue after the restored ones.
"""

import io
import json
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

FORMAT = 1
# Rebuilt by migrate / post_migrate, or worthless after a restore (sessions, task queue rows).
EXCLUDED = [
    "sessions",
    "admin.logentry",
    "django_tasks_database",
    "jobs.workerheartbeat",
    "axes",
]


def backup_create(*, destination: Path) -> dict:
    """Write the archive; returns its manifest (row counts per model, media file count)."""
    stream = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        indent=None,
        stdout=stream,
        verbosity=0,
    )
    rows = json.loads(stream.getvalue())
    # Content types first: while the rest loads, signal handlers look content types up, and a
    # lookup that misses would create one under a new id.
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    database = json.dumps(rows, ensure_ascii=False).encode()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    media_root = Path(settings.MEDIA_ROOT)
    media = [p for p in media_root.rglob("*") if p.is_file() and p.name != ".gitkeep"]
    manifest = {
        "format": FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "engine": connection.vendor,
        "rows": counts,
        "media_files": len(media),
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(archive, "database.json", database)
        for path in media:
            archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


class RestoreRefused(Exception):
    pass


def backup_restore(*, source: Path, allow_nonempty: bool = False) -> dict:
    """Load an archive into this (migrated) database and MEDIA_ROOT; returns its manifest.

    Refuses a database that already holds officials' records unless ``allow_nonempty``: a
    restore replaces, it never merges two offices' years.
    """
    from records.models import StudyRecord

    if StudyRecord.objects.exists() and not allow_nonempty:
        raise RestoreRefused("the database already holds study records; restore into an empty one")
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise RestoreRefused(f"unknown backup format {manifest.get('format')!r}")
        database = archive.extractfile("database.json").read().decode()
        media_root = Path(settings.MEDIA_ROOT)
        members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        for member in members:
            target = (media_root / member.name.removeprefix("media/")).resolve()
            if media_root.resolve() not in target.parents:
                raise RestoreRefused(f"unsafe path in archive: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "database.json"
        fixture.write_text(database)
        with transaction.atomic():
            tables = connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            for sql in connection.ops.sql_flush(
                no_style(), tables, reset_sequences=False, allow_cascade=True
            ):
                with connection.cursor() as cursor:
                    cursor.execute(sql)
            ContentType.objects.clear_cache()
            call_command("loaddata", str(fixture), verbosity=0)
        ContentType.objects.clear_cache()
    return manifest
