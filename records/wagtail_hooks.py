from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from accounts.admin_menu import PermissionMenuItem
from kit.hooks import MenuItem as SiteMenuItem

from . import admin_urls


@hooks.register("xuefa_main_menu")
def records_menu(request):
    return [SiteMenuItem(_("My record"), reverse("records:my_records"), order=900, name="records")]


@hooks.register("register_admin_urls")
def register_records_admin_urls():
    return [path("records/", include(admin_urls, namespace="records_admin"))]


@hooks.register("register_admin_menu_item")
def register_records_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Study ledger"),
                reverse("records_admin:index"),
                icon_name="list-ul",
                order=20,
                permission="records.view_studyrecord",
            ),
            PermissionMenuItem(
                _("Enter offline training"),
                reverse("records_admin:offline_training"),
                icon_name="plus",
                order=30,
                permission="records.add_studyrecord",
            ),
        ]
    )
    return SubmenuMenuItem(_("Study records"), menu, icon_name="doc-full", order=250)
