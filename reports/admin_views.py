"""年度归档 in the Wagtail admin: administrators close a past study year and reopen a closed
one, saying why; every closing and reopening is listed with who and when."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import user_is_administrator
from records.models import ClosedStudyYear, StudyYearEvent
from records.services import LedgerError

from .closing import year_close_check, year_reopen
from .models import YearSnapshot

YEARS_SHOWN = 6


class YearActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("close", "close"), ("reopen", "reopen")])
    year = forms.IntegerField(min_value=2000, max_value=2100)
    reason = forms.CharField(
        label=gettext_lazy("Why reopen it?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _years(today_year: int) -> list[dict]:
    closed = {c.year: c for c in ClosedStudyYear.objects.select_related("closed_by")}
    closing = _closing_jobs()
    events: dict[int, list] = {}
    for event in StudyYearEvent.objects.select_related("actor").order_by("-at", "-pk"):
        events.setdefault(event.year, []).append(event)
    snapshots = {}
    for snapshot in YearSnapshot.objects.select_related("taken_by").order_by("taken_at", "pk"):
        snapshots[snapshot.year] = snapshot  # the latest of each year wins
    years = sorted(
        {*range(today_year, today_year - YEARS_SHOWN, -1), *closed, *events, *closing},
        reverse=True,
    )
    return [
        {
            "year": year,
            "closed": closed.get(year),
            "snapshot": snapshots.get(year) if year in closed else None,
            "officials": len(snapshots[year].data["officials"]) if year in snapshots else None,
            "events": events.get(year, []),
            "closing": closing.get(year) if year not in closed else None,
            "can_close": year < today_year and year not in closed and year not in closing,
        }
        for year in years
    ]


CLOSE_JOB = "reports.year_close"


def _closing_jobs() -> dict:
    """The year-closing jobs queued or running, by year."""
    from jobs.selectors import jobs_pending

    return {int(job.params["year"]): job for job in jobs_pending(CLOSE_JOB)}


def _close_in_background(request, *, year: int, now) -> None:
    """Closing takes minutes at a district's scale: it runs on the worker (job
    ``reports.year_close``), once per year at a time, and the page shows its progress."""
    from jobs.services import job_enqueue

    year_close_check(year=year, now=now)
    if year not in _closing_jobs():
        job_enqueue(
            kind=CLOSE_JOB,
            owner=request.user,
            params={"year": year},
            title=_("Closing the study year %(year)s") % {"year": year},
        )
    # The link to the job is on the year's row (the message bar's link colour is unreadable).
    messages.info(
        request,
        _("Closing %(year)s runs in the background; this page shows it as closed when done.")
        % {"year": year},
    )


def study_years(request):
    """The years with their state; POST closes or reopens one."""
    if not user_is_administrator(request.user):
        raise PermissionDenied
    now = timezone.now()
    if request.method == "POST":
        form = YearActionForm(request.POST)
        if form.is_valid():
            year, action = form.cleaned_data["year"], form.cleaned_data["action"]
            try:
                if action == "close":
                    _close_in_background(request, year=year, now=now)
                else:
                    year_reopen(
                        year=year, actor=request.user, reason=form.cleaned_data["reason"], now=now
                    )
                    messages.success(request, _("%(year)s is open again.") % {"year": year})
            except LedgerError as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, _("Choose a year and what to do with it."))
        return redirect("study_years:index")
    return TemplateResponse(
        request,
        "reports/admin/study_years.html",
        {"years": _years(timezone.localdate(now).year), "reason_field": YearActionForm()["reason"]},
    )
