"""Question-import previews waiting for the trainer's confirmation (issue 9).

The uploaded workbook is kept between the preview and the confirm step in a private folder of
the platform's own (``XUEFA_IMPORT_PREVIEWS_ROOT``, never the system's shared temporary folder),
named by a random token that only the uploading trainer's session holds. A preview lives
``XUEFA_IMPORT_PREVIEW_MINUTES``: confirming later says it expired, a second upload replaces the
first, and the periodic ``quizzes.import_previews_prune`` deletes what nobody confirmed.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings


def _root() -> Path:
    root = Path(settings.XUEFA_IMPORT_PREVIEWS_ROOT)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def _path(token: str) -> Path | None:
    """The file of a token, or None when the token is not one this module could have made."""
    if not isinstance(token, str) or len(token) != 32 or not token.isalnum():
        return None
    return _root() / f"{token}.xlsx"


def _lifetime() -> timedelta:
    return timedelta(minutes=settings.XUEFA_IMPORT_PREVIEW_MINUTES)


def preview_store(upload) -> str:
    """Keep an uploaded workbook for its confirmation; returns the token naming it."""
    token = secrets.token_hex(16)
    upload.seek(0)
    fd = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        for chunk in iter(lambda: upload.read(1 << 16), b""):
            handle.write(chunk)
    return token


def preview_take(token: str, *, now) -> Path | None:
    """The kept workbook of ``token`` if it is still within its lifetime; an expired one is
    deleted. The caller deletes the file when done (``preview_discard``)."""
    path = _path(token)
    if path is None or not path.is_file():
        return None
    modified = path.stat().st_mtime
    if now.timestamp() - modified > _lifetime().total_seconds():
        path.unlink(missing_ok=True)
        return None
    return path


def preview_discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def previews_prune(*, now) -> int:
    """Delete every kept workbook older than its lifetime (abandoned previews)."""
    cutoff = now.timestamp() - _lifetime().total_seconds()
    removed = 0
    for path in _root().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:  # taken by a confirmation meanwhile
            continue
    return removed
