"""Which data each download is built from, and its file name (views, jobs and commands share
these, so a file is the same whichever of them made it)."""

from django.utils import timezone

from accounts.selectors import department_subtree_ids

from .documents import official_documents, official_rows
from .exports import department_xlsx, documents_zip, official_docx, official_xlsx
from .selectors import officials_for_year


def official_file(*, official, year: int, viewer, fmt: str, now=None) -> tuple[str, bytes]:
    now = now or timezone.now()
    doc = official_documents(users=[official], year=year, viewer=viewer, now=now)[0]
    base = f"{year}-{doc['official']['name']}-{doc['official']['staff_number']}"
    if fmt == "docx":
        return f"{base}.docx", official_docx(doc, stamp=now)
    return f"{base}.xlsx", official_xlsx(doc, stamp=now)


def department_officials(*, department, year: int):
    return officials_for_year(departments=department_subtree_ids(department), year=year)


def department_xlsx_file(*, department, year: int, viewer, order=None, now=None):
    now = now or timezone.now()
    rows = official_rows(
        users=department_officials(department=department, year=year),
        year=year,
        viewer=viewer,
        now=now,
    )
    if order is not None:
        rows = order(rows)
    return f"{year}-{department.name}.xlsx", department_xlsx(
        title=f"{year} {department.name}", officials=rows, stamp=now
    )


def department_zip_file(*, department, year: int, viewer, now=None, progress=None):
    now = now or timezone.now()
    users = list(department_officials(department=department, year=year))
    docs = official_documents(users=users, year=year, viewer=viewer, now=now)
    data = documents_zip(docs, stamp=now, progress=progress, total=len(docs))
    return f"{year}-{department.name}.zip", data, len(docs)
