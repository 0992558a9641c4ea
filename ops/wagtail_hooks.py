from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.admin_menu import PermissionMenuItem

from . import admin_urls
from .audit import VIEW_PERMISSION


@hooks.register("register_admin_urls")
def register_ops_admin_urls():
    return [path("audit/", include(admin_urls, namespace="ops_admin"))]


@hooks.register("register_settings_menu_item")
def register_audit_menu_item():
    return PermissionMenuItem(
        _("Audit trail"),
        reverse("ops_admin:audit"),
        icon_name="history",
        order=900,
        permission=VIEW_PERMISSION,
    )


@hooks.register("register_role_permissions")
def audit_role_permissions():
    return {"administrator": [VIEW_PERMISSION]}
