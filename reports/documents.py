"""The year's documents as plain data: what the A4 page, the DOCX and the XLSX all show.

``official_document`` turns one official's year (``selectors.OfficialYear`` and
``YearItems``) into a dict of strings and numbers — the same dict whether it is built from the
live ledger or read back from a closed year's snapshot (``reports.closing``), so a closed
year's exports come out byte for byte the same.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from accounts.selectors import department_paths

from .selectors import (
    KINDS,
    STUDY_KINDS,
    OfficialYear,
    Words,
    YearItems,
    _hours,
    official_years,
    year_items_by_user,
    year_paragraph,
)


def _date(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d")


def _status(check, words: Words) -> str:
    if check.met:
        return words.once("met", lambda: _("met"))
    if check.pending:
        return words.once("pending", lambda: _("pending"))
    return check.missing


def official_row(
    row: OfficialYear,
    *,
    department_path: str = "",
    words: Words | None = None,
    paragraph: bool = True,
) -> dict:
    """One official's figures for the year: the line of a department's table. Without
    ``paragraph`` the line has no 述职述法 paragraph (the oversight tables never show it: 5,000
    of them cost the whole office's page 0.07 s); documents and snapshots always have it."""
    words = words or Words()
    hours = words.hours
    user = row.user
    exam = row.exam
    missing = [str(m) for m in row.missing]
    line = {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "staff_number": user.staff_number or user.username,
        "department_id": user.department_id,
        "department": department_path or (user.department.name if user.department else ""),
        "job_title": user.job_title,
        "rank": words.once(("rank", user.rank), lambda: str(user.get_rank_display() or "")),
        "hours": hours(row.hours),
        "target_hours": hours(row.target.credit_hours),
        "hours_by_kind": {k: hours(row.kind_hours(k)) for k in STUDY_KINDS},
        "counts": {k: row.count(k) for k in STUDY_KINDS},
        "required_total": len(row.required_courses),
        "required_done": row.required_done,
        "exam": None
        if exam is None
        else {
            "title": exam.title,
            "score": None if exam.score is None else hours(Decimal(exam.score)),
            "passed": exam.passed and not exam.hidden,
            "excellent": exam.excellent and not exam.hidden,
            "band": str(words.band(exam)),
            "hidden": bool(exam.hidden),
        },
        "exams_taken": row.exams_taken,
        "sessions": row.sessions,
        "target_sessions": row.target.group_sessions,
        "met": row.met,
        "missing": missing,
        "missing_text": str(words.missing_text(row)),
        "checks": [
            {
                "label": str(c.label),
                "required": str(c.required),
                "reached": str(c.reached),
                "status": str(_status(c, words)),
                "met": c.met,
                "pending": c.pending,
                "missing": str(c.missing),
                "counts": str(c.counts),
            }
            for c in row.checks
        ],
        "required_courses": [
            {"title": c["title"], "done": c["done"]} for c in row.required_courses
        ],
    }
    if paragraph:
        line["paragraph"] = year_paragraph(row, words)
    return line


def _line(record, result: str = "") -> dict:
    return {
        "date": _date(record.occurred_at),
        "title": record.title,
        "hours": _hours(record.credit_hours),
        "result": result,
    }


DOCUMENT_PARTS = ("kinds", "sections", "quizzes", "corrections")


def official_document(official: dict, items: YearItems, *, year: int) -> dict:
    """Everything one official's year document shows, as plain data: their line
    (``official_row``, live or from the closed year's snapshot) and the year's items."""
    quizzes = []
    for line in items.quizzes:
        mode = _("Exam") if line.mode == "exam" else pgettext("quiz mode", "Quiz")
        score = "—" if line.hidden or line.score is None else _hours(Decimal(line.score))
        shown = {**_line(line.record), "mode": str(mode), "score": score, "result": str(line.band)}
        if line.hidden:
            shown["hours"] = "—"  # a pass earns hours: they would give the result away
        quizzes.append(shown)
    return {
        "year": year,
        "official": official,
        "paragraph": official["paragraph"],
        "kinds": [
            {
                "label": str(KINDS(k).label),
                "count": official["counts"].get(k, 0),
                "hours": official["hours_by_kind"].get(k, "0"),
            }
            for k in STUDY_KINDS
        ],
        "sections": [
            {"title": _("Courses completed"), "lines": [_line(r) for r in items.courses]},
            {"title": _("Lessons studied"), "lines": [_line(r) for r in items.lessons]},
            {"title": _("Typical cases reviewed"), "lines": [_line(r) for r in items.cases]},
            {"title": _("Group study sessions"), "lines": [_line(r) for r in items.sessions]},
            {"title": _("Offline training"), "lines": [_line(r) for r in items.offline]},
        ],
        "quizzes": quizzes,
        "corrections": [
            {
                "date": _date(c.occurred_at),
                "title": c.reverses.title,
                "hours": _hours(c.reverses.credit_hours),
                "reason": c.reason,
            }
            for c in items.corrections
        ],
    }


# What ``official_row`` and ``official_years`` read of each official: ``officials.only(*…)``
# leaves the rest in the database (two date-times, the password hash …: 5,000 rows of them
# were converted for nothing on every whole-office page). The department is its id: its name
# (with its parents') comes from ``department_paths``, so ``official_users`` joins no
# department row to every official.
LINE_USER_FIELDS = (
    "username",
    "name",
    "first_name",
    "last_name",
    "staff_number",
    "job_title",
    "rank",
    "department",
)


def official_users(users):
    """The officials' query as ``official_rows`` reads it: their line's fields, no joined rows."""
    return users.select_related(None).only(*LINE_USER_FIELDS)


def official_rows(*, users, year: int, viewer, now=None, paragraphs: bool = True) -> list[dict]:
    """Each official's figures (``official_row``) from the live ledger, in a fixed number of
    queries."""
    paths = department_paths()
    words = Words()
    return [
        official_row(
            row,
            department_path=paths.get(row.user.department_id, ""),
            words=words,
            paragraph=paragraphs,
        )
        for row in official_years(users=users, year=year, viewer=viewer, now=now)
    ]


def official_documents(
    *, officials: list[dict], year: int, viewer, now=None, hidden_sources=None
) -> list[dict]:
    """Each official's year document for their lines ``officials``, in a fixed number of
    queries."""
    users = [User(pk=o["id"]) for o in officials]
    items = year_items_by_user(
        users=users,
        year=year,
        viewer=viewer,
        now=now or timezone.now(),
        hidden_sources=hidden_sources,
    )
    return [official_document(o, items[o["id"]], year=year) for o in officials]
