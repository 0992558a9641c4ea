"""Who may change whose account, and who may change the groups themselves.

These policies are registered with Wagtail in ``AccountsConfig.ready()``, so every admin
surface that asks Wagtail's permission registry — the user views, the bulk actions on users,
the search area, the group views — gets the same answer as our own views.
"""

from django.contrib.auth.models import Group
from wagtail.permission_policies import ModelPermissionPolicy

from .roles import user_may_manage, users_manageable_by


class UserPermissionPolicy(ModelPermissionPolicy):
    """The model permissions (``accounts.change_user`` …), narrowed per account by rank:
    nobody changes, deactivates or deletes an account with more power than their own,
    and nobody deletes themselves."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in ("change", "delete"):
            if action == "delete" and instance.pk == user.pk:
                return False
            return user_may_manage(user, instance)
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        users = super().instances_user_has_any_permission_for(user, actions)
        if {"change", "delete"} >= set(actions):
            users = users_manageable_by(user, users)
            if "change" not in actions:
                users = users.exclude(pk=user.pk)
        return users


class GroupPermissionPolicy(ModelPermissionPolicy):
    """Groups carry permissions, so changing a group is changing everyone's power in it.
    The role groups are defined in code (``accounts.roles``, synced after every migrate);
    only superusers may add, change or delete any group in the admin."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(is_active=True, is_superuser=True)


def permission_policies_register() -> None:
    from django.contrib.auth import get_user_model
    from wagtail.permissions import register_permission_policy

    User = get_user_model()
    register_permission_policy(User, UserPermissionPolicy(User), exact_class=True)
    register_permission_policy(Group, GroupPermissionPolicy(Group), exact_class=True)
