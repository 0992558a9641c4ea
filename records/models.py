from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerIsAppendOnly(Exception):
    """Study records are never changed or removed: add a reversing record instead."""


class StudyRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly(_("Study records cannot be updated; add a correction instead."))

    def delete(self):
        raise LedgerIsAppendOnly(_("Study records cannot be deleted; add a correction instead."))

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerIsAppendOnly(_("Study records cannot be updated; add a correction instead."))

    def for_year(self, year: int):
        return self.filter(occurred_at__year=year)

    def credited(self):
        """Records that count: not corrections, and not reversed by one."""
        return self.exclude(kind=StudyRecordKind.CORRECTION).filter(reversed_by__isnull=True)

    def credited_in_bulk(self):
        """``credited()`` for queries over thousands of officials: the reversed records are left
        out by one list of the reversed ids (``NOT IN``, which PostgreSQL hashes once and SQLite
        keeps as one temporary index) instead of an outer join to the corrections, which made
        PostgreSQL sort every matching record to merge the two (docs/performance.md)."""
        reversed_ids = self.model.objects.filter(reverses__isnull=False).values("reverses_id")
        return self.exclude(kind=StudyRecordKind.CORRECTION).exclude(pk__in=reversed_ids)


class StudyRecordKind(models.TextChoices):
    LESSON_STUDIED = "lesson", _("Lesson studied")
    COURSE_COMPLETED = "course", _("Course completed")
    QUIZ_ATTEMPT = "quiz", _("Quiz or exam attempt")
    CASE_REVIEWED = "case", _("Case reviewed")
    GROUP_SESSION = "session", _("Group study session attended")
    OFFLINE_TRAINING = "offline", _("Offline training")
    CORRECTION = "correction", _("Correction")


class StudyRecord(models.Model):
    """One line of an official's study ledger (学习档案). Append-only.

    ``source`` names what the record is for, e.g. ``courses.lesson:12`` or
    ``quizzes.quiz:345`` (every source: ``kit.contracts.LEDGER_SOURCES``); together with the user and kind it makes writes idempotent.
    ``revision`` lets the same source be credited again after a correction reversed it.
    A correction is a new record with negative hours that points at the one it reverses.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="study_records",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StudyRecordKind.choices)
    source = models.CharField(_("source"), max_length=120)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    title = models.CharField(_("title"), max_length=255)
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.TextField(_("reason"), blank=True)
    event = models.CharField(
        _("event"),
        max_length=120,
        blank=True,
        help_text=_(
            "What happened to earn this credit (e.g. the attempts behind a quiz grade). After a "
            "correction, the same source is credited again only for a new event or by a trainer."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = StudyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("study record")
        verbose_name_plural = _("study records")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "source", "revision"], name="studyrecord_idempotent"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "occurred_at"]),
            # One kind of an official's year (exams, sessions, quizzes): the reports' lookups
            # seek these rows instead of walking the officials' whole year by date.
            models.Index(fields=["user", "kind", "occurred_at"], name="studyrecord_user_kind_at"),
            # One kind of the whole office's year (which sessions and trainings were held): the
            # reports over thousands of officials read it as one range, not per official, and
            # find the official and the source in the index itself (no row is read).
            models.Index(
                fields=["kind", "occurred_at", "user", "source"], name="studyrecord_kind_at"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly(_("Study records cannot be changed; add a correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(_("Study records cannot be deleted; add a correction instead."))

    @property
    def is_correction(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_reversed(self) -> bool:
        """A correction cancelled this record (select_related("reversed_by") saves a query)."""
        try:
            self.reversed_by  # noqa: B018 — the reverse one-to-one raises when absent
        except StudyRecord.DoesNotExist:
            return False
        return True


MONTHS = range(1, 13)


class StudyYearTotal(models.Model):
    """年度学时汇总 — one official's live records of one kind in one year: how many, their credit
    hours, and the hours of each month (``m1`` … ``m12``), in the site's time zone.

    The year's figures without reading the year's records: the ledger's write path
    (``records.services``) adds every new record here, in its month, and takes a reversed record
    out of the month it was dated in, in the same transaction as the ledger row, by relative
    updates (``F()``), so concurrent writes add up. Corrections carry no figure. Derived data:
    ``manage.py rebuild_study_totals`` recomputes it from the ledger.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="study_year_totals",
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=StudyRecordKind.choices)
    records = models.IntegerField(_("live records"), default=0)
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    m1 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m2 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m3 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m4 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m5 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m6 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m7 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m8 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m9 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m10 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m11 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    m12 = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = _("study year total")
        verbose_name_plural = _("study year totals")
        constraints = [
            models.UniqueConstraint(fields=["user", "year", "kind"], name="studyyeartotal_one"),
        ]
        indexes = [models.Index(fields=["year", "user"])]

    def __str__(self):
        return f"{self.user_id} · {self.year} · {self.kind}"

    def month_hours(self) -> list[Decimal]:
        return [getattr(self, f"m{month}") for month in MONTHS]


class ReadingVisit(models.Model):
    """When an official first (and last) opened a credited page, stamped by the server.

    The time gate of ``records.reading`` counts from ``opened_at``, which never moves, so
    the minimum study time cannot be skipped by reloading or by the browser's clock.
    ``source`` is the page's ledger source key (``case_library.case:<id>``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_visits"
    )
    source = models.CharField(_("source"), max_length=120)
    opened_at = models.DateTimeField(_("opened at"))
    last_opened_at = models.DateTimeField(_("last opened at"))

    class Meta:
        verbose_name = _("reading visit")
        verbose_name_plural = _("reading visits")
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="readingvisit_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.source}"


class ClosedStudyYear(models.Model):
    """年度归档 — a closed study year: no ledger record dated in it may be added or reversed
    until an administrator reopens it (``StudyYearEvent`` keeps who did what and why)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("closed study year")
        verbose_name_plural = _("closed study years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class StudyYearEvent(models.Model):
    """One closing or reopening of a study year, with who and why (never changed)."""

    class Action(models.TextChoices):
        CLOSE = "close", _("year closed")
        REOPEN = "reopen", _("year reopened")

    year = models.PositiveIntegerField(_("year"))
    action = models.CharField(_("closing or reopening"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("done at"))

    class Meta:
        verbose_name = _("study year event")
        verbose_name_plural = _("study year events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.year} · {self.get_action_display()}"
