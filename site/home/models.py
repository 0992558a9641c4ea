from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from kit.hooks import dashboard_panels


class HomePage(Page):
    """The site root: each official's dashboard, with a notice trainers can edit."""

    notice = RichTextField(
        _("notice"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown at the top of every official's dashboard, e.g. exam dates."),
    )

    content_panels = [*Page.content_panels, FieldPanel("notice")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        year = timezone.localdate().year
        context["year"] = year
        context["panels"] = dashboard_panels(request, year)
        return context
