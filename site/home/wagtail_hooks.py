from wagtail import hooks


@hooks.register("xuefa_load_demo", order=1)
def load_demo_home(stdout):
    from . import demo

    demo.load(stdout)


@hooks.register("construct_main_menu")
def hide_external_help(request, menu_items):
    """Wagtail's Help menu links to wagtail.org, which an intranet cannot reach."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_history(request, page):
    """A page (or a page below it) that attempts, sessions or records refer to is not deleted:
    the admin says why and what to do (kit.deletion), instead of a ProtectedError 500."""
    from kit.deletion import delete_refusal

    return delete_refusal(
        request, [page, *page.get_descendants()], shown=[page], back_url=_page_edit_url(page)
    )


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_what_has_history(request, action_type, objects, action):
    """Bulk delete of pages, snippets, users or models: refused as a whole when any of them
    has history, before anything is deleted."""
    if action_type != "delete":
        return None
    from wagtail.models import Page

    from kit.deletion import delete_refusal

    chosen = list(objects)
    objects = list(chosen)
    for page in [o for o in chosen if isinstance(o, Page)]:
        objects.extend(page.get_descendants())
    return delete_refusal(request, objects, shown=chosen)


@hooks.register("before_copy_page")
def refuse_copying_to_no_page(request, page):
    """Wagtail's copy view looks the new parent up before validating its form: a POST
    without a page id there is a 400, not a 500."""
    from kit.wagtail_guards import page_copy_parent_invalid, page_copy_refusal

    if page_copy_parent_invalid(request):
        return page_copy_refusal()
    return None


def _page_edit_url(page):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=(page.pk,))
