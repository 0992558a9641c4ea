"""What an app hands the site search (the ``xuefa_search_providers`` hook; see kit.contracts).

An app describes its searchable content with a :class:`SearchProvider`; the ``search`` app
segments, stores and ranks it. The provider decides what is visible at all (only live pages,
only current articles, never a question's key); the entry's ``permission`` decides who may
see it — or, for a kind whose every entry has its own audience (a study session is seen by the
people invited to it), the provider's ``visible_keys`` does, asked again at every query.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.dispatch import Signal

# The ``permission`` of an entry whose audience its provider's ``visible_keys`` names: no user
# holds it as a permission, so such an entry is shown only to the viewers it is listed for.
PER_VIEWER = "per-viewer"


@dataclass(frozen=True)
class SearchEntry:
    key: str  # stable and unique: "<app>.<model>:<pk>", e.g. "courses.article:12"
    kind: str  # the provider's kind: "article", "lesson", "case", "question", …
    title: str
    body: str  # plain text (no HTML); snippets are cut from it
    url: str
    context: str = ""  # one short line shown above the snippet (regulation · chapter)
    keywords: str = ""  # indexed with the title, never shown (aliases, article labels)
    permission: str = ""  # a Django permission the viewer needs; "" = every signed-in user;
    # PER_VIEWER = only the viewers the provider's visible_keys lists it for
    page_id: int | None = None  # a Wagtail page: checked again for live at query time
    prominence: int = 0  # breaks ties only: how much the platform leans on it (citations)


@dataclass(frozen=True)
class SearchProvider:
    """One kind of result.

    ``entries()`` yields every entry of the kind (a full rebuild). ``refresh(instance,
    deleted)`` answers for one changed object of a model in ``watches``: the keys it may have
    had in the index, and the entries it has now (none when it was deleted, unpublished or
    drafted). The search app calls it after saves, deletes, publishing and unpublishing.

    ``visible_keys(user)``, for a kind whose entries each have their own audience, returns the
    keys of the entries ``user`` may see; the search asks it at every query, so a change of
    audience (an invitation) needs no reindex. Such entries carry ``permission=PER_VIEWER``.
    """

    kind: str
    label: str  # plural, for the filter: 法规条文, 课件, …
    order: int
    entries: Callable[[], Iterable[SearchEntry]]
    refresh: Callable[[object, bool], tuple[Iterable[str], Iterable[SearchEntry]]]
    watches: tuple[str, ...] = field(default_factory=tuple)  # "app_label.Model" names
    permission: str = ""  # what every entry of this kind needs, for the filter list
    visible_keys: Callable[[object], Iterable[str]] | None = None


# Sent by an app when its searchable content changed without a save of a watched model (a
# regulation re-imported with bulk writes): sender is the model, `instance` the changed object.
entries_changed = Signal()


def page_is_public(page) -> bool:
    """Live, not expired, and under no view restriction (its own or an ancestor's)."""
    return bool(page.live and not page.expired and not page.get_view_restrictions().exists())
