from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.extensions import DashboardPanel, MenuItem

from .selectors import study_records_for_user, study_year_summary


@hooks.register("xuefa_main_menu")
def records_menu(request):
    return [MenuItem(_("My record"), reverse("records:my_records"), order=900, name="records")]


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
