"""Wagtail admin views that answer a half-filled POST with a 500, guarded (issue 9).

Wagtail reads some POST fields without asking whether they were sent: the external-link
chooser (``url`` missing → ``None.startswith``), the redirect import's process step
(``import_file_name`` / ``input_format`` missing → ``KeyError``), the page copy view
(``new_parent_page`` missing or not a page → ``KeyError`` / ``ValueError`` /
``DoesNotExist``), and the snippet choosers' create step, which has no form at all for a
snippet without chooser form fields. Each guard answers those posts with a 400 (404 for the
create step that does not exist) before Wagtail's view runs; a complete post reaches it
unchanged. ``IncompletePostMiddleware`` answers the same 400 for any other view that reads a
field of the request that was not sent.

Some Wagtail views serve one screen but ask only for admin access: the workflow editor's task
chooser lists every moderation task and offers to create one to anyone who reaches the admin.
``PERMISSION_REQUIRED`` gives each the permission of the screen it serves (``guard_admin_urls``
wraps them too): others are refused with a 403 before the view runs.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView

#: route name → POST fields Wagtail's view reads without checking they were sent, whether a
#: blank value is safe (the external link form re-shows itself for a blank URL; the redirect
#: import's form drops a blank hidden field and then reads it), and the permission the view
#: itself asks for: whoever lacks it is refused by the view (sign-in, 403), not told 400
POST_FIELDS_READ_UNCHECKED = {
    "wagtailadmin_choose_page_external_link": (
        ("external-link-chooser-url",),
        True,
        "wagtailadmin.access_admin",
    ),
    "wagtailredirects:process_import": (
        ("import_file_name", "input_format"),
        False,
        "wagtailredirects.add_redirect",
    ),
}


#: who edits workflows (Wagtail's workflow create and edit views ask for these): the task
#: chooser's only use is choosing a workflow's tasks in those views
WORKFLOW_EDITORS = ("wagtailcore.add_workflow", "wagtailcore.change_workflow")

#: route name → the permissions (any one of them) a user needs to reach a Wagtail view that
#: Wagtail itself opens to every admin user
PERMISSION_REQUIRED = {
    "wagtailadmin_workflows:task_chooser": WORKFLOW_EDITORS,
    "wagtailadmin_workflows:task_chooser_results": WORKFLOW_EDITORS,
    "wagtailadmin_workflows:task_chooser_create": WORKFLOW_EDITORS,
    "wagtailadmin_workflows:task_chosen": WORKFLOW_EDITORS,
}


def _bad_request():
    return HttpResponseBadRequest(_("The form was sent incomplete. Open it again and resend it."))


def post_fields_required(view, fields, *, blank_ok=True, permission=None):
    """``view``, answering a POST that lacks any of ``fields`` (or, unless ``blank_ok``, sends
    one blank) with a 400 — once the user holds ``permission``: before that, the view's own
    refusal answers (a signed-out user is sent to sign in, not told the form was incomplete)."""

    def lacking(post, name):
        return name not in post or (not blank_ok and not post[name].strip())

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if (
            request.method == "POST"
            and (permission is None or request.user.has_perm(permission))
            and any(lacking(request.POST, name) for name in fields)
        ):
            return _bad_request()
        return view(request, *args, **kwargs)

    guarded.xuefa_post_fields_required = tuple(fields)
    return guarded


def permission_required(view, permissions):
    """``view``, refusing (403) a signed-in admin user who holds none of ``permissions``. The
    signed-out and those without admin access reach the view, which refuses them its own way
    (Wagtail's sign-in page)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not any(user.has_perm(permission) for permission in permissions)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.xuefa_permission_required = tuple(permissions)
    return guarded


def guard_admin_urls(patterns, namespace=""):
    """Wrap, in place, the views of ``POST_FIELDS_READ_UNCHECKED`` and ``PERMISSION_REQUIRED``
    among ``patterns`` (the admin's URL patterns, hook URLs included). Returns the route names
    guarded."""
    guarded = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            guarded += guard_admin_urls(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            fields, blank_ok, permission = POST_FIELDS_READ_UNCHECKED.get(name, ((), True, None))
            if fields and not hasattr(entry.callback, "xuefa_post_fields_required"):
                entry.callback = post_fields_required(
                    entry.callback, fields, blank_ok=blank_ok, permission=permission
                )
                guarded.append(name)
            permissions = PERMISSION_REQUIRED.get(name)
            if permissions and not hasattr(entry.callback, "xuefa_permission_required"):
                entry.callback = permission_required(entry.callback, permissions)
                guarded.append(name)
    return guarded


def page_copy_parent_invalid(request) -> bool:
    """For Wagtail's ``before_copy_page``: a POST whose ``new_parent_page`` is not the id of
    a page (Wagtail looks it up with ``Page.objects.get`` before validating its form)."""
    from wagtail.models import Page

    if request.method != "POST":
        return False
    value = request.POST.get("new_parent_page", "")
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < 2**63:
        return True
    return not Page.objects.filter(pk=int(value)).exists()


def page_copy_refusal():
    return _bad_request()


class GuardedSnippetCreateView(SnippetCreateView):
    """The chooser's create step exists only when the chooser has a creation form."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class GuardedSnippetChooserViewSet(SnippetChooserViewSet):
    create_view_class = GuardedSnippetCreateView


class IncompletePostMiddleware:
    """A request that lacks a field a view reads without asking (``request.POST["x"]``) is
    incomplete: 400, never a 500. Wagtail's page forms read each StreamField's and inline
    panel's management fields (``body-count``) that way, on add, edit, revert and workflow
    actions; so may any view added later. ``MultiValueDictKeyError`` is raised only by the
    request's dictionaries (``POST``, ``GET``, ``FILES``), so nothing else is caught; the
    view's transaction has rolled back by then, so nothing is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.utils.datastructures import MultiValueDictKeyError

        if isinstance(exception, MultiValueDictKeyError):
            return _bad_request()
        return None
