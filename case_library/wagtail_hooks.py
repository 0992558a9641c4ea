from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kit.deletion import ProtectedDeleteView, ProtectedSnippetDeleteView
from kit.hooks import DashboardPanel, MenuItem
from kit.pages import index_page_url
from kit.wagtail_guards import GuardedSnippetChooserViewSet

from . import admin_urls, admin_views
from .models import CaseDomain, CaseIndexPage, CasePage, FindingDismissal


class CaseDomainViewSet(SnippetViewSet):
    model = CaseDomain
    icon = "tag"
    menu_label = _("Case domains")
    list_display = ["name", "position"]
    ordering = ["position", "name"]
    copy_view_enabled = False
    delete_view_class = ProtectedSnippetDeleteView
    chooser_viewset_class = GuardedSnippetChooserViewSet


class FindingDismissalViewSet(ModelViewSet):
    """Who marked which finding as a false positive, and when (read in the admin)."""

    model = FindingDismissal

    icon = "warning"
    menu_label = _("False positives")
    list_display = ["text", "kind", "page", "dismissed_by", "dismissed_at"]
    list_filter = ["kind"]
    form_fields = ["page", "kind", "text"]
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    delete_view_class = ProtectedDeleteView

    def get_queryset(self, request):
        return FindingDismissal.objects.select_related("page", "dismissed_by")


register_snippet(CaseDomainViewSet)


class CaseLibraryAdminGroup(ModelViewSetGroup):
    menu_label = _("Case library")
    menu_icon = "doc-full"
    menu_order = 330
    items = (FindingDismissalViewSet("case_false_positives"),)


class CasePageViewSet(PageViewSet):
    """The case pages' admin views: Wagtail's, except where personal data needs care."""

    model = CasePage
    add_view_class = admin_views.CaseCreateView
    edit_view_class = admin_views.CaseEditView
    workflow_action_view_class = admin_views.CaseWorkflowActionView
    history_view_class = admin_views.CaseHistoryView
    revisions_view_class = admin_views.CaseRevisionsView
    revisions_compare_view_class = admin_views.CaseRevisionsCompareView
    revisions_revert_view_class = admin_views.CaseRevisionsRevertView
    workflow_preview_view_class = admin_views.CaseWorkflowPreviewView


@hooks.register("register_admin_viewset")
def register_case_viewsets():
    return CaseLibraryAdminGroup()


@hooks.register("register_admin_viewset")
def register_case_page_viewset():
    return CasePageViewSet("case_pages")


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    return [path("cases/", include(admin_urls, namespace="case_library_admin"))]


def refuse_if_unresolved(request, page):
    """The admin's publish button: a clear message and the findings instead of an error page
    (for a new case, ``admin_views.CaseCreateView`` has saved the draft first)."""
    if not isinstance(page.specific, CasePage):
        return None
    page = page.specific
    waiting = _scan_still_running(request, page)
    if waiting is not None:
        return waiting
    findings = page.unresolved_findings()
    if not findings:
        return None
    messages.error(
        request,
        gettext(
            "Not published: the case still contains %(count)d unresolved personal-data "
            "finding(s) (e.g. “%(example)s”). Your changes were saved as a draft; redact the "
            "findings or mark them as false positives, then publish."
        )
        % {"count": len(findings), "example": findings[0].text},
    )
    return redirect("case_library_admin:findings", page.pk)


def _scan_still_running(request, page):
    """A long case whose personal-data check is not done: queue it (once), keep the draft and
    say so, instead of scanning for seconds inside the request. When no worker has taken a
    queued check for minutes, the gate scans here instead (``scanning.worker_is_late``)."""
    from .scanning import case_scan, scan_job_for, worker_is_late

    if not page.pk or case_scan(page, wait=False) is not None:
        return None
    job = scan_job_for(page=page, user=request.user)
    if job is None or job.finished or worker_is_late(job):
        return None  # nobody may queue it, it is done, or no worker: the gate scans here
    messages.warning(
        request,
        gettext(
            "Not published yet: this long case's personal-data check is running in the "
            "background (%(progress)d%% read). Your changes were saved as a draft; publish "
            "again when the check has finished."
        )
        % {"progress": job.progress},
    )
    return redirect("case_library_admin:findings", page.pk)


@hooks.register("register_log_actions")
def case_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("case_library.raw_purge")
    class RawPurge(LogFormatter):
        label = _("Purge raw personal data")

        def format_message(self, log_entry):
            count = (log_entry.data or {}).get("revisions", 0)
            return ngettext(
                "Raw personal data purged: %(count)d revision saved before the redaction deleted",
                "Raw personal data purged: %(count)d revisions saved before the redaction deleted",
                count,
            ) % {"count": count}


@hooks.register("before_publish_page")
def case_publish_gate(request, page):
    return refuse_if_unresolved(request, page)


@hooks.register("after_copy_page")
def case_copy_without_raw_revisions(request, page, new_page):
    from .services import case_copy_without_raw

    if isinstance(page.specific, CasePage):
        case_copy_without_raw(source=page.specific, copy=new_page.specific)


@hooks.register("before_bulk_action")
def case_bulk_publish_gate(request, action_type, objects, action_class_instance):
    """The listing's bulk 发布 (with or without subpages): nothing is published while a case
    among them still holds unresolved personal data; a message names the cases instead of
    the gate's permission error."""
    if action_type != "publish":
        return None
    pages = [p.specific for p in objects]
    if action_class_instance.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live().type(CasePage).specific())
    dirty = []
    for page in pages:
        if (
            isinstance(page, CasePage)
            and page.get_latest_revision_as_object().unresolved_findings()
        ):
            dirty.append(page)
    if not dirty:
        return None
    messages.error(
        request,
        gettext(
            "Nothing was published: these cases still contain unresolved personal data: "
            "%(titles)s. Redact the findings or mark them as false positives first."
        )
        % {"titles": "、".join(f"“{p.get_admin_display_title()}”" for p in dirty)},
    )
    if len(dirty) == 1:
        return redirect("case_library_admin:findings", dirty[0].pk)
    return redirect(action_class_instance.next_url or "wagtailadmin_explore_root")


@hooks.register("xuefa_main_menu")
def case_menu(request):
    url = index_page_url(CaseIndexPage)
    if url is None:
        return []
    return [MenuItem(_("Cases"), url, order=300, name="cases")]


@hooks.register("xuefa_dashboard_panels")
def case_dashboard_panel(request, year):
    from .selectors import cases_recent, cases_reviewed_count

    index = CaseIndexPage.objects.live().first()
    if index is None:
        return None
    return DashboardPanel(
        template="case_library/includes/dashboard_panel.html",
        order=40,
        context={
            "recent": list(cases_recent(limit=4)),
            "reviewed": cases_reviewed_count(user=request.user, year=year),
            "year": year,
            "index_url": index.url,
        },
    )


@hooks.register("register_role_permissions")
def case_role_permissions():
    domain = [f"case_library.{p}_casedomain" for p in ("add", "change", "delete", "view")]
    findings = ["case_library.add_findingdismissal", "case_library.view_findingdismissal"]
    return {
        "trainer": [*domain, *findings],
        "administrator": [*domain, *findings, "case_library.delete_findingdismissal"],
    }


@hooks.register("xuefa_load_demo", order=30)
def load_demo_cases(stdout):
    from . import demo

    demo.load(stdout)


@hooks.register("xuefa_search_providers")
def search_providers():
    from .search import search_providers

    return search_providers()
