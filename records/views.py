from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.spreadsheets import write_sheet, xlsx_response
from kit.years import year_from_request

from .models import StudyRecord
from .selectors import scores_hidden, study_records_for_user, study_year_summary


def _hidden(request, records, now) -> tuple[dict[str, str], Decimal]:
    """Sources whose score the official may not see yet, and the credit hours those records
    hold (left out of the total shown until the result is released)."""
    sources = records.exclude(source="").values_list("source", flat=True).distinct()
    probes = [StudyRecord(source=source, user=request.user) for source in sources]
    hidden = scores_hidden(records=probes, viewer=request.user, now=now)
    hours = Decimal("0")
    if hidden:
        hours = records.filter(source__in=list(hidden)).aggregate(h=Sum("credit_hours"))["h"]
    return hidden, hours or Decimal("0")


def my_records(request):
    """The signed-in official's own ledger for a year. Nobody else's records are reachable here.

    A quiz result not released yet (``quizzes.disclosure``) shows neither its score nor its
    credit hours, and its hours are not in the total until it is released."""
    year = year_from_request(request)
    now = timezone.now()
    records = study_records_for_user(user=request.user, year=year)
    hidden, hidden_hours = _hidden(request, records, now)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    for record in page:
        record.score_hidden = hidden.get(record.source, "")
    summary = study_year_summary(user=request.user, year=year)
    summary.credit_hours -= hidden_hours
    this_year = timezone.localdate().year
    return render(
        request,
        "records/my_records.html",
        {
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "summary": summary,
            "results_pending": bool(hidden),
            "page_obj": page,
        },
    )


def my_records_export(request):
    year = year_from_request(request)
    records = study_records_for_user(user=request.user, year=year)
    hidden, _hours = _hidden(request, records, timezone.now())

    def shown(record, value):
        return hidden.get(record.source, value)

    rows = (
        [
            timezone.localtime(r.occurred_at).strftime("%Y-%m-%d %H:%M"),
            r.get_kind_display(),
            r.title,
            shown(r, r.credit_hours),
            shown(r, r.score if r.score is not None else ""),
            r.reason,
        ]
        for r in records
    )
    data = write_sheet(
        title=str(year),
        columns=[_("Date"), _("Kind"), _("Title"), _("Credit hours"), _("Score"), _("Note")],
        rows=rows,
    )
    return xlsx_response(data, f"study-record-{year}.xlsx")
