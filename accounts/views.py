from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import ROLES, user_role_keys
from .selectors import department_path


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Your password has been changed."))
        return response


def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "department_path": department_path(user.department),
            "roles": [ROLES[key].label for key in sorted(user_role_keys(user))],
            "year": timezone.localdate().year,
        },
    )
