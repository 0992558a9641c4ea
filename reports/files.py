"""Which data each download is built from, and its file name (views, jobs and commands share
these, so a file is the same whichever of them made it). A closed year's files are written
from its snapshot with the closing time as their stamp: the same bytes every time."""

from django.utils import timezone

from accounts.selectors import department_subtree_ids

from .closing import official_line, year_lines
from .documents import official_documents
from .exports import department_xlsx, documents_zip, official_docx, official_xlsx
from .selectors import officials_for_year


def _documents(lines, *, year, viewer, now):
    return official_documents(
        officials=lines.officials,
        year=year,
        viewer=viewer,
        now=lines.stamp if lines.archive else now,
        hidden_sources=lines.hidden_sources,
    )


def official_file(*, official, year: int, viewer, fmt: str, now=None) -> tuple[str, bytes]:
    now = now or timezone.now()
    lines = official_line(official=official, year=year, viewer=viewer, now=now)
    doc = _documents(lines, year=year, viewer=viewer, now=now)[0]
    base = f"{year}-{doc['official']['name']}-{doc['official']['staff_number']}"
    if fmt == "docx":
        return f"{base}.docx", official_docx(doc, stamp=lines.stamp)
    return f"{base}.xlsx", official_xlsx(doc, stamp=lines.stamp)


def department_officials(*, department, year: int):
    return officials_for_year(departments=department_subtree_ids(department), year=year)


def department_lines(*, department, year: int, viewer, now=None):
    """The department's and its sections' officials' lines (None: the whole office)."""
    ids = None if department is None else department_subtree_ids(department)
    return year_lines(department_ids=ids, year=year, viewer=viewer, now=now)


def _name(department, year, ext):
    from django.utils.translation import gettext as _

    return f"{year}-{department.name if department else _('whole office')}.{ext}"


def department_xlsx_file(*, department, year: int, viewer, order=None, now=None):
    lines = department_lines(department=department, year=year, viewer=viewer, now=now)
    rows = lines.officials if order is None else order(lines.officials)
    title = f"{year} {department.name if department else ''}".strip()
    return _name(department, year, "xlsx"), department_xlsx(
        title=title, officials=rows, stamp=lines.stamp
    )


def department_zip_file(*, department, year: int, viewer, now=None, progress=None):
    now = now or timezone.now()
    lines = department_lines(department=department, year=year, viewer=viewer, now=now)
    docs = _documents(lines, year=year, viewer=viewer, now=now)
    data = documents_zip(docs, stamp=lines.stamp, progress=progress, total=len(docs))
    return _name(department, year, "zip"), data, len(docs)
