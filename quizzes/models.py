"""Question banks, quizzes and exams (练习、测验、考试), attempts and answers.

Scoring, drawing papers and ledger writes live in ``services.py``; this module holds the
fields, the page-tree rules and the admin panels.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.coreutils import resolve_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from accounts.models import Rank

from .keys import KeyError_, key_parse

OPTION_LETTERS = "ABCDEFGH"


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice (单选)")
    MULTIPLE = "multiple", _("Multiple choice (多选)")
    TRUE_FALSE = "true_false", _("True or false (判断)")
    FILL = "fill", _("Fill in the blank (填空)")
    ESSAY = "essay", _("Short answer (简答)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy (易)")
    MEDIUM = 2, _("Medium (中)")
    HARD = 3, _("Hard (难)")


class Visibility(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", pgettext_lazy("review", "Never")


class SharedWithExams(models.TextChoices):
    """What a practice does with questions an exam ahead of the official also holds."""

    WITHHOLD = "withhold", _("Keep them; their answers stay hidden until the exam is over")
    LEAVE_OUT = "leave_out", _("Leave them out of this practice while the exam is ahead")


class QuizMode(models.TextChoices):
    PRACTICE = "practice", _("Practice (练习)")
    QUIZ = "quiz", _("Quiz (测验)")
    EXAM = "exam", _("Exam (考试)")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class QuestionBank(models.Model):
    """题库 — a named collection of questions, e.g. 《信访工作条例》题库."""

    delete_refused_advice = _("Move its questions to another bank first, or keep the bank.")

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    exam_only = models.BooleanField(
        _("exam only"),
        default=False,
        help_text=_("Keep every question of this bank out of practice quizzes."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(models.Model):
    """One question. ``answer`` holds the key in the same text form as the Excel column 答案:

    single ``B``; multiple ``ACD``; true/false ``对`` or ``错``; fill in the blank: blanks
    separated by ``；``, accepted alternatives by ``|`` (``60|六十；30``); essay: the
    reference answer a trainer marks against.
    """

    delete_refused_advice = _(
        "Untick “active” instead: the question leaves future papers and the answers already given stay."
    )

    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="questions", verbose_name=_("bank")
    )
    question_type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    stem = RichTextField(_("stem"), features=["bold", "italic", "ol", "ul", "link"])
    stem_text = models.TextField(_("stem as plain text"), blank=True, editable=False)
    option_a = models.CharField(_("option A"), max_length=500, blank=True)
    option_b = models.CharField(_("option B"), max_length=500, blank=True)
    option_c = models.CharField(_("option C"), max_length=500, blank=True)
    option_d = models.CharField(_("option D"), max_length=500, blank=True)
    option_e = models.CharField(_("option E"), max_length=500, blank=True)
    option_f = models.CharField(_("option F"), max_length=500, blank=True)
    option_g = models.CharField(_("option G"), max_length=500, blank=True)
    option_h = models.CharField(_("option H"), max_length=500, blank=True)
    answer = models.TextField(
        _("answer (key)"),
        help_text=_(
            "Single: B. Multiple: ACD. True/false: 对 or 错. Fill in the blank: blanks "
            "separated by ；, alternatives by | (60|六十；30). Essay: the reference answer."
        ),
    )
    explanation = models.TextField(_("explanation (解析)"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = TaggableManager(blank=True, verbose_name=_("tags"))
    articles = models.ManyToManyField(
        "courses.Article",
        blank=True,
        related_name="questions",
        verbose_name=_("cited articles (法条依据)"),
    )
    basis = models.CharField(
        _("legal basis as written"),
        max_length=255,
        blank=True,
        help_text=_(
            "The 法条依据 text, e.g. 信访工作条例第34条; linked articles are resolved from it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    exam_only = models.BooleanField(
        _("exam only"),
        default=False,
        help_text=_("Keep this question out of practice quizzes (its bank may also say so)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("bank"),
        FieldRowPanel([FieldPanel("question_type"), FieldPanel("difficulty")]),
        FieldPanel("stem"),
        MultiFieldPanel(
            [FieldPanel(f"option_{c}") for c in OPTION_LETTERS.lower()],
            heading=_("Options"),
        ),
        FieldPanel("answer"),
        FieldPanel("explanation"),
        FieldPanel("category"),
        FieldPanel("tags"),
        FieldPanel("basis"),
        FieldPanel("articles", widget=forms.SelectMultiple),
        FieldPanel("is_active"),
        FieldPanel("exam_only"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "pk"]
        indexes = [models.Index(fields=["bank", "question_type", "category", "difficulty"])]

    def __str__(self):
        text = self.stem_text or self.stem
        return text[:60]

    def save(self, *args, **kwargs):
        from django.utils.html import strip_tags

        self.stem_text = " ".join(strip_tags(self.stem).split())
        super().save(*args, **kwargs)

    @property
    def options(self) -> list[tuple[str, str]]:
        """Non-empty options as (letter, text), in their stored order."""
        return [
            (letter, getattr(self, f"option_{letter.lower()}"))
            for letter in OPTION_LETTERS
            if getattr(self, f"option_{letter.lower()}")
        ]

    def key(self):
        """The parsed key (see ``keys.key_parse``)."""
        return key_parse(self.question_type, self.answer, [c for c, _t in self.options])

    def clean(self):
        super().clean()
        try:
            self.key()
        except KeyError_ as exc:
            raise ValidationError({"answer": str(exc)}) from exc


class CoursePageChooserPanel(PageChooserPanel):
    """A page chooser limited to course pages once the courses app defines them."""

    def get_form_options(self):
        self.page_type = (
            "courses.CoursePage" if "coursepage" in apps.all_models.get("courses", {}) else None
        )
        return super().get_form_options()


class QuizPageForm(WagtailAdminPageForm):
    audience_ranks = forms.MultipleChoiceField(
        label=_("audience ranks"),
        choices=Rank.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every rank."),
    )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        pass_mark, excellent = cleaned.get("pass_mark"), cleaned.get("excellent_mark")
        if pass_mark is not None and excellent is not None and excellent < pass_mark:
            self.add_error("excellent_mark", _("The excellent mark cannot be below the pass mark."))
        order = [Visibility.IMMEDIATELY, Visibility.AFTER_CLOSE, Visibility.NEVER]
        answers, explanations = (
            cleaned.get("answer_visibility"),
            cleaned.get("explanation_visibility"),
        )
        if (
            answers in order
            and explanations in order
            and order.index(explanations) < order.index(answers)
        ):
            # An explanation states the answer: it cannot come out before the key does.
            self.add_error(
                "explanation_visibility",
                _(
                    "Explanations give the answer away: show them no earlier than the correct answers."
                ),
            )
        if cleaned.get("instant_feedback") and cleaned.get("mode") != QuizMode.PRACTICE:
            self.add_error("instant_feedback", _("Instant feedback is for practice mode only."))
        return cleaned


class QuizIndexPage(Page):
    """练习与考试 — the section listing practice quizzes and exams."""

    intro = RichTextField(
        pgettext_lazy("quiz", "introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["quizzes.QuizPage"]
    max_count = 1

    class Meta:
        verbose_name = _("quiz index page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import quizzes_for_user

        context = super().get_context(request, *args, **kwargs)
        context["quiz_rows"] = quizzes_for_user(user=request.user, now=timezone.now())
        return context


class QuizPage(Page):
    """A practice quiz, quiz or exam. Place it under the quiz index, a course or the home page.

    Draft is Wagtail's own unpublished state: a draft quiz cannot be taken.
    """

    delete_refused_advice = _(
        "Unpublish the quiz instead: its attempts and results stay in the study record."
    )

    intro = RichTextField(
        pgettext_lazy("quiz", "introduction"), blank=True, features=["bold", "italic", "ol", "ul"]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=QuizMode.choices, default="quiz")
    # Paper
    max_questions = models.PositiveIntegerField(
        _("maximum questions"),
        null=True,
        blank=True,
        help_text=_("Cap the paper at this many questions (after drawing). Empty: no cap."),
    )
    shuffle_questions = models.BooleanField(_("shuffle question order"), default=False)
    shuffle_options = models.BooleanField(_("shuffle option order"), default=False)
    questions_per_page = models.PositiveIntegerField(
        _("questions per page"),
        default=0,
        help_text=_("0 shows every question on one page; otherwise paged with free navigation."),
    )
    partial_credit = models.BooleanField(
        _("partial credit for multiple choice"),
        default=False,
        help_text=_(
            "Off: all or nothing. On: each correct choice earns its share, "
            "any wrong choice earns nothing."
        ),
    )
    # Rules
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    attempts_allowed = models.PositiveIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GradingMethod.choices, default="highest"
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    excellent_mark = models.DecimalField(
        _("excellent mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    credit_hours = models.DecimalField(
        _("credit hours for a pass"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Written to the study ledger when the grade passes."),
    )
    prerequisite_course = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("prerequisite course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The official must have completed this course first."),
    )
    prerequisite_hours = models.DecimalField(
        _("prerequisite credit hours this year"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    audience_departments = ParentalManyToManyField(
        "accounts.Department", blank=True, verbose_name=_("audience departments")
    )
    audience_ranks = models.JSONField(_("audience ranks"), default=list, blank=True)
    result_visibility = models.CharField(
        _("show score"), max_length=12, choices=Visibility.choices, default="immediately"
    )
    answer_visibility = models.CharField(
        _("show correct answers"), max_length=12, choices=Visibility.choices, default="immediately"
    )
    explanation_visibility = models.CharField(
        _("show explanations"), max_length=12, choices=Visibility.choices, default="immediately"
    )
    instant_feedback = models.BooleanField(
        _("instant feedback after each answer"),
        default=False,
        help_text=_("Practice only: say right or wrong (with the explanation) as soon as saved."),
    )
    success_text = RichTextField(_("text on passing"), blank=True, features=["bold", "italic"])
    fail_text = RichTextField(_("text on failing"), blank=True, features=["bold", "italic"])
    count_tab_switches = models.BooleanField(
        _("count leaving the page (切屏)"),
        default=True,
        help_text=_("Counted on the attempt and shown to trainers; nothing happens automatically."),
    )
    shared_with_exams = models.CharField(
        _("questions an exam also holds"),
        max_length=12,
        choices=SharedWithExams.choices,
        default=SharedWithExams.WITHHOLD,
        help_text=_(
            "Practice only. A question that sits in an exam the official can still take never "
            "shows its answer, explanation or right/wrong mark anywhere."
        ),
    )

    base_form_class = QuizPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("mode"),
        InlinePanel("fixed_questions", heading=_("Fixed questions"), label=_("question")),
        InlinePanel("draw_rules", heading=_("Draw rules"), label=_("draw rule")),
        MultiFieldPanel(
            [
                FieldPanel("max_questions"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("questions_per_page"),
                FieldPanel("partial_credit"),
            ],
            heading=_("Paper"),
        ),
    ]
    rules_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("time_limit_minutes"),
                FieldPanel("attempts_allowed"),
                FieldPanel("grading_method"),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("excellent_mark")]),
                FieldPanel("credit_hours"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                CoursePageChooserPanel("prerequisite_course"),
                FieldPanel("prerequisite_hours"),
                FieldPanel("audience_departments", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience_ranks"),
            ],
            heading=_("Who may take it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("result_visibility"),
                FieldPanel("answer_visibility"),
                FieldPanel("explanation_visibility"),
                FieldPanel("instant_feedback"),
                FieldPanel("shared_with_exams"),
                FieldPanel("success_text"),
                FieldPanel("fail_text"),
                FieldPanel("count_tab_switches"),
            ],
            heading=_("Results and review"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(rules_panels, heading=_("Rules")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    parent_page_types = [
        "quizzes.QuizIndexPage",
        "home.HomePage",
        "courses.CoursePage",
    ]
    subpage_types: list = []

    class Meta:
        verbose_name = _("quiz or exam")
        verbose_name_plural = _("quizzes and exams")

    @classmethod
    def clean_parent_page_models(cls):
        # The course page types belong to the courses app and may not exist yet.
        if cls._clean_parent_page_models is None:
            found = []
            for name in cls.parent_page_types:
                try:
                    found.append(resolve_model_string(name, cls._meta.app_label))
                except LookupError:
                    continue
            cls._clean_parent_page_models = found
        return cls._clean_parent_page_models

    def is_for(self, user) -> bool:
        """Is ``user`` in the audience (rank, and department or a department above theirs)?"""
        from accounts.selectors import department_with_ancestors_ids

        if self.audience_ranks and user.rank not in self.audience_ranks:
            return False
        department_ids = [d.pk for d in self.audience_departments.all()]
        if department_ids:
            return bool(department_with_ancestors_ids(user.department_id) & set(department_ids))
        return True

    def is_open(self, now) -> bool:
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )

    def has_closed(self, now) -> bool:
        return self.closes_at is not None and now >= self.closes_at

    def visible(self, setting: str, now) -> bool:
        if setting == Visibility.IMMEDIATELY:
            return True
        if setting == Visibility.AFTER_CLOSE:
            return self.has_closed(now)
        return False

    def serve(self, request, *args, **kwargs):
        from .views import quiz_page_serve

        return quiz_page_serve(self, request)


class QuizQuestion(Orderable):
    """A question every paper of the quiz contains."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=Decimal("2"))

    panels = [FieldPanel("question"), FieldPanel("points")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")


class QuizDrawRule(Orderable):
    """Draw N questions of a type (and category, difficulty) from a bank for each paper.

    Rules with a rank apply to officials of that rank instead of the rules without one. What a
    rule matches and which rules apply are decided in ``quizzes.draw``.
    """

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draw_rules")
    bank = models.ForeignKey(
        QuestionBank, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank")
    )
    count = models.PositiveIntegerField(_("number of questions"), default=10)
    question_type = models.CharField(
        _("type"), max_length=20, choices=QuestionType.choices, blank=True
    )
    category = models.CharField(_("category"), max_length=100, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True
    )
    rank = models.CharField(_("only for rank"), max_length=20, choices=Rank.choices, blank=True)
    points = models.DecimalField(
        _("points each"), max_digits=5, decimal_places=2, default=Decimal("2")
    )

    panels = [
        FieldPanel("bank"),
        FieldRowPanel([FieldPanel("count"), FieldPanel("points")]),
        FieldRowPanel([FieldPanel("question_type"), FieldPanel("difficulty")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("rank")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("draw rule")


# After the deadline the page locks and sends what it still holds (answers given in the last
# seconds, a retry after a network hiccup); the server takes those for this long before the
# attempt is submitted without them. Nothing can be answered on the page in that time.
ANSWER_GRACE = timedelta(seconds=20)


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("attempt", "In progress")
    SUBMITTED = "submitted", _("Submitted, awaiting marking")
    FINAL = "final", _("Result final")


class Attempt(models.Model):
    """One sitting of a quiz. The paper is frozen at start (``AttemptQuestion`` rows)."""

    quiz = models.ForeignKey(
        QuizPage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("quiz"),
        help_text=_("Empty for practice from the wrong-answer book."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quiz_attempts",
        verbose_name=_("official"),
    )
    number = models.PositiveIntegerField(_("attempt number"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=AttemptStatus.choices, default="in_progress"
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.CharField(_("submitted by"), max_length=12, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=7, decimal_places=2, default=Decimal("0")
    )
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)
    rank = models.CharField(_("rank when started"), max_length=20, blank=True)
    tab_switches = models.PositiveIntegerField(_("times left the page (切屏)"), default=0)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="attempt_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        title = self.quiz.title if self.quiz_id else _("Wrong-answer practice")
        return f"{title} · {self.user} · #{self.number}"

    @property
    def is_open(self) -> bool:
        """Still in progress in the database (it may be past its deadline, see ``is_expired``)."""
        return self.status == AttemptStatus.IN_PROGRESS

    def is_expired(self, now) -> bool:
        """In progress, but its deadline has passed: the official can no longer answer (the
        page locks), though answers given before it may still be arriving (``is_overdue``)."""
        return self.is_open and self.deadline is not None and now >= self.deadline

    def is_overdue(self, now) -> bool:
        """Past the deadline and its ``ANSWER_GRACE``: due to be submitted with what was saved."""
        return self.is_open and self.deadline is not None and now >= self.deadline + ANSWER_GRACE

    def is_running(self, now) -> bool:
        """In progress and still before its deadline: the official can answer."""
        return self.is_open and not self.is_expired(now)

    @staticmethod
    def running_q(now) -> models.Q:
        """``is_running`` as a query condition."""
        return models.Q(status=AttemptStatus.IN_PROGRESS) & (
            models.Q(deadline__isnull=True) | models.Q(deadline__gt=now)
        )

    @staticmethod
    def overdue_q(now) -> models.Q:
        """``is_overdue`` as a query condition."""
        return models.Q(status=AttemptStatus.IN_PROGRESS, deadline__lte=now - ANSWER_GRACE)

    def is_excellent(self) -> bool:
        return bool(
            self.quiz_id and self.percent is not None and self.percent >= self.quiz.excellent_mark
        )


class AttemptQuestion(models.Model):
    """A question on a frozen paper, with its position, points and option display order."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="paper")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    points = models.DecimalField(max_digits=5, decimal_places=2)
    option_order = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="aq_unique_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="aq_unique_question"),
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.position}"


class Answer(models.Model):
    """What the official answered to one paper question, saved as they go."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    attempt_question = models.OneToOneField(
        AttemptQuestion, on_delete=models.CASCADE, related_name="answer"
    )
    response = models.JSONField(_("response"), null=True, blank=True)
    flagged = models.BooleanField(_("marked for review"), default=False)
    saved_at = models.DateTimeField(_("saved at"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("marking", "marked by"),
    )
    marked_at = models.DateTimeField(pgettext_lazy("marking", "marked at"), null=True, blank=True)
    comment = models.TextField(_("marker's comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.attempt_id} · {self.attempt_question_id}"
