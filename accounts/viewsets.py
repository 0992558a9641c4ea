import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserFilterSet as WagtailUserFilterSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import XuefaUserCreationForm, XuefaUserEditForm
from .models import Department


class UserFilterSet(WagtailUserFilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("department")
    )
    rank = django_filters.ChoiceFilter(
        choices=WagtailUserFilterSet._meta.model._meta.get_field("rank").choices, label=_("rank")
    )


class UserIndexView(WagtailUserIndexView):
    """The staff list: name, staff number, department and rank instead of the access level."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        extra = [
            Column("staff_number", label=_("staff number"), sort_key="staff_number"),
            Column("department", label=_("department"), sort_key="department__name"),
            Column("rank", accessor="get_rank_display", label=_("rank")),
        ]
        names = [getattr(c, "name", "") for c in columns]
        at = names.index("is_superuser") if "is_superuser" in names else len(columns)
        return columns[:at] + extra + columns[at:]

    @cached_property
    def search_fields(self):
        return ["username", "name", "staff_number", "email"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("department")


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with our fields: department, rank, staff number, leaving date."""

    index_view_class = UserIndexView
    filterset_class = UserFilterSet

    def get_form_class(self, for_update=False):
        return XuefaUserEditForm if for_update else XuefaUserCreationForm
