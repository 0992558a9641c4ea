"""Group study sessions (集体学习): what was studied, who was invited and came, what was said.

A session is planned (type, time, place, topic, organiser, 领学人, modules, discussion
questions, invitations), held (attendance by QR or by the organiser, minutes) and confirmed;
confirming credits every present or late attendee in the ledger (see ``services``).
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.credit import credit_hours_for_minutes


class SessionType(models.TextChoices):
    CENTRE_GROUP = "centre_group", _("Theory study of the central group (理论学习中心组学习)")
    PRE_MEETING = "pre_meeting", _("Law study before a party-group meeting (党组会会前学法)")
    LECTURE = "lecture", _("Special lecture (专题讲座)")
    FORUM = "forum", _("Petition work forum (信访业务大讲堂)")
    DISCUSSION = "discussion", _("Group discussion (集体研讨)")
    OTHER = "other", _("Other")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


class StudySession(models.Model):
    """One group study session (集体学习), from planning to its confirmed record."""

    session_type = models.CharField(
        pgettext_lazy("session", "type"),
        max_length=20,
        choices=SessionType.choices,
        default=SessionType.CENTRE_GROUP,
    )
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=120)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("organising department"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
        help_text=_("The session is listed under this department in reports."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_study_sessions",
        help_text=_("Runs the session: takes attendance, keeps the minutes, presents."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead (领学人)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_study_sessions",
    )
    lead_name = models.CharField(
        _("lead, if not a user"),
        max_length=100,
        blank=True,
        help_text=_("For an invited speaker without an account, e.g. a judge giving a lecture."),
    )
    summary = models.TextField(_("purpose and arrangements"), blank=True)
    invited_departments = models.ManyToManyField(
        "accounts.Department",
        verbose_name=_("invited departments"),
        blank=True,
        related_name="+",
        help_text=_("Everyone in these departments and the sections below them is invited."),
    )
    invited_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited people"),
        blank=True,
        related_name="+",
    )
    walk_ins_allowed = models.BooleanField(
        _("walk-ins may sign in"),
        default=False,
        help_text=_(
            "People who were not invited may sign in by QR code and are recorded as walk-ins."
        ),
    )
    planned_minutes = models.PositiveIntegerField(
        _("planned duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty to use the time between start and end."),
    )
    credit_hours_override = models.DecimalField(
        _("credit hours (学时)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty to follow the credit-hour rules from the planned duration."),
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    status = models.CharField(
        pgettext_lazy("session", "status"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.PLANNED,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sign_in_secret = models.CharField(max_length=64, default=_new_secret, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("group study session")
        verbose_name_plural = _("group study sessions")
        ordering = ["-date", "-starts_at", "-pk"]
        permissions = [("confirm_studysession", _("Can confirm a study session and credit it"))]
        indexes = [models.Index(fields=["department", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return reverse("study_sessions:detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})

    @property
    def ledger_source(self) -> str:
        """The ledger's source key for attending this session."""
        return f"study_sessions.session:{self.pk}"

    @property
    def minutes(self) -> int:
        """Planned duration: the override, else the time between start and end."""
        if self.planned_minutes:
            return self.planned_minutes
        start = datetime.datetime.combine(self.date, self.starts_at)
        end = datetime.datetime.combine(self.date, self.ends_at)
        return max(0, int((end - start).total_seconds() // 60))

    @property
    def credit_hours(self) -> Decimal:
        if self.credit_hours_override is not None:
            return self.credit_hours_override
        return credit_hours_for_minutes(self.minutes)

    @property
    def start_datetime(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    @property
    def end_datetime(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.ends_at))

    @property
    def is_confirmed(self) -> bool:
        return self.status == SessionStatus.CONFIRMED

    @property
    def lead_display(self) -> str:
        if self.lead_id:
            return self.lead.display_name
        return self.lead_name


class ModuleKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    CASE = "case", _("Case")
    CHAPTER = "chapter", _("Regulation chapter")
    ARTICLE = "article", _("Regulation article")


class SessionModule(models.Model):
    """One thing studied in a session, in order: a lesson, a case, a chapter or an article."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ModuleKind.choices)
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "case_library.CasePage",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "courses.Division",
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        # A chapter is kept in place by a re-import; one the new text drops leaves the
        # module without its target (shown by its kind) rather than blocking the import.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    article = models.ForeignKey(
        "courses.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("E.g. who reads it (领读).")
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return self.title

    FIELD_FOR_KIND = {
        ModuleKind.LESSON: "lesson",
        ModuleKind.CASE: "case",
        ModuleKind.CHAPTER: "division",
        ModuleKind.ARTICLE: "article",
    }

    def clean(self):
        wanted = self.FIELD_FOR_KIND.get(self.kind)
        if wanted and getattr(self, f"{wanted}_id") is None:
            raise ValidationError({wanted: _("Choose what this module studies.")})
        for name in self.FIELD_FOR_KIND.values():
            if name != wanted:
                setattr(self, name, None)

    @property
    def target(self):
        name = self.FIELD_FOR_KIND.get(self.kind)
        return getattr(self, name) if name else None

    @property
    def title(self) -> str:
        target = self.target
        if target is None:
            return str(self.get_kind_display())
        if self.kind == ModuleKind.CHAPTER:
            return f"{target.regulation}{target.heading}"
        if self.kind == ModuleKind.ARTICLE:
            return f"{target.regulation}{target.label}"
        return target.title


class DiscussionQuestion(models.Model):
    """A question put to the group (研讨题), one slide each when presenting."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(pgettext_lazy("discussion", "question"))
    hint = models.TextField(
        _("note for the lead"), blank=True, help_text=_("Shown only in the presenter view.")
    )

    class Meta:
        verbose_name = _("discussion question")
        verbose_name_plural = _("discussion questions")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return self.text[:60]


class AttendanceStatus(models.TextChoices):
    UNMARKED = "unmarked", _("Not yet marked")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused (请假)")
    ABSENT = "absent", _("Absent")


CREDITED_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR sign-in")
    ORGANISER = "organiser", _("Entered by the organiser")


class Attendance(models.Model):
    """One person's attendance at one session: an invitee, or a walk-in the organiser added."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="study_session_attendances",
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.UNMARKED,
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    invited = models.BooleanField(_("invited"), default=True)
    method = models.CharField(
        _("recorded by"), max_length=10, choices=AttendanceMethod.choices, blank=True
    )
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_session")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_status_display()}"

    @property
    def walk_in(self) -> bool:
        return not self.invited

    @property
    def credited(self) -> bool:
        return self.status in CREDITED_STATUSES


class SpeechKind(models.TextChoices):
    LEAD = "lead", _("Leading study (领学)")
    SPEECH = "speech", _("Prepared speech (交流发言)")
    DISCUSSION = "discussion", _("Discussion point (研讨发言)")


class Speech(models.Model):
    """A speech or discussion point in the minutes (会议记录), by one person."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="speeches")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=12, choices=SpeechKind.choices, default=SpeechKind.DISCUSSION
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    speaker_name = models.CharField(_("speaker, if not a user"), max_length=100, blank=True)
    summary = models.TextField(_("what was said"))

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return f"{self.speaker_display}: {self.summary[:40]}"

    def clean(self):
        if not self.speaker_id and not self.speaker_name.strip():
            raise ValidationError({"speaker": _("Say who spoke.")})

    @property
    def speaker_display(self) -> str:
        return self.speaker.display_name if self.speaker_id else self.speaker_name


class FollowUpAction(models.Model):
    """Something the session decided to do (会后落实), with an owner and a due date."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="follow_ups")
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("follow-up", "owner"),
        on_delete=models.PROTECT,
        related_name="study_session_follow_ups",
    )
    due_on = models.DateField(_("due on"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["session", "position", "pk"]

    def __str__(self):
        return self.description[:60]
