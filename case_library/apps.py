from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseLibraryConfig(AppConfig):
    name = "case_library"
    verbose_name = _("Case library")
    default_auto_field = "django.db.models.BigAutoField"
