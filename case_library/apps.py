from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseLibraryConfig(AppConfig):
    name = "case_library"
    verbose_name = _("Case library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import jobs  # noqa: F401 — registers the daily purge of raw revisions
        from .models import FindingDismissal
        from .permissions import RecordOnlyPolicy

        register_permission_policy(FindingDismissal, RecordOnlyPolicy(FindingDismissal))
