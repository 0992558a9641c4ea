from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user, except views marked ``@login_not_required``.

    The Wagtail admin keeps its own sign-in (every admin view checks admin access), and the
    static and media files are served before any of this.
    """

    open_prefixes = ("/admin/", "/static/", "/media/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PasswordChangeRequiredMiddleware:
    """Imported accounts and reset passwords must be changed before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)


class DraftsForAuthorsMiddleware:
    """The admin views that show the page tree — the explorer, page views, page choosers and
    their search, the link choosers, the admin API, the page reports, workflows, form
    submissions, editing sessions — answer 403 to anyone who may not see drafts
    (``accounts.roles.user_sees_drafts``): Wagtail opens them to every admin user and shows
    unpublished titles in them (issue 9: a lead searching the page chooser). So do the
    authoring tools Wagtail opens to every admin user: the tag autocomplete (it lists the tags
    of draft cases), the embed chooser (it fetches any URL it is given) and the document and
    image choosers (they list every file, those of drafts included, to anyone in the admin)."""

    namespaces = (
        "wagtailadmin_pages",
        "wagtailadmin_api",
        "wagtailadmin_workflows",
        "wagtailadmin_reports",
        "wagtailforms",
        "wagtailadmin_editing_sessions",
        "wagtailembeds",
        "wagtaildocs_chooser",
        "wagtailimages_chooser",
    )
    names = frozenset(
        {
            "wagtailadmin_explore_root",
            "wagtailadmin_explore",
            "wagtailadmin_explore_results",
            "wagtailadmin_choose_page",
            "wagtailadmin_choose_page_child",
            "wagtailadmin_choose_page_search",
            "wagtailadmin_choose_page_chosen_multiple",
            "wagtailadmin_choose_page_external_link",
            "wagtailadmin_choose_page_email_link",
            "wagtailadmin_choose_page_phone_link",
            "wagtailadmin_choose_page_anchor_link",
            "wagtailadmin_block_preview",
            "wagtailadmin_tag_autocomplete",
            "wagtailadmin_tag_model_autocomplete",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def shows_pages(self, match) -> bool:
        namespace = match.namespace or ""
        if namespace.split(":")[0] in self.namespaces:
            return True
        if match.url_name == "wagtail_bulk_action":
            return match.kwargs.get("app_label") == "wagtailcore"
        return match.url_name in self.names

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .roles import user_sees_drafts

        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None  # Wagtail sends the signed-out to its sign-in page
        if self.shows_pages(match) and not user_sees_drafts(user):
            raise PermissionDenied
        return None
