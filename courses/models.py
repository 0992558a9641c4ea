from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force (现行有效)")
    AMENDED = "amended", _("Amended (已修订)")
    REPEALED = "repealed", _("Repealed (已废止)")


class Regulation(models.Model):
    """A law or regulation, studied article by article (e.g. 《信访工作条例》)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    issuing_bodies = models.CharField(_("issuing bodies"), max_length=255, blank=True)
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    preamble = models.TextField(_("preamble"), blank=True)

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
    text = models.TextField(_("text"))
    items = models.JSONField(_("items"), default=list, blank=True)
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
