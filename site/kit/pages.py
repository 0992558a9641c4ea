"""Page-tree helpers the apps share: the section index pages' URLs (cached), serving a page
found by id as Wagtail serves it at its URL, and what the demo loaders use to build the tree."""

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


def page_serve(request, page):
    """Serve ``page`` as Wagtail's own view (``wagtail.views.serve``) does once it has routed
    the URL: the ``on_serve_page`` chain (view restrictions: private pages) and the
    ``before_serve_page`` hooks (the request method check), then ``page.serve``. For a route
    that finds its page by id instead of walking the tree segment by segment (the exam's
    page in the rush, ``quizzes:quiz``). ``page`` must be live, specific, and in the request's
    site (``page_in_site``)."""
    from django.http import HttpResponse
    from wagtail import hooks
    from wagtail.views import serve_chain

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})


def page_in_site(request, page) -> bool:
    """Is ``page`` under the root of the site this request is for (so Wagtail would route its
    URL on this host)?"""
    site = Site.find_for_request(request)
    if site is None:
        return False
    # The root paths are cached by Wagtail (no query for the site's root page).
    return any(
        root.site_id == site.pk and page.url_path.startswith(root.root_path)
        for root in Site.get_site_root_paths()
    )


def page_demo_owned(page) -> bool:
    """True while only a demo loader has written the page (no revision by a person): a demo
    text corrected since may then replace it. A page a trainer has edited is theirs."""
    return not page.revisions.exclude(user=None).exists()
