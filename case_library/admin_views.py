"""Admin views: review a case's personal-data findings, redact them, mark false positives."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import CasePage
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
        finding_dismiss(page=page, kind=kind, text=text, user=request.user, now=timezone.now())
        messages.success(request, _("“%(text)s” was marked as not personal data.") % {"text": text})
    elif action == "undismiss" and kind and text:
        finding_undismiss(page=page, kind=kind, text=text)
        messages.success(request, _("The false-positive mark was removed."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("case_library_admin:findings", page.pk)
