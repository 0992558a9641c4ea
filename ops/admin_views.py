"""The audit trail in the Wagtail admin: read-only, for administrators."""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import VIEW_PERMISSION, tracked_models


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("What"), required=False)
    actor = forms.CharField(label=_("Changed by (name or username)"), required=False, max_length=50)
    since = forms.DateField(
        label=pgettext_lazy("audit", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("audit", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Everything"))]
        for model, _options in tracked_models():
            ct = ContentType.objects.get_for_model(model)
            choices.append((str(ct.pk), model._meta.verbose_name))
        self.fields["model"].choices = choices


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def entry_changes(entry):
    """(field label, what changed) pairs for one entry, readable: ``old → new``, or for a
    many-to-many field the operation and the objects (auditlog's display dict mangles those)."""
    model = entry.content_type.model_class()
    display = entry.changes_display_dict if model is not None else {}
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        label = name
        if model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except Exception:  # a field since removed: keep its name
                label = name
        if isinstance(values, dict) and values.get("type") == "m2m":
            operation = {"add": _("added"), "delete": _("removed"), "clear": _("cleared")}.get(
                values.get("operation"), values.get("operation")
            )
            rows.append((label, f"{operation}: {'、'.join(map(str, values.get('objects', [])))}"))
            continue
        shown = display.get(label, values)
        if isinstance(shown, (list, tuple)) and len(shown) == 2:
            old, new = (str(v) if v not in (None, "None", "") else "—" for v in shown)
            rows.append((label, f"{old} → {new}"))
        else:
            rows.append((label, str(shown)))
    return rows


def audit_index(request):
    from auditlog.models import LogEntry

    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["model"]:
            entries = entries.filter(content_type_id=int(data["model"]))
        if data["actor"]:
            q = data["actor"]
            entries = entries.filter(
                Q(actor__username__icontains=q)
                | Q(actor__name__icontains=q)
                | Q(actor__staff_number__icontains=q)
            )
        if data["since"]:
            entries = entries.filter(timestamp__gte=_day_start(data["since"]))
        if data["until"]:
            entries = entries.filter(
                timestamp__lt=_day_start(data["until"] + datetime.timedelta(days=1))
            )
    page_obj = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page_obj:
        entry.change_rows = entry_changes(entry)
    return TemplateResponse(
        request,
        "ops/admin/audit_index.html",
        {"form": form, "page_obj": page_obj},
    )
