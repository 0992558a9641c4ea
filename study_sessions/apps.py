from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudySessionsConfig(AppConfig):
    """集体学习 — group study sessions, their attendance and minutes, and presenter mode."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "study_sessions"
    verbose_name = _("Group study sessions")
