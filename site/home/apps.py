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
        _bound_image_decoding()
        from .compare import readable_comparisons_register

        readable_comparisons_register()


def _bound_image_decoding():
    """No image the site opens may hold more than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``: Pillow's
    own bound (89 million pixels warned, 179 million refused) becomes ours, and its warning an
    error. Wagtail's image form checks the header itself, but the admin's avatar upload
    (every admin user's account page) resized whatever it was given — a few kilobytes of PNG
    declaring 100 million pixels took 400 MB to decode, and 200 million was a 500. Django's
    image field turns the refusal into "not a valid image"."""
    import warnings

    from django.conf import settings
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)


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
