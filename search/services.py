"""Writes to the search index: a full rebuild, and the refresh of one changed object."""

from collections.abc import Iterable

from django.db import transaction
from wagtail import hooks

from kit.search import PER_VIEWER, SearchEntry, SearchProvider

from . import text
from .models import IndexEntry

BATCH = 500


def providers() -> list[SearchProvider]:
    found = []
    for fn in hooks.get_hooks("xuefa_search_providers"):
        found.extend(fn() or [])
    return sorted(found, key=lambda p: (p.order, p.kind))


def _audience_checked(provider: SearchProvider, entries: Iterable[SearchEntry]):
    """A kind seen entry by entry (``visible_keys``) is stored only as PER_VIEWER, so a
    provider that forgets it fails here rather than showing the entry to everyone."""
    for entry in entries:
        if provider.visible_keys is not None and entry.permission != PER_VIEWER:
            raise ValueError(f"{entry.key}: a {provider.kind} entry must be PER_VIEWER")
        yield entry


def _row(entry: SearchEntry) -> IndexEntry:
    title_tokens = text.tokens(f"{entry.title} {entry.keywords}")
    body_tokens = text.tokens(f"{entry.context} {entry.body}")
    return IndexEntry(
        key=entry.key,
        kind=entry.kind,
        title=entry.title[:300],
        body=entry.body,
        url=entry.url,
        context=entry.context[:300],
        permission=entry.permission,
        page_id=entry.page_id,
        title_tokens=" ".join(title_tokens),
        body_tokens=" ".join(body_tokens),
        body_length=len(body_tokens),
        title_compact=text.compact(entry.title[:300]),
        body_compact=text.compact(entry.body[: text.PHRASE_TEXT_CHARS]),
        prominence=entry.prominence,
    )


FIELDS = [
    "kind",
    "title",
    "body",
    "url",
    "context",
    "permission",
    "page_id",
    "title_tokens",
    "body_tokens",
    "body_length",
    "title_compact",
    "body_compact",
    "prominence",
]


@transaction.atomic
def index_store(*, keys: Iterable[str], entries: Iterable[SearchEntry]) -> None:
    """Make the index hold exactly ``entries`` for the keys in ``keys`` (and theirs)."""
    entries = list(entries)
    wanted = {e.key for e in entries}
    IndexEntry.objects.filter(key__in=set(keys) - wanted).delete()
    existing = {row.key: row for row in IndexEntry.objects.filter(key__in=wanted)}
    create, update = [], []
    for entry in entries:
        row = _row(entry)
        old = existing.get(entry.key)
        if old is None:
            create.append(row)
            continue
        if any(getattr(old, f) != getattr(row, f) for f in FIELDS):
            row.pk = old.pk
            update.append(row)
    IndexEntry.objects.bulk_create(create, batch_size=BATCH)
    # Row by row, so the FTS5 update trigger sees each change (bulk_update's CASE does too,
    # but one UPDATE per row keeps the statement small for long bodies).
    for row in update:
        row.save()


@transaction.atomic
def index_rebuild(*, stdout=None) -> dict[str, int]:
    """Throw the index away and build it again from every provider. Returns counts by kind."""
    IndexEntry.objects.all().delete()
    counts: dict[str, int] = {}
    for provider in providers():
        batch = []
        for entry in _audience_checked(provider, provider.entries()):
            batch.append(_row(entry))
            if len(batch) >= BATCH:
                IndexEntry.objects.bulk_create(batch)
                batch = []
            counts[provider.kind] = counts.get(provider.kind, 0) + 1
        IndexEntry.objects.bulk_create(batch)
        if stdout is not None:
            stdout.write(f"{provider.kind}: {counts.get(provider.kind, 0)}")
    return counts


def index_refresh(*, instance, deleted: bool = False) -> None:
    """Bring the index in line with one changed object, through every provider watching it."""
    label = instance._meta.label
    for provider in providers():
        if label in provider.watches:
            keys, entries = provider.refresh(instance, deleted)
            index_store(keys=keys, entries=_audience_checked(provider, entries))
