from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from accounts.models import Rank

from .blocks import LessonStreamBlock
from .panels import BrokenCitationsPanel


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force (现行有效)")
    AMENDED = "amended", _("Amended (已修订)")
    REPEALED = "repealed", _("Repealed (已废止)")


class Regulation(models.Model):
    """A law or regulation, studied article by article (e.g. 《信访工作条例》)."""

    delete_refused_advice = _(
        "Set its status to repealed instead, or take its articles out of the study sessions’ agendas first."
    )

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    issuing_bodies = models.CharField(_("issuing bodies"), max_length=255, blank=True)
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("regulation", "status"),
        max_length=20,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    preamble = models.TextField(_("preamble"), blank=True)
    header = models.TextField(
        _("header lines"), blank=True, help_text=_("Dated lines from the top of the text.")
    )
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["title"]

    def __str__(self):
        return f"《{self.title}》"

    def get_absolute_url(self):
        return reverse("courses:regulation_detail", kwargs={"slug": self.slug})


class Division(models.Model):
    """A part (编), chapter (章) or section (节) of a regulation, in reading order."""

    class Level(models.TextChoices):
        PART = "part", _("Part (编)")
        CHAPTER = "chapter", _("Chapter (章)")
        SECTION = "section", _("Section (节)")

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("regulation")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    number = models.PositiveIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["regulation", "position"]

    def __str__(self):
        return self.heading


class Article(models.Model):
    """An article (条) of a regulation. Its Arabic ``number`` is its stable address.

    ``items`` keeps the numbered items (项, （一）…) in order; ``text`` is the article's
    opening text without them. Re-importing a regulation updates articles in place.
    """

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="articles", verbose_name=_("regulation")
    )
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("chapter or section"),
    )
    number = models.PositiveIntegerField(_("article number"))
    text = models.TextField(pgettext_lazy("article", "text"))
    items = models.JSONField(_("items"), default=list, blank=True)
    paragraphs = models.JSONField(
        _("paragraphs"),
        default=list,
        blank=True,
        help_text=_("Paragraphs and items in reading order, for display."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_current = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("False when the latest import no longer contains this article."),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["regulation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="article_unique_number"),
        ]

    def __str__(self):
        return f"{self.regulation}第{self.number}条"

    def get_absolute_url(self):
        return reverse(
            "courses:article_detail",
            kwargs={"slug": self.regulation.slug, "number": self.number},
        )

    @property
    def label(self) -> str:
        """``第三十四条``, as the article is written in the text."""
        from .parsing import int_to_chinese

        return f"第{int_to_chinese(self.number)}条"

    @property
    def reading_paragraphs(self) -> list[dict]:
        """Paragraphs and items in order; articles imported before ``paragraphs`` existed
        fall back to text then items."""
        if self.paragraphs:
            return self.paragraphs
        return [{"kind": "text", "text": t} for t in self.text.split("\n") if t] + [
            {"kind": "item", "text": t} for t in self.items
        ]


# Courses and lessons -------------------------------------------------------------------


class CourseIndexPage(Page):
    """The list of courses (课程). Officials see what is required of them and their progress."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_overview_for_user

        context = super().get_context(request, *args, **kwargs)
        year = timezone.localdate().year
        overview = course_overview_for_user(user=request.user, year=year, index=self)
        context.update(year=year, required=overview.required, optional=overview.optional)
        return context


class CourseRequirement(Orderable):
    """A rule saying who must take a course in a given year: a department (with the sections
    below it) and/or a rank. An empty department or rank means everyone."""

    course = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="requirements"
    )
    year = models.PositiveIntegerField(_("year"))
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for every department. Sections below it are included."),
    )
    rank = models.CharField(
        _("rank"),
        max_length=20,
        choices=Rank.choices,
        blank=True,
        help_text=_("Leave empty for every rank."),
    )

    panels = [FieldPanel("year"), FieldPanel("department"), FieldPanel("rank")]

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("required for")

    def __str__(self):
        who = self.department.name if self.department_id else _("all departments")
        return f"{self.year} · {who}" + (f" · {self.get_rank_display()}" if self.rank else "")

    def applies_to(self, *, year: int, department_ids: set[int], rank: str) -> bool:
        return (
            self.year == year
            and (self.department_id is None or self.department_id in department_ids)
            and (not self.rank or self.rank == rank)
        )


class CoursePage(Page):
    """A course (课程) of lessons, possibly with a quiz, that earns credit hours (学时)."""

    delete_refused_advice = _("Unpublish the course instead: the lessons study sessions used stay.")

    summary = models.TextField(_("summary"), blank=True)
    objectives = RichTextField(
        _("learning objectives"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit_hours = models.DecimalField(
        _("credit hours (学时)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to follow the credit-hour rules from the lessons' study time; "
            "fill in to override them for this course."
        ),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        FieldPanel("cover"),
        MultiFieldPanel(
            [FieldPanel("credit_hours"), FieldPanel("due_date")], heading=_("Credit and dates")
        ),
        InlinePanel("requirements", heading=_("Required for"), label=_("requirement")),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    # Lessons, and (from the quizzes app) quizzes whose parent_page_types allow a course.
    page_description = _("A course of lessons that earns credit hours.")

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_detail_for_user

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = course_detail_for_user(user=request.user, course=self)
        return context


class LessonPage(Page):
    """A lesson (课) of a course: a StreamField body and an estimated study time."""

    delete_refused_advice = _(
        "Unpublish the lesson instead, or take it out of the study sessions’ agendas first."
    )

    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated study time (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        BrokenCitationsPanel(),
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            from .services import lesson_citations_index

            lesson_citations_index(lesson=self)
        return result

    def serve(self, request, *args, **kwargs):
        from .views import lesson_serve

        return lesson_serve(self, request, super().serve, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import cited_articles_for_body, lesson_detail_for_user

        context = super().get_context(request, *args, **kwargs)
        context["cited_articles"] = cited_articles_for_body(self.body)
        context["detail"] = lesson_detail_for_user(user=request.user, lesson=self)
        return context


class LessonProgress(models.Model):
    """When an official opened a lesson and when they confirmed studying it.

    ``opened_at`` is recorded by the server on the first visit and never moved, so the
    minimum study time cannot be skipped by reloading or by the browser's clock.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    opened_at = models.DateTimeField(_("opened at"))
    last_opened_at = models.DateTimeField(_("last opened at"))
    studied_at = models.DateTimeField(_("studied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lessonprogress_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson_id}"


class CourseCompletion(models.Model):
    """An official completed a course: every lesson studied and every requirement met."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed at"))
    credit_hours = models.DecimalField(_("credit hours"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="coursecompletion_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.course_id}"


class ArticleCitation(models.Model):
    """Which lesson cites which article, kept in step with the lesson's saved content.

    Keyed by regulation and article number, not by article row, so a citation of an article
    that a re-import removed is still listed (and reported as broken).
    """

    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="citations")
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="citations")
    article_number = models.PositiveIntegerField(_("article number"))

    class Meta:
        verbose_name = _("article citation")
        verbose_name_plural = _("article citations")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "regulation", "article_number"], name="citation_unique"
            ),
        ]
        indexes = [models.Index(fields=["regulation", "article_number"])]

    def __str__(self):
        return f"{self.lesson_id} → {self.regulation_id}:{self.article_number}"
