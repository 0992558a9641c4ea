from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Year-end reporting: targets, my year, department oversight, the office's figures."""

    name = "reports"
    verbose_name = _("Year-end reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 — registers the background job kinds
