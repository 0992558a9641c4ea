from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _sync_roles(sender, **kwargs):
    from .roles import roles_sync

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


class XuefaUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our user fields (department, rank, staff number …)."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
