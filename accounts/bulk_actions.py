"""Wagtail's bulk actions on users, held to the same rules as the user editor.

Wagtail's own versions ask only for ``change_user``: a trainer could give anyone (themselves
included) the administrator group, or deactivate the administrator. These replace them under
the same action names (registered after Wagtail's, in ``wagtail_hooks``).
"""

from wagtail.permissions import policy_registry
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from .backends import user_row_forget
from .roles import groups_grantable_by, user_is_administrator


def _ids(values) -> list[int]:
    """Only ids a database can hold: a crafted ``?id=x`` or a 30-digit id selects nothing
    instead of failing."""
    return [int(v) for v in values if str(v).isdigit() and int(v) < 2**63]


class _GuardedUserBulkAction:
    def _may(self, obj, action) -> bool:
        policy = policy_registry.get_by_type(self.model)
        return policy.user_has_permission_for_instance(self.request.user, action, obj)

    @classmethod
    def get_queryset(cls, model, object_ids):
        if isinstance(object_ids, list):
            object_ids = _ids(object_ids)
        return super().get_queryset(model, object_ids)


class RoleAssignBulkAction(_GuardedUserBulkAction, AssignRoleBulkAction):
    """Administrators give a role they may grant to accounts they may manage."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = groups_grantable_by(self.request.user)
        return form

    def check_perm(self, obj):
        return user_is_administrator(self.request.user) and self._may(obj, "change")


class ActiveStateBulkAction(_GuardedUserBulkAction, SetActiveStateBulkAction):
    """Administrators (de)activate accounts they may manage; trainers record a leaving date."""

    def check_perm(self, obj):
        return user_is_administrator(self.request.user) and self._may(obj, "change")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        # Wagtail deactivates with one update(), which sends no post_save: the cached rows of
        # the signed-in users (accounts.backends) are forgotten here.
        objects = list(objects)
        result = super().execute_action(objects, **kwargs)
        user_row_forget([obj.pk for obj in objects])
        return result


class UserDeleteBulkAction(_GuardedUserBulkAction, DeleteBulkAction):
    def check_perm(self, obj):
        return self._may(obj, "delete")
