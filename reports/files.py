"""Which data each download is built from, and its file name (views, jobs and commands share
these, so a file is the same whichever of them made it). A closed year's files are written
from its snapshot with the closing time as their stamp: the same bytes every time."""

from django.utils import timezone

from accounts.selectors import department_subtree_ids

from .closing import official_line, year_lines
from .documents import official_documents
from .exports import (
    department_xlsx,
    documents_zip,
    office_docx,
    official_docx,
    official_xlsx,
    oversight_sheets,
    summary_sheets,
)
from .oversight import by_department, figures_for, month_hours, summary_paragraph
from .selectors import officials_for_year


def _documents(lines, *, year, viewer, now):
    """The officials' documents: a closed year's from its snapshot, an open year's from the
    ledger."""
    if lines.archive is not None:
        archived = lines.archive.documents(lines.officials)
        if archived is not None:
            return archived
    return official_documents(
        officials=lines.officials,
        year=year,
        viewer=viewer,
        now=lines.stamp if lines.archive else now,
        hidden_sources=lines.hidden_sources,
    )


def official_year_document(*, official, year: int, viewer, now=None):
    """One official's year document (``documents.official_document``) and the lines it came
    from: the page, the DOCX and the XLSX all show this."""
    now = now or timezone.now()
    lines = official_line(official=official, year=year, viewer=viewer, now=now)
    return _documents(lines, year=year, viewer=viewer, now=now)[0], lines


def official_file(*, official, year: int, viewer, fmt: str, now=None) -> tuple[str, bytes]:
    doc, lines = official_year_document(official=official, year=year, viewer=viewer, now=now)
    base = f"{year}-{doc['official']['name']}-{doc['official']['staff_number']}"
    if fmt == "docx":
        return f"{base}.docx", official_docx(doc, stamp=lines.stamp)
    return f"{base}.xlsx", official_xlsx(doc, stamp=lines.stamp)


def department_officials(*, department, year: int):
    return officials_for_year(departments=department_subtree_ids(department), year=year)


def department_lines(*, department, year: int, viewer, now=None, paragraphs: bool = True):
    """The department's and its sections' officials' lines (None: the whole office)."""
    ids = None if department is None else department_subtree_ids(department)
    return year_lines(department_ids=ids, year=year, viewer=viewer, now=now, paragraphs=paragraphs)


def _name(department, year, ext):
    from django.utils.translation import gettext as _

    return f"{year}-{department.name if department else _('whole office')}.{ext}"


def missing_line_order(line: dict):
    """Furthest from the target first (by how many parts are missing), then by name; never by
    a score."""
    return (-len(line["missing"]), line["name"])


def department_workbook(*, department, year: int, viewer, sort: str = "name", now=None):
    """The department's year as a workbook, its lines by name (as the department lines come)
    or, with ``sort="missing"``, by what is missing: (file name, bytes, officials)."""
    lines = department_lines(
        department=department, year=year, viewer=viewer, now=now, paragraphs=False
    )
    rows = lines.officials
    if sort == "missing":
        rows = sorted(rows, key=missing_line_order)
    title = f"{year} {department.name if department else ''}".strip()
    figures = figures_for(lines.officials, year=year, user_ids=lines.user_ids)
    # The same officials as the page's months (not everyone with a total that year).
    months = month_hours(user_ids=lines.user_ids, year=year)
    data = department_xlsx(
        title=title,
        officials=rows,
        extra_sheets=oversight_sheets(figures, months),
        stamp=lines.stamp,
    )
    return _name(department, year, "xlsx"), data, len(rows)


def department_xlsx_file(*, department, year: int, viewer, now=None):
    """``department_workbook`` by name, as (file name, bytes)."""
    name, data, _count = department_workbook(
        department=department, year=year, viewer=viewer, now=now
    )
    return name, data


def department_zip_file(*, department, year: int, viewer, now=None, progress=None):
    now = now or timezone.now()
    lines = department_lines(department=department, year=year, viewer=viewer, now=now)
    docs = _documents(lines, year=year, viewer=viewer, now=now)
    data = documents_zip(docs, stamp=lines.stamp, progress=progress, total=len(docs))
    return _name(department, year, "zip"), data, len(docs)


def office_summary(*, year: int, viewer, now=None):
    """The office's annual figures: per department (its own officials) and in total, with the
    paragraph for the annual report."""
    from accounts.selectors import department_paths

    lines = year_lines(department_ids=None, year=year, viewer=viewer, now=now, paragraphs=False)
    rows, total = by_department(lines.officials, year=year, names=department_paths())
    return {
        "year": year,
        "rows": rows,
        "total": total,
        "paragraph": summary_paragraph(total, year=year),
        "archive": lines.archive,
        "stamp": lines.stamp,
    }


def office_file(*, year: int, viewer, fmt: str, now=None):
    from django.utils.translation import gettext as _

    summary = office_summary(year=year, viewer=viewer, now=now)
    base = f"{year}-{_('office study summary')}"
    if fmt == "docx":
        return f"{base}.docx", office_docx(summary, stamp=summary["stamp"])
    from kit.spreadsheets import write_workbook

    return f"{base}.xlsx", write_workbook(summary_sheets(summary), stamp=summary["stamp"])
