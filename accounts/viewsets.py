from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import XuefaUserCreationForm, XuefaUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with our fields: department, rank, staff number, leaving date."""

    def get_form_class(self, for_update=False):
        return XuefaUserEditForm if for_update else XuefaUserCreationForm
