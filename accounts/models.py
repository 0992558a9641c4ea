from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """An office or one of its sections. Departments form a tree (office → sections)."""

    delete_refused_advice = _(
        "Move its people, sub-departments and study sessions to another department first."
    )

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short stable code used in spreadsheets and reports, e.g. xfb-jdk."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                "parent", Lower("name"), name="department_unique_name_per_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot be inside itself.")})
            node = node.parent


class Rank(models.TextChoices):
    """职级 — the rank level; later used for rank-specific exam papers."""

    STAFF = "staff", _("Staff member (科员)")
    SECTION = "section", _("Section level (科级)")
    DIVISION = "division", _("Division level (处级)")
    BUREAU = "bureau", _("Bureau level and above (厅局级及以上)")


class User(AbstractUser):
    """A person who signs in: an official, a trainer, a department lead or an administrator.

    The username is the staff number for imported officials.
    """

    delete_refused_advice = _(
        "Mark the person as left instead: set “left on” in their account. They can no longer sign in and their study record stays."
    )

    name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, blank=True)
    staff_number = models.CharField(
        _("staff number"), max_length=30, unique=True, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    left_on = models.DateField(
        _("left on"),
        null=True,
        blank=True,
        help_text=_("The date the official left. Leavers cannot sign in; their records stay."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for imported accounts and after a reset: asked at next sign-in."),
    )

    REQUIRED_FIELDS = ["email"]

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if self.left_on is not None:
            self.is_active = False  # a leaver keeps their records but cannot sign in
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def get_full_name(self):
        return self.name or super().get_full_name()

    def get_short_name(self):
        return self.name or super().get_short_name()

    def has_role(self, role_key: str) -> bool:
        from .roles import user_has_role

        return user_has_role(self, role_key)
