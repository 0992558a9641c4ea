"""Keep the index in step: saves, deletes, publishing, unpublishing, moves and re-imports.

Every handler asks the providers watching the model (``SearchProvider.watches``); providers
read the object's stored state again, so a draft saved on a live page (which leaves the live
content in place) never reaches the index.
"""

from functools import cache

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from kit.search import entries_changed


def _refresh(instance, deleted=False):
    from .services import index_refresh

    index_refresh(instance=instance, deleted=deleted)


@cache
def watched_labels() -> frozenset[str]:
    """Every "app_label.Model" some provider watches (read on the first save, after every
    app's wagtail_hooks module has been imported)."""
    from .services import providers

    return frozenset(label for provider in providers() for label in provider.watches)


def _watched(sender) -> bool:
    # Migrations' historical models (module "__fake__") save before our table exists.
    return sender.__module__ != "__fake__" and sender._meta.label in watched_labels()


def on_save(sender, instance, raw=False, **kwargs):
    if not raw and _watched(sender):
        _refresh(instance)


def on_delete(sender, instance, **kwargs):
    if _watched(sender):
        _refresh(instance, deleted=True)


def on_publish_change(sender, instance, **kwargs):
    _refresh(instance.specific)


def on_changed(sender, instance, **kwargs):
    _refresh(instance)


def on_page_move(sender, instance, **kwargs):
    # A move changes the address of the page and of everything below it.
    for page in instance.get_descendants(inclusive=True).specific():
        _refresh(page)


def connect():
    # Not per sender: the providers are known only once every wagtail_hooks module is loaded.
    post_save.connect(on_save, dispatch_uid="search_save")
    post_delete.connect(on_delete, dispatch_uid="search_delete")
    page_published.connect(on_publish_change, dispatch_uid="search_page_published")
    page_unpublished.connect(on_publish_change, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_page_move, dispatch_uid="search_page_moved")
    entries_changed.connect(on_changed, dispatch_uid="search_entries_changed")
