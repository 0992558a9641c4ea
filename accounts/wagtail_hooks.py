from axes.models import AccessAttempt
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from kit.deletion import ProtectedDeleteView

from . import admin_urls, bulk_actions
from .admin_menu import StaffManagerMenuItem
from .models import Department


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "site"
    menu_label = _("Departments")
    menu_order = 610
    add_to_settings_menu = True
    form_fields = ["name", "parent", "code", "sort_order"]
    list_display = ["name", "parent", "code", "sort_order"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False
    delete_view_class = ProtectedDeleteView


class LockoutViewSet(ModelViewSet):
    """Sign-in lockouts (django-axes). Deleting a row unlocks that account and address."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Sign-in lockouts")
    menu_order = 620
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    form_fields = ["username"]
    copy_view_enabled = False
    inspect_view_enabled = True
    delete_view_class = ProtectedDeleteView


@hooks.register("register_admin_viewset")
def register_department_viewset():
    return DepartmentViewSet("departments")


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")


@hooks.register("register_admin_urls")
def register_staff_admin_urls():
    return [path("staff/", include(admin_urls, namespace="accounts_admin"))]


@hooks.register("register_settings_menu_item")
def register_staff_import_menu_item():
    return StaffManagerMenuItem(
        _("Import staff"), reverse("accounts_admin:staff_import"), icon_name="group", order=605
    )


@hooks.register("xuefa_load_demo", order=0)
def load_demo_accounts(stdout):
    from . import demo

    demo.load(stdout)


# After Wagtail's own (order 0), so ours replace them under the same action names.
for _action in (
    bulk_actions.RoleAssignBulkAction,
    bulk_actions.ActiveStateBulkAction,
    bulk_actions.UserDeleteBulkAction,
):
    hooks.register("register_bulk_action", _action, order=100)
