"""Page-tree helpers the apps share: the section index pages' URLs (cached) and what the
demo loaders use to build the tree."""

from django.core.cache import cache
from wagtail.models import Site

#: The header menu names the section index pages (courses, cases, quizzes) on every page; it
#: keeps their URLs this long. A publish, unpublish, move or delete of any page gives a new key
#: at once (the wait bounds only other processes' locmem caches in development).
INDEX_URL_SECONDS = 60
PAGES_VERSION_KEY = "xuefa:pages-version"


def cache_version_bump(key: str) -> None:
    """Move a cache version counter on, so every key built with the old value goes unread."""
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted)
        cache.set(key, 1, None)


def pages_changed(**_kwargs) -> None:
    """The page tree changed: cached index URLs are out of date (signal receiver)."""
    cache_version_bump(PAGES_VERSION_KEY)


def index_page_url(model) -> str | None:
    """The URL of the live page of ``model`` (a section index type), or None when there is
    none — one cache read per request instead of a page query."""
    version = cache.get(PAGES_VERSION_KEY, 0)
    key = f"xuefa:index-url:{model._meta.label_lower}:{version}"
    url = cache.get(key)
    if url is None:
        index = model.objects.live().first()
        url = (index.url or "") if index is not None else ""
        cache.set(key, url, INDEX_URL_SECONDS)
    return url or None


def section_page_ensure(page):
    """The site root's child of ``page``'s type (a course, quiz or case index), created from
    ``page`` and published when there is none yet.

    The site's tree (root, home page, default site) is made by the home app's demo loader,
    which runs first (hook order 1); without a default site this raises ``LookupError``.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise LookupError("No default site: run the home app's site_tree_ensure() first.")
    home = site.root_page
    existing = type(page).objects.child_of(home).first()
    if existing is not None:
        return existing
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def page_demo_owned(page) -> bool:
    """True while only a demo loader has written the page (no revision by a person): a demo
    text corrected since may then replace it. A page a trainer has edited is theirs."""
    return not page.revisions.exclude(user=None).exists()
