from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _localise_workflow(sender, **kwargs):
    from kit.migrate import post_migrate_is_last

    from .services import moderation_workflow_localise, wagtail_defaults_localise

    if not post_migrate_is_last(sender):
        return
    moderation_workflow_localise()
    wagtail_defaults_localise()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Once per migrate, after accounts' handler has created the role groups (connected
        # after it: accounts is earlier in INSTALLED_APPS).
        post_migrate.connect(_localise_workflow, dispatch_uid="xuefa_workflow_localise")
