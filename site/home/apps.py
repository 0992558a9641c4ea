from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _localise_workflow(sender, **kwargs):
    from .services import moderation_workflow_localise

    moderation_workflow_localise()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After accounts' own post_migrate handler has created the role groups.
        post_migrate.connect(_localise_workflow, dispatch_uid="xuefa_workflow_localise")
