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
        _watch_the_page_tree()


def _watch_the_page_tree():
    """Cached index URLs (``kit.pages.index_page_url``) are dropped when the tree changes."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from kit.pages import pages_changed

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(pages_changed, dispatch_uid=f"xuefa_pages_changed_{id(signal)}")

    def deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            pages_changed()

    post_delete.connect(deleted, weak=False, dispatch_uid="xuefa_pages_changed_delete")
