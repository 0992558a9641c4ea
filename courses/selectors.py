"""Reads for the regulation and course pages. Each function runs a fixed number of queries,
however many articles, lessons or courses there are."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q
from wagtail import hooks
from wagtail.models import Page

from accounts.selectors import department_with_ancestors_ids

from .credit import credit_hours_for_minutes, minimum_study_time
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

# Regulations ----------------------------------------------------------------------------


def regulation_list():
    return Regulation.objects.annotate(
        article_count=Count("articles", filter=Q(articles__is_current=True))
    ).order_by("title")


@dataclass
class TocEntry:
    division: Division | None
    depth: int
    articles: list[Article] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        d = self.division
        return f"{d.level}-{d.position}" if d else "articles"

    @property
    def first_number(self):
        return self.articles[0].number if self.articles else None

    @property
    def last_number(self):
        return self.articles[-1].number if self.articles else None


def regulation_contents(*, regulation: Regulation) -> list[TocEntry]:
    """The regulation's divisions in reading order, each with its current articles (2 queries)."""
    divisions = list(regulation.divisions.order_by("position"))
    depth = {}
    for d in divisions:
        depth[d.pk] = depth.get(d.parent_id, -1) + 1 if d.parent_id else 0
    entries = {d.pk: TocEntry(d, depth[d.pk]) for d in divisions}
    loose = TocEntry(None, 0)
    for article in regulation.articles.filter(is_current=True).order_by("position", "number"):
        entries.get(article.division_id, loose).articles.append(article)
    ordered = ([loose] if loose.articles else []) + [entries[d.pk] for d in divisions]
    return ordered


def article_for_page(*, slug: str, number: int) -> Article | None:
    return (
        Article.objects.select_related("regulation", "division")
        .filter(regulation__slug=slug, number=number)
        .first()
    )


def article_neighbours(*, article: Article) -> tuple[int | None, int | None]:
    """Numbers of the previous and next current articles (one query)."""
    found = Article.objects.filter(regulation_id=article.regulation_id, is_current=True).aggregate(
        previous=Max("number", filter=Q(number__lt=article.number)),
        next=Min("number", filter=Q(number__gt=article.number)),
    )
    return found["previous"], found["next"]


def article_citing_lessons(*, article: Article):
    """Live lessons that cite this article (for the article page and the admin)."""
    return LessonPage.objects.filter(
        citations__regulation_id=article.regulation_id,
        citations__article_number=article.number,
    ).distinct()


def cited_articles_lookup(*, pairs) -> dict[tuple[int, int], Article]:
    """``{(regulation_id, number): Article}`` for the given pairs, in one query."""
    pairs = {(int(r), int(n)) for r, n in pairs if r and n}
    if not pairs:
        return {}
    condition = Q()
    for regulation_id in {r for r, _n in pairs}:
        numbers = [n for r, n in pairs if r == regulation_id]
        condition |= Q(regulation_id=regulation_id, number__in=numbers)
    return {
        (a.regulation_id, a.number): a
        for a in Article.objects.filter(condition).select_related("regulation")
    }


def citations_in_body(body) -> list[tuple[int, int]]:
    """(regulation_id, article number) pairs cited in a lesson body, read from the raw
    StreamField data so that no query is needed."""
    from .parsing import parse_article_numbers

    pairs = []
    for item in body.raw_data:
        if item.get("type") != "article_citation":
            continue
        value = item.get("value") or {}
        regulation_id = value.get("regulation")
        try:
            numbers = parse_article_numbers(value.get("articles"))
        except ValueError:
            continue
        if regulation_id:
            pairs.extend((int(regulation_id), n) for n in numbers)
    return pairs


def cited_articles_for_body(body) -> dict[tuple[int, int], Article]:
    return cited_articles_lookup(pairs=citations_in_body(body))


def broken_citations(*, lesson=None, viewer=None):
    """Citations whose article is gone from the current text of its regulation; for a
    ``viewer`` who may not see drafts, only those of live lessons."""
    from accounts.roles import user_sees_drafts

    rows = ArticleCitation.objects.select_related("lesson", "regulation").order_by(
        "regulation__title", "article_number"
    )
    if viewer is not None and not user_sees_drafts(viewer):
        rows = rows.filter(lesson__live=True)
    if lesson is not None:
        rows = rows.filter(lesson_id=lesson.pk)
    current = Article.objects.filter(is_current=True)
    if lesson is not None:
        current = current.filter(regulation_id__in=rows.values("regulation_id"))
    current_keys = set(current.values_list("regulation_id", "number"))
    return [c for c in rows if (c.regulation_id, c.article_number) not in current_keys]


# Courses ---------------------------------------------------------------------------------


def course_extra_requirements(*, course: CoursePage, user) -> list[dict]:
    """Conditions other apps add to a course (e.g. its quiz must be passed)."""
    found = []
    for fn in hooks.get_hooks("xuefa_course_requirements"):
        found.extend(fn(course, user) or [])
    return found


def course_credit_hours(course: CoursePage, lessons) -> object:
    if course.credit_hours is not None:
        return course.credit_hours
    return credit_hours_for_minutes(sum(lesson.estimated_minutes for lesson in lessons))


@dataclass
class LessonState:
    lesson: LessonPage
    progress: LessonProgress | None

    @property
    def studied(self) -> bool:
        return bool(self.progress and self.progress.studied_at)

    @property
    def opened(self) -> bool:
        return self.progress is not None


@dataclass
class CourseCard:
    course: CoursePage
    lessons: list[LessonState]
    required: bool
    completion: CourseCompletion | None
    credit_hours: object
    extra_requirements: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def studied(self) -> int:
        return sum(1 for s in self.lessons if s.studied)

    @property
    def percent(self) -> int:
        return int(self.studied * 100 / self.total) if self.total else 0

    @property
    def minutes(self) -> int:
        return sum(s.lesson.estimated_minutes for s in self.lessons)

    @property
    def next_lesson(self) -> LessonPage | None:
        """Where to continue: the lesson opened last and not yet studied, else the first
        lesson not studied."""
        open_ones = [s for s in self.lessons if s.opened and not s.studied]
        if open_ones:
            return max(open_ones, key=lambda s: s.progress.last_opened_at).lesson
        for state in self.lessons:
            if not state.studied:
                return state.lesson
        return None

    @property
    def started(self) -> bool:
        return any(s.opened for s in self.lessons)


@dataclass
class CourseOverview:
    required: list[CourseCard]
    optional: list[CourseCard]


def _lessons_by_course(courses: list[CoursePage]) -> dict[str, list[LessonPage]]:
    if not courses:
        return {}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path: dict[str, list[LessonPage]] = {c.path: [] for c in courses}
    for lesson in LessonPage.objects.live().filter(condition).order_by("path"):
        by_path.setdefault(lesson.path[: -Page.steplen], []).append(lesson)
    return by_path


def course_cards(*, user, year: int, courses: list[CoursePage]) -> list[CourseCard]:
    """Cards for the given courses with this user's progress (five queries in all)."""
    lessons_by_path = _lessons_by_course(courses)
    lesson_ids = [lesson.pk for lessons in lessons_by_path.values() for lesson in lessons]
    progress = {
        p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
    }
    completions = {
        c.course_id: c
        for c in CourseCompletion.objects.filter(user=user, course_id__in=[c.pk for c in courses])
    }
    department_ids = department_with_ancestors_ids(getattr(user, "department_id", None))
    rank = getattr(user, "rank", "")
    cards = []
    for course in courses:
        lessons = lessons_by_path.get(course.path, [])
        required = any(
            r.applies_to(year=year, department_ids=department_ids, rank=rank)
            for r in course.requirements.all()
        )
        cards.append(
            CourseCard(
                course=course,
                lessons=[LessonState(lesson, progress.get(lesson.pk)) for lesson in lessons],
                required=required,
                completion=completions.get(course.pk),
                credit_hours=course_credit_hours(course, lessons),
            )
        )
    return cards


def course_overview_for_user(*, user, year: int, index=None) -> CourseOverview:
    courses = CoursePage.objects.live().prefetch_related("requirements")
    if index is not None:
        courses = courses.descendant_of(index)
    cards = course_cards(user=user, year=year, courses=list(courses.order_by("path")))
    return CourseOverview(
        required=[c for c in cards if c.required], optional=[c for c in cards if not c.required]
    )


def required_courses_for_user(*, user, year: int) -> list[CourseCard]:
    return course_overview_for_user(user=user, year=year).required


def course_detail_for_user(*, user, course: CoursePage, year: int | None = None) -> CourseCard:
    from django.utils import timezone

    year = year or timezone.localdate().year
    card = course_cards(user=user, year=year, courses=[course])[0]
    card.extra_requirements = course_extra_requirements(course=course, user=user)
    return card


@dataclass
class LessonDetail:
    lesson: LessonPage
    course: CoursePage | None
    progress: LessonProgress | None
    minimum: timedelta
    siblings: list[LessonPage]

    @property
    def studied(self) -> bool:
        return bool(self.progress and self.progress.studied_at)

    def ready_at(self) -> datetime | None:
        return self.progress.opened_at + self.minimum if self.progress else None

    @property
    def position(self) -> int:
        ids = [s.pk for s in self.siblings]
        return ids.index(self.lesson.pk) + 1 if self.lesson.pk in ids else 0

    @property
    def previous(self):
        p = self.position
        return self.siblings[p - 2] if p > 1 else None

    @property
    def next(self):
        p = self.position
        return self.siblings[p] if 0 < p < len(self.siblings) else None


def lesson_detail_for_user(*, user, lesson: LessonPage) -> LessonDetail:
    course = CoursePage.objects.filter(
        path=lesson.path[: -Page.steplen], depth=lesson.depth - 1
    ).first()
    siblings = (
        list(
            LessonPage.objects.live()
            .filter(path__startswith=course.path, depth=lesson.depth)
            .order_by("path")
        )
        if course
        else []
    )
    progress = (
        LessonProgress.objects.filter(user=user, lesson=lesson).first()
        if user.is_authenticated
        else None
    )
    return LessonDetail(
        lesson=lesson,
        course=course,
        progress=progress,
        minimum=minimum_study_time(lesson.estimated_minutes),
        siblings=siblings,
    )
