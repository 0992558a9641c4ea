"""Wagtail admin menu items shown only to the users who may use them (one place for every app)."""

from wagtail.admin.menu import MenuItem, SubmenuMenuItem

from .roles import user_is_staff_manager


class PermissionMenuItem(MenuItem):
    """Shown to users who hold ``permission`` (e.g. ``records.view_studyrecord``)."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class StaffManagerMenuItem(MenuItem):
    """Shown to trainers and administrators."""

    def is_shown(self, request):
        return user_is_staff_manager(request.user)


class StaffManagerSubmenu(SubmenuMenuItem):
    """A submenu shown to trainers and administrators."""

    def is_shown(self, request):
        return user_is_staff_manager(request.user)
