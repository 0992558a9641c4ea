from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _sync_roles(sender, using="default", **kwargs):
    """Bring the role groups in line once per migrate, after the last app's signal.

    Django creates each app's permissions in that app's own post_migrate signal, and our
    receiver runs before auth's for the same app: so an app late in INSTALLED_APPS (auditlog)
    would have no permissions yet when the roles were synced. Create them all first.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from kit.migrate import post_migrate_is_last

    from .roles import roles_sync

    if not post_migrate_is_last(sender):
        return
    for config in apps.get_app_configs():
        if config.models_module:
            create_permissions(config, verbosity=0, using=using)
    roles_sync()


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Organisation and accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After the last app migrates, every permission exists: bring the role groups in line.
        post_migrate.connect(_sync_roles, dispatch_uid="xuefa_roles_sync")
        from .permissions import permission_policies_register

        permission_policies_register()
        # The signed-in user's row is cached (accounts.backends): forget it when it changes.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .backends import user_row_changed

        user_model = get_user_model()
        post_save.connect(user_row_changed, sender=user_model, dispatch_uid="xuefa_user_row")
        post_delete.connect(user_row_changed, sender=user_model, dispatch_uid="xuefa_user_row")


class XuefaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user fields (department, rank, staff number …)."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
