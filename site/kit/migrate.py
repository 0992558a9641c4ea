"""Work that must run once per ``migrate``, after every app's own post_migrate work."""

from django.apps import apps


def post_migrate_is_last(sender) -> bool:
    """True for the post_migrate signal of the last app that has models.

    Django sends post_migrate once per app with models, in INSTALLED_APPS order, and creates
    each app's permissions and content types in that app's own signal. A receiver that needs
    all of them (the role groups' permissions, the moderation workflow that names the groups)
    runs on the last one only.
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    return not with_models or sender is with_models[-1]
