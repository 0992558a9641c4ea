import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.views.users import CreateView as WagtailUserCreateView
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserFilterSet as WagtailUserFilterSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from kit.deletion import ProtectedDeleteMixin

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
        # Groups are prefetched: each row asks whether the viewer may manage that account.
        return super().get_base_queryset().select_related("department").prefetch_related("groups")

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            return super(WagtailUserIndexView, self).get_delete_url(instance)
        return None


class UserCreateView(WagtailUserCreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class UserEditView(WagtailUserEditView):
    """Only accounts the signed-in user may manage (``accounts.roles.user_may_manage``) open
    for editing, whatever the URL; the form then offers only the fields they may change."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_delete = self.user_has_permission_for_instance("delete", self.object)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("change", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}


class UserDeleteView(ProtectedDeleteMixin, WagtailUserDeleteView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.user_has_permission_for_instance("delete", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with our fields: department, rank, staff number, leaving date."""

    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    filterset_class = UserFilterSet
    # Copying an account would bypass the rules of the user forms (who may give which role);
    # an account is created through the add form or the staff import.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return XuefaUserEditForm if for_update else XuefaUserCreationForm
