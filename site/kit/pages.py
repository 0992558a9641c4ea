"""Page-tree helpers the apps' demo loaders share."""

from wagtail.models import Site


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
