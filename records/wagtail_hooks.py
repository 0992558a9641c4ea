from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from accounts.admin_menu import PermissionMenuItem
from accounts.selectors import officials_visible_to
from kit.hooks import DashboardPanel
from kit.hooks import MenuItem as SiteMenuItem

from . import admin_urls
from .selectors import department_progress, study_records_for_user, study_year_summary


@hooks.register("xuefa_main_menu")
def records_menu(request):
    return [SiteMenuItem(_("My record"), reverse("records:my_records"), order=900, name="records")]


@hooks.register("xuefa_dashboard_panels")
def year_progress_panel(request, year):
    summary = study_year_summary(user=request.user, year=year)
    target = settings.XUEFA_ANNUAL_CREDIT_HOURS
    return DashboardPanel(
        template="records/includes/year_progress_panel.html",
        order=10,
        context={
            "summary": summary,
            "target": target,
            "percent": min(100, int(summary.credit_hours * 100 / target)) if target else 100,
            "recent": study_records_for_user(user=request.user)[:5],
        },
        wide=True,
    )


@hooks.register("xuefa_dashboard_panels")
def department_progress_panel(request, year):
    """Leads and trainers see, on their own dashboard, how their departments are doing."""
    if not request.user.has_perm("records.view_studyrecord"):
        return None
    rows = department_progress(officials=officials_visible_to(request.user), year=year)
    if not rows:
        return None
    return DashboardPanel(
        template="records/includes/department_progress_panel.html",
        order=15,
        context={
            "officials": len(rows),
            "met": sum(1 for row in rows if row.met),
            "hours": sum((row.hours for row in rows), 0),
            "behind": sorted(rows, key=lambda row: row.hours)[:5],
        },
    )


@hooks.register("register_admin_urls")
def register_records_admin_urls():
    return [path("records/", include(admin_urls, namespace="records_admin"))]


@hooks.register("register_admin_menu_item")
def register_records_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Department progress"),
                reverse("records_admin:department_report"),
                icon_name="table",
                order=10,
                permission="records.view_studyrecord",
            ),
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
