from wagtail.permission_policies import ModelPermissionPolicy


class RecordOnlyPolicy(ModelPermissionPolicy):
    """False positives are recorded from the findings page (with who and when), never typed in."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [a for a in actions if a not in ("add", "change")]
        return bool(actions) and super().user_has_any_permission(user, actions)
