from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import department_path, departments_visible_to
from jobs.services import job_enqueue
from kit.spreadsheets import XLSX_CONTENT_TYPE
from kit.years import year_from_request

from .access import department_for_viewer, official_for_viewer, report_year, sees_whole_office
from .files import (
    department_lines,
    department_officials,
    department_workbook,
    department_zip_file,
    missing_line_order,
    office_file,
    office_summary,
    official_file,
    official_year_document,
)
from .oversight import behind, charts, figures_for, month_hours


def my_year(request):
    """我的年度学法档案 — the signed-in official's year."""
    return redirect("reports:official_year", pk=request.user.pk, year=year_from_request(request))


def official_year_redirect(request, pk: int):
    return redirect("reports:official_year", pk=pk, year=year_from_request(request))


def department_year(request, code: str):
    return redirect("reports:department", code=code, year=year_from_request(request))


def official_year_page(request, pk: int, year: int):
    """One official's year: totals against each target, every item, the 述职述法 paragraph.
    Printable on A4 (the print stylesheet adds the department's signature and seal lines).
    The same document as the DOCX and XLSX: a closed year's comes from its snapshot."""
    year = report_year(year)
    official = official_for_viewer(request.user, pk)
    doc, lines = official_year_document(official=official, year=year, viewer=request.user)
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/official_year.html",
        {
            "official": official,
            "own": official.pk == request.user.pk,
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "doc": doc,
            "archive": lines.archive,
            "kind_total_count": sum(kind["count"] for kind in doc["kinds"]),
            "formats": [
                {
                    "label": _("Download DOCX"),
                    "url": reverse("reports:official_file", args=[official.pk, year, "docx"]),
                },
                {
                    "label": _("Download XLSX"),
                    "url": reverse("reports:official_file", args=[official.pk, year, "xlsx"]),
                },
            ],
            "printed_on": timezone.localdate(),
        },
    )


def departments_index(request):
    """The departments this user oversees; with one at the top, straight to it."""
    visible = departments_visible_to(request.user)
    ids = set(visible.values_list("pk", flat=True))
    tops = [d for d in visible.order_by("sort_order", "name") if d.parent_id not in ids]
    if not tops:
        raise Http404
    year = year_from_request(request)
    if len(tops) == 1:
        return redirect("reports:department", code=tops[0].code, year=year)
    return render(request, "reports/departments.html", {"departments": tops, "year": year})


SORTS = ("name", "missing")
# The department table shows this many officials a page (a whole office holds thousands; the
# XLSX has everyone), and the list of who is behind its first ones, furthest behind first.
PAGE_SIZE = 200
BEHIND_SHOWN = 50


def department_page(request, code: str, year: int):
    """Department oversight (部门学法情况): each official of the department and the sections
    below it against their target, who is behind and on what, exam participation and rates,
    the score distribution, hours by kind and month, as tables and SVG charts. Sorted by name
    or by what is missing, never by score. A closed year shows its archived figures."""
    year = report_year(year)
    department = department_for_viewer(request.user, code)
    lines = department_lines(
        department=department, year=year, viewer=request.user, paragraphs=False
    )
    rows = lines.officials
    sort = request.GET.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    if sort == "missing":
        rows = sorted(rows, key=missing_line_order)
    else:
        rows = sorted(rows, key=lambda o: (o["name"], o["staff_number"]))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = figures_for(lines.officials, year=year, user_ids=lines.user_ids)
    months = month_hours(user_ids=lines.user_ids, year=year)
    everyone_behind = behind(lines.officials)
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/department.html",
        {
            "department": department,
            "department_path": department_path(department),
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "rows": page.object_list,
            "page_obj": page,
            "sort": sort,
            "met": figures.met,
            "figures": figures,
            "months": months,
            "month_numbers": range(1, 13),
            "charts": charts(figures, months),
            "behind": everyone_behind[:BEHIND_SHOWN],
            "behind_more": max(0, len(everyone_behind) - BEHIND_SHOWN),
            "archive": lines.archive,
            "xlsx_url": reverse("reports:department_file", args=[department.code, year, "xlsx"]),
            "zip_url": reverse("reports:department_file", args=[department.code, year, "zip"]),
        },
    )


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
    "zip": "application/zip",
}
# A department's ZIP of documents is written in the request up to this many officials, else by
# the worker as a background job with progress.
ZIP_INLINE_LIMIT = 60
# The page's XLSX button likewise (about 0.3 ms of CPU an official: 1.6 s for 5,000).
XLSX_INLINE_LIMIT = 1_000


def file_response(name: str, data: bytes, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
def official_file_view(request, pk: int, year: int, fmt: str):
    """One official's year as DOCX or XLSX (the same rule as the page: own, department, all)."""
    year = report_year(year)
    if fmt not in ("docx", "xlsx"):
        raise Http404
    official = official_for_viewer(request.user, pk)
    name, data = official_file(official=official, year=year, viewer=request.user, fmt=fmt)
    return file_response(name, data, fmt)


def department_xlsx_view(request, code: str, year: int):
    """The department's year as a workbook. A GET writes it at once; the page's button POSTs,
    and above ``XLSX_INLINE_LIMIT`` officials that queues a background job (its page shows
    progress and offers the file to its owner only), so seconds of CPU for a whole office run
    on the worker, not in a web thread during the exam rush."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    year = report_year(year)
    department = department_for_viewer(request.user, code)
    sort = request.POST.get("sort") if request.method == "POST" else request.GET.get("sort")
    sort = "missing" if sort == "missing" else "name"
    if (
        request.method == "POST"
        and department_officials(department=department, year=year).count() > XLSX_INLINE_LIMIT
    ):
        job = job_enqueue(
            kind="reports.department_xlsx",
            owner=request.user,
            params={"code": department.code, "year": year, "sort": sort},
            title=_("Study records of %(department)s, %(year)s (XLSX)")
            % {"department": department.name, "year": year},
        )
        return redirect("jobs:detail", job_id=job.pk)
    name, data, _count = department_workbook(
        department=department, year=year, viewer=request.user, sort=sort
    )
    return file_response(name, data, "xlsx")


@require_POST
def department_zip_view(request, code: str, year: int):
    """Every official's DOCX in one ZIP: written at once for a small department, else queued
    as a background job (its page shows progress and offers the file to its owner only)."""
    year = report_year(year)
    department = department_for_viewer(request.user, code)
    if department_officials(department=department, year=year).count() > ZIP_INLINE_LIMIT:
        job = job_enqueue(
            kind="reports.department_zip",
            owner=request.user,
            params={"code": department.code, "year": year},
            title=_("Study records of %(department)s, %(year)s (ZIP)")
            % {"department": department.name, "year": year},
        )
        return redirect("jobs:detail", job_id=job.pk)
    name, data, _count = department_zip_file(department=department, year=year, viewer=request.user)
    return file_response(name, data, "zip")


def department_file_view(request, code: str, year: int, fmt: str):
    if fmt == "xlsx":
        return department_xlsx_view(request, code, year)
    if fmt == "zip":
        return department_zip_view(request, code, year)
    raise Http404


def office_page(request, year: int):
    """The office's annual figures (全办年度学法情况) for its 法治政府建设情况报告: per department and
    in total, with the generated paragraph; XLSX and a DOCX section."""
    year = report_year(year)
    if not sees_whole_office(request.user):
        raise Http404
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/office.html",
        {
            **office_summary(year=year, viewer=request.user),
            "years": range(this_year, this_year - 5, -1),
            "formats": [
                {
                    "label": _("Download DOCX"),
                    "url": reverse("reports:office_file", args=[year, "docx"]),
                },
                {
                    "label": _("Download XLSX"),
                    "url": reverse("reports:office_file", args=[year, "xlsx"]),
                },
            ],
        },
    )


def office_year(request):
    return redirect("reports:office", year=year_from_request(request))


@require_GET
def office_file_view(request, year: int, fmt: str):
    year = report_year(year)
    if fmt not in ("docx", "xlsx") or not sees_whole_office(request.user):
        raise Http404
    name, data = office_file(year=year, viewer=request.user, fmt=fmt)
    return file_response(name, data, fmt)
