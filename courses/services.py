"""Writes: importing regulations, opening and confirming lessons, completing courses."""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kit.search import entries_changed
from records.models import StudyRecordKind
from records.reading import ReadingNotOpened, ReadingTooSoon, reading_check
from records.services import study_record_add

from .models import (
    Article,
    ArticleCitation,
    CourseCompletion,
    CoursePage,
    Division,
    LessonPage,
    LessonProgress,
    Regulation,
)
from .parsing import ParseWarning, parse_regulation

logger = logging.getLogger(__name__)

# Regulations ----------------------------------------------------------------------------


class RegulationImportError(ValueError):
    """The text cannot be imported: it has no articles at all (importing it would retire every
    article), or a value that does not fit its column."""


@dataclass
class ImportReport:
    regulation: Regulation
    created: bool
    chapter_count: int
    article_count: int
    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    retired: list[int] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "slug": self.regulation.slug,
            "title": self.regulation.title,
            "created": self.created,
            "chapters": self.chapter_count,
            "articles": self.article_count,
            "added": self.added,
            "changed": self.changed,
            "retired": self.retired,
            "warnings": [
                {"line": w.line, "message": w.message, "text": w.text} for w in self.warnings
            ],
        }


def _free_slug(title: str) -> str:
    base = slugify(title)[:60] or "regulation"
    slug, n = base, 1
    while Regulation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def _divisions_sync(*, regulation: Regulation, parsed) -> list[Division]:
    """The parsed divisions as rows, reusing each existing row at the same place."""

    def place(level, number, parent_place):
        return (*parent_place, (level, number)) if parent_place else ((level, number),)

    existing = {}
    by_pk = {d.pk: d for d in regulation.divisions.all()}

    def place_of(division):
        parent = by_pk.get(division.parent_id)
        return place(division.level, division.number, place_of(parent) if parent else ())

    for division in by_pk.values():
        existing.setdefault(place_of(division), division)
    rows: list[Division] = []
    places: list[tuple] = []
    for position, d in enumerate(parsed):
        parent = rows[d.parent] if d.parent is not None else None
        key = place(d.level, d.number, places[d.parent] if d.parent is not None else ())
        row = existing.pop(key, None) or Division(regulation=regulation)
        row.parent, row.level, row.number = parent, d.level, d.number
        row.heading, row.position = d.heading, position
        row.save()
        rows.append(row)
        places.append(key)
    # Articles keep their rows (their division is SET_NULL); children go before parents.
    for row in sorted(existing.values(), key=lambda r: -len(place_of(r))):
        row.delete()
    return rows


def _columns_check(parsed) -> None:
    """Every parsed value must fit the column it goes to — a title, 文号 or heading longer than
    its column, a 第X条 numeral beyond what a number column holds: refused, naming the line,
    before anything is written (PostgreSQL refused the row with a 500 halfway through the
    import; SQLite stored it). The columns' own validators say what fits."""
    from django.core.exceptions import ValidationError

    values = [
        (Regulation, "title", parsed.title, 1),
        (Regulation, "issuing_bodies", parsed.issuing_bodies, None),
        (Regulation, "document_number", parsed.document_number, None),
        *((Division, "heading", d.heading, d.line) for d in parsed.divisions),
        *((Division, "number", d.number, d.line) for d in parsed.divisions),
        *((Article, "number", a.number, a.line) for a in parsed.articles),
    ]
    for model, name, value, line in values:
        field = model._meta.get_field(name)
        try:
            field.run_validators(value)
        except ValidationError as exc:
            where = _("line %(line)d: ") % {"line": line} if line else ""
            raise RegulationImportError(
                _("Nothing was imported: %(where)s%(field)s: %(problem)s")
                % {"where": where, "field": field.verbose_name, "problem": " ".join(exc.messages)}
            ) from None


@transaction.atomic
def regulation_import(
    *, text: str, slug: str | None = None, now: datetime | None = None
) -> ImportReport:
    """Create or update a regulation from its text.

    Articles are matched by number, so their rows, URLs and citations survive a re-import;
    an article missing from the new text is kept but marked not current. Divisions (编, 章,
    节) are matched by their place (level and number under their parent) and updated in
    place, so what refers to a chapter (a study session's module) keeps it; a division the
    new text no longer has is removed. The regulation is found by ``slug`` if given, else by title.
    """
    now = now or timezone.now()
    parsed = parse_regulation(text)
    if not parsed.articles:
        raise RegulationImportError(
            _("No articles (第X条) were found; nothing was imported.")
            + " "
            + "; ".join(str(w) for w in parsed.warnings[:5])
        )
    _columns_check(parsed)
    regulation = None
    if slug:
        regulation = Regulation.objects.filter(slug=slug).first()
    elif parsed.title:
        regulation = Regulation.objects.filter(title=parsed.title).first()
    created = regulation is None
    if created:
        regulation = Regulation(slug=slug or _free_slug(parsed.title))
    regulation.title = parsed.title or regulation.title or regulation.slug
    regulation.header = "\n".join(parsed.header_lines)
    regulation.preamble = parsed.preamble
    regulation.issued_on = parsed.issued_on or regulation.issued_on
    regulation.in_force_on = parsed.in_force_on or regulation.in_force_on
    regulation.issuing_bodies = parsed.issuing_bodies or regulation.issuing_bodies
    regulation.document_number = parsed.document_number or regulation.document_number
    regulation.imported_at = now
    regulation.save()

    division_rows = _divisions_sync(regulation=regulation, parsed=parsed.divisions)

    existing = {a.number: a for a in regulation.articles.all()}
    report = ImportReport(
        regulation=regulation,
        created=created,
        chapter_count=parsed.chapter_count,
        article_count=len(parsed.articles),
        warnings=parsed.warnings,
    )
    to_create, to_update = [], []
    for position, pa in enumerate(parsed.articles):
        values = {
            "text": pa.text,
            "items": pa.items,
            "paragraphs": pa.paragraphs,
            "position": position,
            "division": division_rows[pa.division] if pa.division is not None else None,
            "is_current": True,
        }
        article = existing.pop(pa.number, None)
        if article is None:
            to_create.append(Article(regulation=regulation, number=pa.number, **values))
            report.added.append(pa.number)
            continue
        if article.text != pa.text or article.items != pa.items or not article.is_current:
            report.changed.append(pa.number)
        for name, value in values.items():
            setattr(article, name, value)
        to_update.append(article)
    Article.objects.bulk_create(to_create)
    Article.objects.bulk_update(
        to_update, ["text", "items", "paragraphs", "position", "division", "is_current"]
    )
    for article in existing.values():
        if article.is_current:
            report.retired.append(article.number)
    Article.objects.filter(pk__in=[a.pk for a in existing.values()]).update(
        is_current=False, division=None
    )
    # The articles changed by bulk writes, which send no signals: tell the site search.
    entries_changed.send(sender=Regulation, instance=regulation)
    return report


# Lessons and courses ---------------------------------------------------------------------


# The time gate is the one rule of every credited reading (records.reading).
StudyTooSoon = ReadingTooSoon
LessonNotOpened = ReadingNotOpened


def lesson_open(*, user, lesson: LessonPage, now: datetime) -> LessonProgress:
    """Record that ``user`` opened ``lesson``. The first opening time never moves."""
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"opened_at": now, "last_opened_at": now}
    )
    if not created:
        LessonProgress.objects.filter(pk=progress.pk).update(last_opened_at=now)
        progress.last_opened_at = now
    return progress


@transaction.atomic
def lesson_confirm(*, user, lesson: LessonPage, now: datetime) -> LessonProgress:
    """``user`` says they studied ``lesson``. Refused before the minimum time has passed
    since they opened it. Idempotent: confirming again changes nothing."""
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if progress is not None and progress.studied_at is not None:
        return progress
    reading_check(
        opened_at=progress and progress.opened_at,
        estimated_minutes=lesson.estimated_minutes,
        now=now,
    )
    progress.studied_at = now
    progress.save(update_fields=["studied_at"])
    study_record_add(
        user=user,
        kind=StudyRecordKind.LESSON_STUDIED,
        source=f"courses.lesson:{lesson.pk}",
        title=lesson.title,
        credit_hours=0,
        occurred_at=now,
        evidence={"opened_at": progress.opened_at.isoformat(), "minutes": lesson.estimated_minutes},
    )
    course = CoursePage.objects.filter(
        path=lesson.path[: -CoursePage.steplen], depth=lesson.depth - 1
    ).first()
    if course is not None:
        course_completion_check(course=course, user=user, now=now)
    return progress


@transaction.atomic
def course_completion_check(*, course: CoursePage, user, now: datetime) -> CourseCompletion | None:
    """Complete ``course`` for ``user`` if every live lesson is studied and every extra
    requirement (``xuefa_course_requirements``) is met; credit the ledger once."""
    from .selectors import course_detail_for_user

    existing = CourseCompletion.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    card = course_detail_for_user(user=user, course=course)
    if not card.lessons or card.studied < card.total:
        return None
    if not all(r.get("met") for r in card.extra_requirements):
        return None
    completion = CourseCompletion.objects.create(
        user=user, course=course, completed_at=now, credit_hours=card.credit_hours
    )
    study_record_add(
        user=user,
        kind=StudyRecordKind.COURSE_COMPLETED,
        source=f"courses.course:{course.pk}",
        title=course.title,
        credit_hours=card.credit_hours,
        occurred_at=now,
        evidence={"lessons": [s.lesson.pk for s in card.lessons], "minutes": card.minutes},
    )
    return completion


def lesson_citations_index(*, lesson: LessonPage) -> None:
    """Bring the citation index in line with the lesson's saved body."""
    from .selectors import citations_in_body

    wanted = set(citations_in_body(lesson.body))
    known_regulations = set(
        Regulation.objects.filter(pk__in={r for r, _n in wanted}).values_list("pk", flat=True)
    )
    wanted = {(r, n) for r, n in wanted if r in known_regulations}
    have = {
        (c.regulation_id, c.article_number): c.pk
        for c in ArticleCitation.objects.filter(lesson_id=lesson.pk)
    }
    ArticleCitation.objects.filter(
        pk__in=[pk for key, pk in have.items() if key not in wanted]
    ).delete()
    ArticleCitation.objects.bulk_create(
        [
            ArticleCitation(lesson_id=lesson.pk, regulation_id=r, article_number=n)
            for r, n in wanted - set(have)
        ]
    )
