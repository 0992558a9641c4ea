"""What the site search finds in this app: regulations, their current articles, live courses
and lessons (registered through ``xuefa_search_providers`` in wagtail_hooks)."""

from django.db.models import Count
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kit.search import SearchEntry, SearchProvider, page_is_public

from .models import Article, ArticleCitation, CoursePage, LessonPage, Regulation
from .parsing import int_to_chinese
from .selectors import citations_in_body


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


# Regulations and articles -----------------------------------------------------------------


def _regulation_entry(regulation: Regulation) -> SearchEntry:
    return SearchEntry(
        key=f"courses.regulation:{regulation.pk}",
        kind="regulation",
        title=str(regulation),
        body=" ".join(
            part
            for part in (regulation.document_number, regulation.issuing_bodies, regulation.preamble)
            if part
        ),
        url=regulation.get_absolute_url(),
        context=regulation.issuing_bodies,
    )


def _prominence() -> dict[int, int]:
    """Lesson citations per regulation: breaks ties between equal hits (第三十四条 of four
    regulations) in favour of the regulation the courses teach most."""
    return dict(
        ArticleCitation.objects.values("regulation_id")
        .annotate(n=Count("id"))
        .values_list("regulation_id", "n")
    )


def _article_entry(article: Article, prominence: dict[int, int]) -> SearchEntry:
    regulation = article.regulation
    chapter = article.division.heading if article.division_id else ""
    text = "\n".join(p["text"] for p in article.reading_paragraphs)
    return SearchEntry(
        key=f"courses.article:{article.pk}",
        kind="article",
        title=f"{regulation}{article.label}",
        body=text,
        url=article.get_absolute_url(),
        context=" · ".join(part for part in (str(regulation), chapter) if part),
        # 第34条 and 34条 are found through the number token; the short title (信访条例) too.
        keywords=f"第{article.number}条 {regulation.title.removesuffix('条例')}",
        prominence=prominence.get(regulation.pk, 0),
    )


def regulation_entries():
    for regulation in Regulation.objects.all():
        yield _regulation_entry(regulation)


def article_entries(regulation_id=None):
    articles = Article.objects.filter(is_current=True).select_related("regulation", "division")
    if regulation_id is not None:
        articles = articles.filter(regulation_id=regulation_id)
    prominence = _prominence()
    for article in articles.order_by("regulation_id", "number"):
        yield _article_entry(article, prominence)


def regulation_refresh(instance, deleted):
    keys = [f"courses.regulation:{instance.pk}"]
    if deleted or not Regulation.objects.filter(pk=instance.pk).exists():
        return keys, []
    return keys, [_regulation_entry(Regulation.objects.get(pk=instance.pk))]


def article_refresh(instance, deleted):
    if isinstance(instance, Regulation):
        # A re-import or an edited title: every article of the regulation, current or not.
        keys = [
            f"courses.article:{pk}"
            for pk in Article.objects.filter(regulation_id=instance.pk).values_list("pk", flat=True)
        ]
        if deleted:
            return keys, []
        return keys, list(article_entries(regulation_id=instance.pk))
    keys = [f"courses.article:{instance.pk}"]
    article = (
        Article.objects.filter(pk=instance.pk, is_current=True)
        .select_related("regulation", "division")
        .first()
    )
    if deleted or article is None:
        return keys, []
    return keys, [_article_entry(article, _prominence())]


# Courses and lessons ----------------------------------------------------------------------


def _citation_labels(body) -> list[str]:
    pairs = citations_in_body(body)
    titles = dict(
        Regulation.objects.filter(pk__in={r for r, _n in pairs}).values_list("pk", "title")
    )
    return [f"《{titles[r]}》第{int_to_chinese(n)}条" for r, n in pairs if r in titles]


def _course_entry(course: CoursePage) -> SearchEntry:
    return SearchEntry(
        key=f"courses.course:{course.pk}",
        kind="course",
        title=course.title,
        body=" ".join(p for p in (course.summary, _plain(course.objectives), course.audience) if p),
        url=course.get_url(),
        page_id=course.pk,
    )


def _lesson_entry(lesson: LessonPage, course_title: str) -> SearchEntry:
    content = [lesson.summary, *lesson.body.stream_block.get_searchable_content(lesson.body)]
    content += _citation_labels(lesson.body)
    return SearchEntry(
        key=f"courses.lesson:{lesson.pk}",
        kind="lesson",
        title=lesson.title,
        body="\n".join(_plain(c) for c in content if c and str(c).strip()),
        url=lesson.get_url(),
        context=Truncator(course_title).chars(80),
        page_id=lesson.pk,
    )


def _parent_title(page) -> str:
    parent = page.get_parent()
    return parent.title if parent else ""


def course_entries():
    for course in CoursePage.objects.live().public().specific():
        yield _course_entry(course)


def lesson_entries():
    courses = dict(CoursePage.objects.values_list("path", "title"))
    for lesson in LessonPage.objects.live().public().specific():
        yield _lesson_entry(lesson, courses.get(lesson.path[: -LessonPage.steplen], ""))


def _page_refresh(model, make):
    def refresh(instance, deleted):
        keys = [f"courses.{model._meta.model_name.removesuffix('page')}:{instance.pk}"]
        page = None if deleted else model.objects.filter(pk=instance.pk).first()
        if page is None or not page_is_public(page):
            return keys, []
        return keys, [make(page)]

    return refresh


def search_providers() -> list[SearchProvider]:
    return [
        SearchProvider(
            kind="article",
            label=_("Regulation articles"),
            order=10,
            entries=article_entries,
            refresh=article_refresh,
            watches=("courses.Article", "courses.Regulation"),
        ),
        SearchProvider(
            kind="regulation",
            label=_("Regulations"),
            order=11,
            entries=regulation_entries,
            refresh=regulation_refresh,
            watches=("courses.Regulation",),
        ),
        SearchProvider(
            kind="lesson",
            label=_("Lessons"),
            order=20,
            entries=lesson_entries,
            refresh=_page_refresh(
                LessonPage, lambda page: _lesson_entry(page, _parent_title(page))
            ),
            watches=("courses.LessonPage",),
        ),
        SearchProvider(
            kind="course",
            label=_("Courses"),
            order=21,
            entries=course_entries,
            refresh=_page_refresh(CoursePage, _course_entry),
            watches=("courses.CoursePage",),
        ),
    ]
