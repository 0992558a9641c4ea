from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Rank
from accounts.roles import ROLES

DEFAULT_CREDIT_HOURS = Decimal("40")


class StudyTarget(models.Model):
    """学法要求 — what officials of a rank (or holding a role) must reach in a year.

    An empty rank or role means every rank or role. For one official the most specific target
    of the year applies (role and rank, then role, then rank, then the year's general one);
    with none set, the field defaults below apply (40 学时 and the required courses).
    """

    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    rank = models.CharField(
        _("rank"),
        max_length=20,
        choices=Rank.choices,
        blank=True,
        help_text=_("Leave empty for every rank."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(key, role.label) for key, role in ROLES.items()],
        blank=True,
        help_text=_("Leave empty for everyone; e.g. department leads may have a higher target."),
    )
    credit_hours = models.DecimalField(
        _("credit hours (学时)"),
        max_digits=6,
        decimal_places=2,
        default=DEFAULT_CREDIT_HOURS,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Net credit hours from every kind of study in the year."),
    )
    required_courses = models.BooleanField(
        _("required courses completed"),
        default=True,
        help_text=_(
            "Every course whose “Required for” names this year and the official's department "
            "or rank must be completed."
        ),
    )
    exam_passed = models.BooleanField(
        _("annual exam passed"),
        default=False,
        help_text=_("At least one exam (考试) of the year passed by its grading method."),
    )
    group_sessions = models.PositiveIntegerField(
        _("group study sessions attended"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("集中学法: how many group study sessions each official must attend."),
    )

    class Meta:
        verbose_name = _("study target")
        verbose_name_plural = _("study targets")
        ordering = ["-year", "role", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "rank", "role"], name="studytarget_one_per_group"
            )
        ]

    def __str__(self):
        who = [str(label) for label in (self.get_role_display(), self.get_rank_display()) if label]
        return f"{self.year} · {' · '.join(who) or _('everyone')}"

    @property
    def specificity(self) -> int:
        return (2 if self.role else 0) + (1 if self.rank else 0)


class YearSnapshot(models.Model):
    """年度归档快照 — a closed year's figures as they stood when it was closed.

    ``data`` holds every official's line of the year (``reports.documents.official_row``) and
    a digest of the year's ledger; ``checksum`` is the SHA-256 of its canonical JSON, checked on
    every read. Exports of a closed year are written from it, so they come out the same every
    time. Reopening keeps it (history); closing again takes a new one.
    """

    year = models.PositiveIntegerField(_("year"), db_index=True)
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("figures"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("year snapshot")
        verbose_name_plural = _("year snapshots")
        ordering = ["-taken_at", "-pk"]

    def __str__(self):
        return f"{self.year} · {self.checksum[:12]}"


class YearSnapshotDocument(models.Model):
    """One official's archived year document — the lists of courses, lessons, quizzes, cases,
    sessions and corrections their page and files show — stored beside its ``YearSnapshot``, so
    a page or a file reads only the documents it shows (a whole office's are a million lines).

    ``checksum`` is the SHA-256 of ``data``'s canonical JSON; the snapshot's data lists every
    document's checksum (``document_checksums``), so the snapshot's own checksum covers them.
    """

    snapshot = models.ForeignKey(
        YearSnapshot,
        verbose_name=_("year snapshot"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    official_id = models.PositiveIntegerField(_("official"))
    data = models.JSONField(pgettext_lazy("year record", "document"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("archived year document")
        verbose_name_plural = _("archived year documents")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "official_id"], name="yearsnapshotdocument_one"
            )
        ]

    def __str__(self):
        return f"{self.snapshot} · {self.official_id}"
