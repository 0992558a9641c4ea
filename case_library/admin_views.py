"""Admin views: review a case's personal-data findings, redact them, mark false positives;
purge a redacted case's raw revisions (administrators); and the case pages' own Wagtail views (``CasePageViewSet``), where publishing a case the
personal-data gate refuses keeps the trainer's work as a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.history import ActionColumn
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.pages.revisions import (
    RevisionsCompareView,
    RevisionsRevertView,
    RevisionsView,
)
from wagtail.admin.views.pages.workflow import PreviewRevisionForTaskView, WorkflowActionView
from wagtail.admin.widgets import HeaderButton

from .models import CasePage, FindingDismissal
from .scanning import case_review
from .selectors import (
    case_raw_purge_plan,
    case_raw_revision_ids,
    user_can_resolve_findings,
    user_sees_raw_intake,
)
from .services import case_raw_revisions_purge_now, case_redact, finding_dismiss, finding_undismiss


def _page_for(request, page_id) -> CasePage:
    from accounts.roles import user_sees_drafts

    if not user_sees_drafts(request.user):
        raise PermissionDenied  # before the lookup: a lead learns nothing of which drafts exist
    page = get_object_or_404(CasePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def findings(request, page_id: int):
    page = _page_for(request, page_id)
    draft = page.get_latest_revision_as_object()
    context = case_review(page=draft, user=request.user)
    context["edit_url"] = f"/admin/pages/{page.pk}/edit/"
    return TemplateResponse(request, "case_library/admin/findings.html", context)


def _is_finding_of(page, *, kind: str, text: str) -> bool:
    field = FindingDismissal._meta.get_field
    if len(kind) > field("kind").max_length or len(text) > field("text").max_length:
        return False
    draft = page.get_latest_revision_as_object()
    return any(f.kind == kind and f.text == text for f in draft.unresolved_findings())


@require_POST
def finding_action(request, page_id: int):
    page = _page_for(request, page_id)
    if not user_can_resolve_findings(user=request.user, page=page):
        raise PermissionDenied
    action = request.POST.get("action")
    kind = request.POST.get("kind", "")
    text = request.POST.get("text", "")
    if action == "redact_all":
        revision = case_redact(page=page, user=request.user)
        if revision:
            messages.success(request, _("All unresolved findings were redacted in a new draft."))
        else:
            messages.info(request, _("Nothing to redact."))
    elif action == "redact" and kind and text:
        revision = case_redact(page=page, user=request.user, kind=kind, text=text)
        if revision:
            messages.success(request, _("“%(text)s” was redacted in a new draft.") % {"text": text})
        else:
            messages.info(request, _("Nothing to redact."))
    elif action == "dismiss" and kind and text:
        if not _is_finding_of(page, kind=kind, text=text):
            # Only a finding the case holds can be marked (which also keeps kind and text
            # within their columns: an over-long value was a DataError on PostgreSQL).
            messages.error(request, _("The case holds no such finding: nothing was marked."))
            response = findings(request, page.pk)
            response.status_code = 400
            return response
        finding_dismiss(page=page, kind=kind, text=text, user=request.user, now=timezone.now())
        messages.success(request, _("“%(text)s” was marked as not personal data.") % {"text": text})
    elif action == "undismiss" and kind and text:
        finding_undismiss(page=page, kind=kind, text=text)
        messages.success(request, _("The false-positive mark was removed."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("case_library_admin:findings", page.pk)


def raw_purge(request, page_id: int):
    """清除原始资料 — an administrator deletes, now, the revisions of a redacted case that still
    hold its raw personal data (the daily purge does it after the retention period). GET asks
    for confirmation and says what goes; POST (with its CSRF token) purges and logs it."""
    if not user_sees_raw_intake(request.user):
        raise PermissionDenied  # before the lookup: nobody else learns whether the page exists
    page = get_object_or_404(CasePage, pk=page_id)
    purged, kept = case_raw_purge_plan(page=page)
    if request.method == "POST":
        report = case_raw_revisions_purge_now(page=page, user=request.user, now=timezone.now())
        if report.revisions:
            messages.success(
                request,
                ngettext(
                    "%(count)d revision holding raw personal data was deleted.",
                    "%(count)d revisions holding raw personal data were deleted.",
                    report.revisions,
                )
                % {"count": report.revisions},
            )
        else:
            messages.info(request, _("No revision holding raw personal data was left to delete."))
        if report.kept_in_moderation:
            messages.warning(
                request,
                _(
                    "Revisions still under moderation were kept; purge again once their "
                    "workflow has ended."
                ),
            )
        return redirect("wagtailadmin_pages:history", page.pk)
    redaction = page.redactions.order_by("-before_revision_id").first()
    return TemplateResponse(
        request,
        "case_library/admin/raw_purge.html",
        {
            "page": page,
            "redaction": redaction,
            "purged": len(purged),
            "kept": len(kept),
            "history_url": reverse("wagtailadmin_pages:history", args=(page.pk,)),
        },
    )


class CaseCreateView(CreateView):
    """Creating a case. 发布 on a new case that still holds personal data saves it as a draft
    and shows the findings: without this the page's own gate (``CasePage.save``) refuses the
    live insert, the request ends on a permission error and everything typed is lost."""

    def publish_action(self):
        from .scanning import case_texts, is_long
        from .wagtail_hooks import refuse_if_unresolved

        instance = self.form.instance
        if not is_long(case_texts(instance)) and not instance.unresolved_findings():
            return super().publish_action()
        # Findings, or a long case whose check belongs on the worker: keep it as a draft.
        self.save_action()  # live=False, the first revision, the usual hooks
        refused = refuse_if_unresolved(self.request, self.page)
        if refused is not None:
            return refused
        messages.info(self.request, _("Saved as a draft: the check found nothing; publish it now."))
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class CaseEditView(EditView):
    """Editing a case. 批准 (approve) while moderating publishes at the workflow's end, so a case
    with unresolved personal data is saved as a draft (the workflow stays where it is) and
    the findings are shown, as for 发布."""

    def perform_workflow_action(self):
        from .wagtail_hooks import refuse_if_unresolved

        if self.workflow_action == "approve" and self.form.instance.unresolved_findings():
            self.save_action()
            return refuse_if_unresolved(self.request, self.page)
        return super().perform_workflow_action()


class CaseWorkflowActionView(WorkflowActionView):
    """批准 from the dashboard or the page listing: refused the same way while the revision
    under moderation holds unresolved personal data."""

    def post(self, request, *args, **kwargs):
        from .wagtail_hooks import refuse_if_unresolved

        if self.action_name == "approve":
            candidate = self.task_state.revision.as_object()
            response = refuse_if_unresolved(request, candidate)
            if response is not None:
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": response.url}
                    )
                return response
        return super().post(request, *args, **kwargs)


# The revisions of a redacted case saved before its redaction hold the raw intake data:
# every Wagtail view that shows a revision's content refuses them to all but administrators,
# and the history offers no link to them (docs/personal-data.md).


def _raw_ids(page_id) -> set[int]:
    page = CasePage.objects.filter(pk=page_id).first()
    return case_raw_revision_ids(page=page) if page else set()


def _refuse_raw(request, page_id):
    messages.error(
        request,
        _(
            "This version was saved before the case was redacted and holds its raw personal "
            "data; only administrators can open it."
        ),
    )
    return redirect("wagtailadmin_pages:history", page_id)


class RawRevisionGuard:
    """Refuses the view when any revision it would show is raw (``raw_revision_ids``), unless
    the user may see raw intake data; ``refuse_admins`` refuses administrators too."""

    refuse_admins = False

    def shown_revision_ids(self) -> set[int]:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if self.refuse_admins or not user_sees_raw_intake(request.user):
            page_id = getattr(self, "pk", None) or kwargs.get("page_id") or kwargs.get("pk")
            if self.shown_revision_ids() & _raw_ids(page_id):
                return _refuse_raw(request, page_id)
        return super().dispatch(request, *args, **kwargs)


class CaseRevisionsView(RawRevisionGuard, RevisionsView):
    """Preview of one revision."""

    def shown_revision_ids(self):
        return {int(self.revision_id)}


class CaseRevisionsCompareView(RawRevisionGuard, RevisionsCompareView):
    """Compare two revisions (or ``earliest``, ``latest``, ``live``)."""

    def shown_revision_ids(self):
        page = CasePage.objects.get(pk=self.pk)
        ids = set()
        for value in (self.revision_id_a, self.revision_id_b):
            if value == "earliest":
                first = page.revisions.order_by("created_at", "pk").first()
                ids.add(first.pk if first else 0)
            elif value == "latest":
                ids.add(page.latest_revision_id)
            elif value != "live":
                ids.add(int(value))
        return ids


class CaseRevisionsRevertView(RawRevisionGuard, RevisionsRevertView, CaseEditView):
    """Review (and revert to) an earlier version: never to a raw one, for anyone — that would
    bring the raw data back into the working draft. Administrators read it in Preview."""

    refuse_admins = True

    def shown_revision_ids(self):
        return {int(self.kwargs["revision_id"])}


class CaseWorkflowPreviewView(RawRevisionGuard, PreviewRevisionForTaskView):
    """Preview of the revision under moderation."""

    def shown_revision_ids(self):
        return {self.task_state.revision_id} if self.task_state else set()


class CaseHistoryActionColumn(ActionColumn):
    """History rows without links to raw revisions: no preview, review or comparison for
    those who may not open them, and no review (revert) for anyone."""

    def __init__(self, *args, raw_ids, sees_raw, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_ids = raw_ids
        self.sees_raw = sees_raw

    def get_actions(self, instance, parent_context):
        actions = super().get_actions(instance, parent_context)
        raw = {instance.revision_id, getattr(instance, "previous_revision_id", None)}
        if not raw & self.raw_ids:
            return actions
        pk = self.object.pk
        refused = set()
        for revision_id in raw & self.raw_ids:
            refused.add(reverse("wagtailadmin_pages:revisions_revert", args=(pk, revision_id)))
            if not self.sees_raw:
                refused.add(reverse("wagtailadmin_pages:revisions_view", args=(pk, revision_id)))
        kept = []
        for action in actions:
            compare = "/revisions/compare/" in action["url"]
            if action["url"] in refused or (compare and not self.sees_raw):
                continue
            kept.append(action)
        return kept


class CaseHistoryView(PageHistoryView):
    @cached_property
    def header_buttons(self):
        """Administrators get 清除原始资料 while revisions holding raw data remain."""
        buttons = list(super().header_buttons)
        if user_sees_raw_intake(self.request.user) and case_raw_purge_plan(page=self.object)[0]:
            buttons.append(
                HeaderButton(
                    label=_("Purge raw personal data"),
                    url=reverse("case_library_admin:raw_purge", args=(self.object.pk,)),
                    icon_name="bin",
                )
            )
        return buttons

    @cached_property
    def columns(self):
        columns = list(super().columns)
        old = columns[0]
        columns[0] = CaseHistoryActionColumn(
            "message",
            label=old.label,
            object=self.object,
            url_names=old.url_names,
            user_can_unschedule=old.user_can_unschedule,
            raw_ids=case_raw_revision_ids(page=self.object),
            sees_raw=user_sees_raw_intake(self.request.user),
        )
        return columns
