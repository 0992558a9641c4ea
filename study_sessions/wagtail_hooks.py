from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.admin_menu import PermissionMenuItem
from kit.hooks import DashboardPanel, MenuItem

SESSION_PERMISSIONS = [
    "study_sessions.view_studysession",
    "study_sessions.add_studysession",
    "study_sessions.change_studysession",
    "study_sessions.confirm_studysession",
]


@hooks.register("xuefa_main_menu")
def study_sessions_menu(request):
    return [MenuItem(_("Group study"), reverse("study_sessions:index"), order=60, name="sessions")]


@hooks.register("xuefa_dashboard_panels")
def my_sessions_panel(request, year):
    """The sessions the user is invited to next, and their attendance at past ones."""
    from .models import SessionStatus
    from .selectors import my_attendance

    today = timezone.localdate()
    rows = list(
        my_attendance(user=request.user, year=year).exclude(
            session__status=SessionStatus.CANCELLED
        )[:50]
    )
    upcoming = sorted(
        (r for r in rows if r.session.date >= today and not r.session.is_confirmed),
        key=lambda r: (r.session.date, r.session.starts_at),
    )[:3]
    past = [r for r in rows if r.session.is_confirmed][:3]
    if not upcoming and not past:
        return None
    return DashboardPanel(
        template="study_sessions/includes/dashboard_panel.html",
        order=40,
        context={"upcoming": upcoming, "past": past},
    )


@hooks.register("register_admin_menu_item")
def study_sessions_admin_menu_item():
    # Sessions are run from the site, not the page tree: the admin links there.
    return PermissionMenuItem(
        _("Group study sessions"),
        reverse("study_sessions:index"),
        icon_name="group",
        order=270,
        permission="study_sessions.view_studysession",
    )


@hooks.register("register_role_permissions")
def study_sessions_role_permissions():
    # Leads run and confirm their own departments' sessions (permissions.py limits them to
    # those); trainers and administrators any session.
    return {
        "trainer": [*SESSION_PERMISSIONS, "study_sessions.delete_studysession"],
        "lead": SESSION_PERMISSIONS,
        "administrator": [*SESSION_PERMISSIONS, "study_sessions.delete_studysession"],
    }


@hooks.register("xuefa_load_demo", order=40)
def load_demo_sessions(stdout):
    """After the courses (10) and cases (30) the sessions study."""
    from . import demo

    demo.load(stdout)


@hooks.register("xuefa_search_providers")
def search_providers():
    from .search import search_providers

    return search_providers()
