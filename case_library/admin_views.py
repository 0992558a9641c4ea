"""Admin views: review a case's personal-data findings, redact them, mark false positives;
and the case pages' own Wagtail views (``CasePageViewSet``), where publishing a case the
personal-data gate refuses keeps the trainer's work as a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView

from .models import CasePage, FindingDismissal
from .selectors import case_findings_review, user_can_resolve_findings
from .services import case_redact, finding_dismiss, finding_undismiss


def _page_for(request, page_id) -> CasePage:
    page = get_object_or_404(CasePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def findings(request, page_id: int):
    page = _page_for(request, page_id)
    draft = page.get_latest_revision_as_object()
    context = case_findings_review(page=draft, user=request.user)
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


class CaseCreateView(CreateView):
    """Creating a case. 发布 on a new case that still holds personal data saves it as a draft
    and shows the findings: without this the page's own gate (``CasePage.save``) refuses the
    live insert, the request ends on a permission error and everything typed is lost."""

    def publish_action(self):
        from .wagtail_hooks import refuse_if_unresolved

        if not self.form.instance.unresolved_findings():
            return super().publish_action()
        self.save_action()  # live=False, the first revision, the usual hooks
        return refuse_if_unresolved(self.request, self.page)


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
