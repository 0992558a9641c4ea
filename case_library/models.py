"""Typical-case reviews (典型案例复盘): pages trainers write, officials study.

A case may only go live when the anonymiser finds no unresolved personal data in it; see
:meth:`CasePage.save` and :meth:`CasePage.publish`, which every publishing path goes through.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .panels import PersonalDataPanel

logger = logging.getLogger(__name__)

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4", "article-quote"]


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (网上)")
    LETTER = "letter", _("Letter (来信)")
    VISIT = "visit", _("Visit (来访)")
    PHONE = "phone", _("Telephone (电话)")


class ClaimClass(models.TextChoices):
    """The three classes of petition in 《信访工作条例》 Arts. 29–31."""

    SUGGESTION = "suggestion", _("Suggestions and opinions (建议意见类)")
    ACCUSATION = "accusation", _("Reports and accusations (检举控告类)")
    APPEAL = "appeal", _("Appeals and requests (申诉求决类)")


class Route(models.TextChoices):
    LITIGATION = "litigation", _("Litigation (诉讼)")
    ARBITRATION = "arbitration", _("Arbitration (仲裁)")
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration (行政复议)")
    PARTY_APPEAL = "party_appeal", _("Party member appeal (党员申诉)")
    OPINION = "opinion", _("Petition handling opinion (信访处理意见书)")
    MEDIATION = "mediation", _("People's mediation (人民调解)")
    DISCIPLINE = "discipline", _("Discipline inspection (纪检监察)")
    OTHER = "other", _("Other (其他)")


class Stage(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted (受理)")
    HANDLING = "handling", _("Handling (办理)")
    REVIEW = "review", _("Review (复查)")
    RECHECK = "recheck", _("Re-examination (复核)")
    CLOSED = "closed", _("Closed (终结)")


class CaseDomain(models.Model):
    """A field of petitions (房地产, 欠薪讨薪 …): a list trainers edit in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    panels = [FieldPanel("name"), FieldPanel("position")]

    class Meta:
        verbose_name = _("case domain")
        verbose_name_plural = _("case domains")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CaseTag(TaggedItemBase):
    content_object = ParentalKey(
        "case_library.CasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CasePublishBlocked(PermissionDenied):
    """Publishing refused: the case still holds personal data nobody has resolved."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(
            _(
                "This case still contains %(count)d unresolved personal-data finding(s); "
                "redact them or mark them as false positives before publishing."
            )
            % {"count": len(findings)}
        )


class CaseIndexPage(Page):
    """The case library: every published case, browsable by domain, class, route, stage, tag."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["case_library.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("case library")

    def get_context(self, request, *args, **kwargs):
        from .selectors import case_browse

        context = super().get_context(request, *args, **kwargs)
        context.update(case_browse(index=self, params=request.GET, user=request.user))
        return context


class CasePage(Page):
    """One typical case (典型案例), anonymised, with the review a trainer wrote about it."""

    delete_refused_advice = _(
        "Unpublish the case instead, or take it out of the study sessions’ agendas first."
    )

    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    domain = models.ForeignKey(
        CaseDomain,
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    claim_class = models.CharField(
        _("claim class"), max_length=20, choices=ClaimClass.choices, blank=True
    )
    route_taken = models.CharField(
        _("route taken"), max_length=20, choices=Route.choices, blank=True
    )
    stage = models.CharField(_("furthest stage"), max_length=20, choices=Stage.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    legal_basis = ParentalManyToManyField(
        "courses.Article", verbose_name=_("legal basis"), blank=True, related_name="cases"
    )
    tags = ClusterTaggableManager(through=CaseTag, blank=True, verbose_name=_("tags"))
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=4, decimal_places=1, default=Decimal("0.5")
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated study time (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_(
            "Officials can confirm studying the case after half this time, counted by the "
            "server from when they first opened it."
        ),
    )

    facts = RichTextField(_("basic facts (基本案情)"), blank=True, features=RICH_FEATURES)
    handling = RichTextField(_("how it was handled (处理过程)"), blank=True, features=RICH_FEATURES)
    issues = RichTextField(_("points in dispute (争议焦点)"), blank=True, features=RICH_FEATURES)
    analysis = RichTextField(_("legal analysis (法律分析)"), blank=True, features=RICH_FEATURES)
    review = RichTextField(
        _("review (复盘评析)"),
        blank=True,
        features=RICH_FEATURES,
        help_text=_("What went right or wrong, and why."),
    )
    lessons = RichTextField(_("lessons (启示)"), blank=True, features=RICH_FEATURES)
    discussion_questions = RichTextField(
        _("discussion questions"), blank=True, features=["ol", "ul", "bold", "italic"]
    )

    # Every text the anonymiser checks: (field name, is rich text).
    TEXT_FIELDS = [
        ("title", False),
        ("summary", False),
        ("outcome", False),
        ("facts", True),
        ("handling", True),
        ("issues", True),
        ("analysis", True),
        ("review", True),
        ("lessons", True),
        ("discussion_questions", True),
        # The promote tab's texts: the browser's title bar and the page's meta description.
        ("seo_title", False),
        ("search_description", False),
        # The tags, shown on the page and in the case list's filter (``tag_text``).
        ("tag_text", False),
    ]
    BODY_SECTIONS = ["facts", "handling", "issues", "analysis", "review", "lessons"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("facts"),
        index.SearchField("analysis"),
    ]

    content_panels = [
        *Page.content_panels,
        PersonalDataPanel(heading=_("Personal data check")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("domain"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("channel"), FieldPanel("claim_class")]),
                FieldRowPanel([FieldPanel("route_taken"), FieldPanel("stage")]),
                FieldPanel("outcome"),
                FieldPanel("legal_basis"),
                FieldPanel("tags"),
                FieldRowPanel([FieldPanel("credit_hours"), FieldPanel("estimated_minutes")]),
            ],
            heading=_("Case facts"),
        ),
        FieldPanel("facts"),
        FieldPanel("handling"),
        FieldPanel("issues"),
        FieldPanel("analysis"),
        FieldPanel("review"),
        FieldPanel("lessons"),
        FieldPanel("discussion_questions"),
    ]

    # No Wagtail comments on cases: a comment on a field quotes the raw intake text, and comments
    # are kept outside the revisions that redaction and its purge scrub (docs/personal-data.md).
    settings_panels = [PublishingPanel()]

    parent_page_types = ["case_library.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    TAG_SEPARATOR = "、"

    @property
    def tag_text(self) -> str:
        """The tags as one text, for the personal-data check; setting it renames the tags."""
        return self.TAG_SEPARATOR.join(sorted(tag.name for tag in self.tags.all()))

    @tag_text.setter
    def tag_text(self, value: str) -> None:
        names = [name.strip() for name in (value or "").split(self.TAG_SEPARATOR)]
        self.tags.set([name for name in dict.fromkeys(names) if name])

    @property
    def source_key(self) -> str:
        """The ledger's source key for studying this case."""
        return f"case_library.case:{self.pk}"

    def unresolved_findings(self):
        from .selectors import case_unresolved_findings

        return case_unresolved_findings(page=self)

    def _check_publishable(self) -> None:
        findings = self.unresolved_findings()
        if findings:
            raise CasePublishBlocked(findings)

    def save(self, *args, **kwargs):
        # Whatever publishes (the admin, revision.publish(), a command, code): the page ends
        # up saved with live=True, so this is the one gate every path passes.
        update_fields = kwargs.get("update_fields")
        touches_text = update_fields is None or not {f for f, _rich in self.TEXT_FIELDS}.isdisjoint(
            update_fields
        )
        if self.live and touches_text:
            self._check_publishable()
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, log_action=True, **kwargs):
        candidate = revision.as_object()
        if candidate.unresolved_findings():
            if log_action == "wagtail.publish.scheduled":
                # publish_scheduled walks many revisions: refuse this one quietly, keep going.
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
                logger.warning(
                    "Scheduled publishing of case %s refused: unresolved personal data.", self.pk
                )
                return None
            candidate._check_publishable()
        previous_live_id = self.live_revision_id
        result = super().publish(revision, *args, log_action=log_action, **kwargs)
        from .services import case_raw_check_on_publish

        case_raw_check_on_publish(
            page=self, revision=revision, previous_live_id=previous_live_id, user=kwargs.get("user")
        )
        return result

    def serve(self, request, *args, **kwargs):
        # The server stamps the first opening: the time gate of records.reading counts
        # from it (not in preview, and only for a signed-in reader).
        reading = request.method == "GET" and not getattr(request, "is_preview", False)
        if reading and request.user.is_authenticated:
            from django.utils import timezone

            from records.reading import reading_open

            reading_open(user=request.user, source=self.source_key, now=timezone.now())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import case_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(case_detail_context(page=self, user=request.user, request=request))
        return context


class CaseRedaction(models.Model):
    """脱敏 — the moment a case's raw intake data was redacted.

    Every revision of the page saved before ``before_revision_id`` (revision ids only grow)
    may hold the raw names, ID numbers and phone numbers: from then on only administrators
    see those revisions (``case_library.selectors.case_raw_revision_ids``), and
    ``case_revisions_purge`` deletes them once ``XUEFA_CASE_RAW_RETENTION_DAYS`` have passed.
    """

    class Via(models.TextChoices):
        REDACT = "redact", _("One-click redaction (一键脱敏)")
        PUBLISH = "publish", _("Published after personal data was removed by hand")

    page = models.ForeignKey(CasePage, on_delete=models.CASCADE, related_name="redactions")
    before_revision_id = models.PositiveBigIntegerField(_("revisions before this id hold raw data"))
    via = models.CharField(_("how"), max_length=20, choices=Via.choices)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redacted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redacted_at = models.DateTimeField(_("redacted at"))
    purged_at = models.DateTimeField(_("raw revisions purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        ordering = ["-before_revision_id"]

    def __str__(self):
        return f"{self.page_id} < {self.before_revision_id}"


class FindingDismissal(models.Model):
    """A trainer's decision that a finding is not personal data (a false positive)."""

    page = models.ForeignKey(CasePage, on_delete=models.CASCADE, related_name="finding_dismissals")
    kind = models.CharField(_("kind"), max_length=30)
    text = models.CharField(_("text"), max_length=255)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("false positive")
        verbose_name_plural = _("false positives")
        ordering = ["-dismissed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "text"], name="case_finding_dismissal_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.text}"


class CaseScan(models.Model):
    """The anonymiser's findings for a case's texts as last scanned, so that the editor, the
    findings page and every publishing gate of one request read one scan instead of each
    scanning again (a 200-page case takes seconds), and a long case is scanned by the worker.

    One row per case, for the latest content scanned: ``digest`` names that content and the
    anonymiser that read it (``scan_digest``); any other content is scanned afresh. The
    findings quote the draft's personal data, so the row is replaced by the next scan and
    deleted when the case is redacted or its raw revisions are purged (docs/personal-data.md).
    """

    page = models.OneToOneField(CasePage, on_delete=models.CASCADE, related_name="scan")
    digest = models.CharField(max_length=64)
    characters = models.PositiveIntegerField()
    findings = models.JSONField()  # one list per CasePage.TEXT_FIELDS entry: Finding as dicts
    scanned_at = models.DateTimeField()

    class Meta:
        verbose_name = _("personal-data scan")
        verbose_name_plural = _("personal-data scans")

    def __str__(self):
        return f"{self.page_id}: {self.digest[:12]}"
