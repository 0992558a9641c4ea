from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.admin_menu import PermissionMenuItem
from accounts.roles import ADMINISTRATOR, LEAD, TRAINER, user_is_administrator
from accounts.selectors import departments_visible_to
from kit.deletion import ProtectedDeleteView
from kit.hooks import DashboardPanel
from kit.hooks import MenuItem as SiteMenuItem
from records.selectors import scores_hidden, study_records_for_user

from . import admin_urls
from .access import sees_whole_office
from .models import StudyTarget
from .selectors import official_year, official_years, officials_for_year


class StudyTargetViewSet(ModelViewSet):
    """学法要求 — administrators set each year's targets by rank and role."""

    model = StudyTarget
    icon = "tasks"
    menu_label = _("Study targets")
    menu_order = 40
    add_to_admin_menu = False
    form_fields = [
        "year",
        "rank",
        "role",
        "credit_hours",
        "required_courses",
        "exam_passed",
        "group_sessions",
    ]
    # Plain columns print True/False; BooleanColumn shows a tick or a cross titled 是/否.
    list_display = [
        "year",
        "rank",
        "role",
        "credit_hours",
        *(
            BooleanColumn(name, label=StudyTarget._meta.get_field(name).verbose_name)
            for name in ("required_courses", "exam_passed")
        ),
        "group_sessions",
    ]
    list_filter = ["year"]
    ordering = ["-year", "role", "rank"]
    copy_view_enabled = True
    delete_view_class = ProtectedDeleteView


study_target_viewset = StudyTargetViewSet("study_targets")


@hooks.register("register_admin_viewset")
def register_study_target_viewset():
    return study_target_viewset


@hooks.register("register_admin_urls")
def register_study_years_urls():
    return [path("study-years/", include(admin_urls, namespace="study_years"))]


class AdministratorMenuItem(MenuItem):
    """Shown to administrators only (the view refuses everyone else)."""

    def is_shown(self, request):
        return user_is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def register_study_years_menu_item():
    return AdministratorMenuItem(
        _("Closing study years"), reverse("study_years:index"), icon_name="lock", order=620
    )


@hooks.register("register_admin_menu_item")
def register_study_target_menu_item():
    return PermissionMenuItem(
        _("Study targets"),
        reverse("study_targets:index"),
        icon_name="tasks",
        order=251,
        permission="reports.view_studytarget",
    )


@hooks.register("register_admin_menu_item")
def register_department_study_menu_item():
    return PermissionMenuItem(
        _("Department study"),
        reverse("reports:departments"),
        icon_name="table",
        order=249,
        permission="records.view_studyrecord",
    )


@hooks.register("register_role_permissions")
def report_role_permissions():
    manage = [f"reports.{action}_studytarget" for action in ("add", "change", "delete", "view")]
    return {
        ADMINISTRATOR: manage,
        TRAINER: ["reports.view_studytarget"],
        LEAD: ["reports.view_studytarget"],
    }


@hooks.register("xuefa_main_menu")
def reports_menu(request):
    items = [SiteMenuItem(_("My year"), reverse("reports:my_year"), order=910, name="my_year")]
    if departments_visible_to(request.user).exists():
        items.append(
            SiteMenuItem(
                _("Department study"),
                reverse("reports:departments"),
                order=920,
                name="departments",
            )
        )
    if sees_whole_office(request.user):
        items.append(
            SiteMenuItem(
                _("Office figures"), reverse("reports:office_year"), order=930, name="office"
            )
        )
    return items


@hooks.register("xuefa_load_demo", order=50)
def load_demo_year_end(stdout):
    """After the courses, exam, cases and sessions: last year closed, this year under way."""
    from . import demo

    demo.load(stdout)


@hooks.register("xuefa_dashboard_panels")
def year_progress_panel(request, year):
    """The official's year against their target, with what is still missing."""
    row = official_year(user=request.user, year=year, viewer=request.user)
    recent = list(study_records_for_user(user=request.user, year=year)[:5])
    hidden = scores_hidden(records=recent, viewer=request.user, now=timezone.now())
    for record in recent:
        record.score_hidden = hidden.get(record.source, "")
    return DashboardPanel(
        template="reports/includes/year_progress_panel.html",
        order=10,
        context={
            "row": row,
            "recent": recent,
        },
        wide=True,
    )


@hooks.register("xuefa_dashboard_panels")
def department_progress_panel(request, year):
    """Leads and trainers see how their departments are doing and who is behind on what."""
    departments = departments_visible_to(request.user)
    if not departments.exists():
        return None
    rows = official_years(
        users=officials_for_year(departments=departments, year=year),
        year=year,
        viewer=request.user,
        now=timezone.now(),
    )
    if not rows:
        return None
    behind = sorted(
        (r for r in rows if not r.met), key=lambda r: (-len(r.missing), r.user.display_name)
    )
    return DashboardPanel(
        template="reports/includes/department_progress_panel.html",
        order=15,
        context={
            "officials": len(rows),
            "met": len(rows) - len(behind),
            "hours": sum((row.hours for row in rows), 0),
            "behind": behind[:5],
            "behind_count": len(behind),
        },
    )
