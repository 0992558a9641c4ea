"""Views inside the Wagtail admin: the staff import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from kit.spreadsheets import xlsx_response

from .forms import StaffImportForm
from .roles import user_is_staff_manager
from .services import initial_passwords_sheet, staff_import, staff_template

SESSION_KEY = "xuefa_staff_import_passwords"


def _require_staff_manager(request):
    if not user_is_staff_manager(request.user):
        raise PermissionDenied


def staff_import_view(request):
    _require_staff_manager(request)
    result = None
    if request.method == "POST":
        form = StaffImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = staff_import(
                upload=form.cleaned_data["file"],
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            if result.ok and not result.dry_run:
                request.session[SESSION_KEY] = [
                    [user.name, user.staff_number, password] for user, password in result.created
                ]
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "unchanged": result.unchanged,
                    },
                )
            elif not result.ok:
                messages.error(
                    request, _("Nothing was imported. Correct the rows below and upload again.")
                )
    else:
        form = StaffImportForm()
    return TemplateResponse(
        request,
        "accounts/admin/staff_import.html",
        {"form": form, "result": result, "header_icon": "group", "page_title": _("Import staff")},
    )


def staff_template_view(request):
    _require_staff_manager(request)
    return xlsx_response(staff_template(), "staff-template.xlsx")


def staff_passwords_view(request):
    """The one-time passwords of the last import, downloadable once."""
    _require_staff_manager(request)
    rows = request.session.pop(SESSION_KEY, None)
    if not rows:
        messages.warning(
            request, _("The initial passwords were already downloaded or have expired.")
        )
        return redirect("accounts_admin:staff_import")
    response = xlsx_response(initial_passwords_sheet(rows), "initial-passwords.xlsx")
    response["Cache-Control"] = "no-store"
    return response
