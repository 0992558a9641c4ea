from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.spreadsheets import write_sheet, xlsx_response
from kit.years import year_from_request

from .selectors import study_records_for_user, study_year_summary


def my_records(request):
    """The signed-in official's own ledger for a year. Nobody else's records are reachable here."""
    year = year_from_request(request)
    records = study_records_for_user(user=request.user, year=year)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(
        request,
        "records/my_records.html",
        {
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "summary": study_year_summary(user=request.user, year=year),
            "page_obj": page,
        },
    )


def my_records_export(request):
    year = year_from_request(request)
    records = study_records_for_user(user=request.user, year=year)
    rows = (
        [
            timezone.localtime(r.occurred_at).strftime("%Y-%m-%d %H:%M"),
            r.get_kind_display(),
            r.title,
            r.credit_hours,
            r.score if r.score is not None else "",
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
