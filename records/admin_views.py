"""Ledger views inside the Wagtail admin: browse, enter offline training, correct, report."""

import datetime
import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import departments_visible_to, officials_visible_to

from .forms import CorrectionForm, LedgerFilterForm, OfflineTrainingForm
from .models import StudyRecord
from .services import (
    LedgerError,
    YearClosed,
    ledger_refuse_own,
    offline_training_add,
    study_record_restore,
    study_record_reverse,
)


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _visible_records(user):
    return StudyRecord.objects.filter(user__department__in=departments_visible_to(user))


def ledger_index(request):
    _require(request, "records.view_studyrecord")
    form = LedgerFilterForm(request.GET or None)
    records = _visible_records(request.user).select_related(
        "user", "user__department", "created_by", "reversed_by"
    )
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            records = records.filter(
                Q(user__name__icontains=q)
                | Q(user__staff_number__iexact=q)
                | Q(user__username__iexact=q)
            )
        if form.cleaned_data["kind"]:
            records = records.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["year"]:
            records = records.filter(occurred_at__year=form.cleaned_data["year"])
    page = Paginator(records, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "records/admin/ledger_index.html",
        {
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "can_correct": request.user.has_perm("records.add_studyrecord"),
        },
    )


def offline_training(request):
    _require(request, "records.add_studyrecord")
    officials = officials_visible_to(request.user).exclude(pk=request.user.pk)  # not oneself
    form = OfflineTrainingForm(request.POST or None, officials_queryset=officials)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = sorted(u.pk for u in data["officials"])
        # The same form sent twice (a double click, a reload) credits once.
        batch_key = hashlib.sha256(
            f"{data['title']}|{data['occurred_on']}|{data['credit_hours']}|{chosen}".encode()
        ).hexdigest()[:24]
        occurred_at = timezone.make_aware(
            datetime.datetime.combine(data["occurred_on"], datetime.time(9, 0))
        )
        try:
            records = offline_training_add(
                users=data["officials"],
                title=data["title"],
                credit_hours=data["credit_hours"],
                occurred_at=occurred_at,
                actor=request.user,
                evidence={"place": data["place"], "note": data["note"]},
                batch_key=batch_key,
            )
        except YearClosed as exc:
            form.add_error("occurred_on", str(exc))
        else:
            messages.success(
                request,
                _("Offline training recorded for %(n)s officials.") % {"n": len(records)},
            )
            return redirect("records_admin:index")
    return TemplateResponse(
        request,
        "records/admin/offline_training.html",
        {"form": form, "officials": officials},
    )


def _record_decision(request, pk, *, service, template, success, related=("user",)):
    """A trainer's decision on one record, with a reason: reverse it or restore it."""
    _require(request, "records.add_studyrecord")
    record = get_object_or_404(_visible_records(request.user).select_related(*related), pk=pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_refuse_own(actor=request.user, user_id=record.user_id)
            service(
                record=record,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                now=timezone.now(),
            )
        except LedgerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
        return redirect("records_admin:index")
    return TemplateResponse(request, template, {"form": form, "record": record})


def correct_record(request, pk):
    return _record_decision(
        request,
        pk,
        service=study_record_reverse,
        template="records/admin/correct_record.html",
        success=_("The record was reversed. The correction is in the ledger."),
    )


def restore_record(request, pk):
    """A trainer decides a correction was wrong and credits the source again (with a reason).
    The only way back for a reversed record: the official repeating the click is not one."""
    return _record_decision(
        request,
        pk,
        service=study_record_restore,
        template="records/admin/restore_record.html",
        success=_("The record was restored: its hours count again."),
        related=("user", "reversed_by"),
    )
