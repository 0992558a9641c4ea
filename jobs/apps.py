from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """后台任务 — long work (re-scoring, exports, year closing) run by the worker, not the request."""

    name = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import builtin  # noqa: F401 — registers the platform's own periodic work
