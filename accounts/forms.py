from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Department
from .roles import OFFICIAL, groups_grantable_by, role_group, user_is_administrator

USER_FIELDS = ("name", "staff_number", "department", "job_title", "rank", "phone", "left_on")

# What a trainer may change on an official's account, and nothing more.
PROFILE_FIELDS = ("name", "department", "job_title", "rank", "phone", "left_on")
# Who the account is: chosen when it is created; afterwards only administrators change it
# (an e-mail address or sign-in name is a way into the account).
IDENTITY_FIELDS = ("username", "staff_number", "email")
# Power: roles, superuser and active status, other people's passwords. Administrators only.
POWER_FIELDS = ("groups", "is_superuser", "is_active", "password1", "password2")


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Staff number or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The staff number or password is wrong. After several failed tries the account "
            "is locked for a while."
        ),
        "inactive": _("This account is disabled. Ask your training administrator."),
    }


class DepartmentTreeIterator(ModelChoiceIterator):
    def __iter__(self):
        from .selectors import department_tree

        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for dept, depth in department_tree():
            yield (self.choice(dept)[0], "\u3000" * depth + dept.name)


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments in tree order, indented, so a section is seen under its office."""

    iterator = DepartmentTreeIterator

    def __init__(self, *args, **kwargs):
        super().__init__(Department.objects.all(), *args, **kwargs)


class RoleLimitedUserFormMixin:
    """The user form offers ``actor`` only the fields they may change; a field that is not
    in the form is not read from the POST, so a crafted request changes nothing more.

    Administrators get every field, with the groups they may grant (``groups_grantable_by``)
    and the superuser flag only when they are superusers themselves. Trainers get the
    profile fields (and, when creating an official, who the account is and its first
    password, which must be changed at first sign-in).
    """

    creating = False

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        allowed = set(PROFILE_FIELDS)
        if self.creating:
            allowed |= {*IDENTITY_FIELDS, "password1", "password2"}
        if user_is_administrator(actor):
            allowed |= {*IDENTITY_FIELDS, *POWER_FIELDS}
            if not actor.is_superuser:
                allowed.discard("is_superuser")
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        if "groups" in self.fields:
            self.fields["groups"].queryset = groups_grantable_by(actor)

    @property
    def password_enabled(self):
        # Wagtail's save() sets the password whenever passwords are enabled; here only when
        # this actor was offered the field.
        fields = getattr(self, "fields", None)
        return super().password_enabled and (fields is None or "password1" in fields)

    @property
    def changes_roles(self) -> bool:
        return "groups" in self.fields


class XuefaUserCreationForm(RoleLimitedUserFormMixin, UserCreationForm):
    # One full-name field (姓名) replaces Wagtail's first/last name pair.
    first_name = None
    last_name = None
    department = DepartmentChoiceField(label=_("department"), required=False)

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(USER_FIELDS)
        widgets = {
            **UserCreationForm.Meta.widgets,
            "left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    creating = True

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        if self.changes_roles:
            self.fields["groups"].initial = [role_group(OFFICIAL).pk]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True  # someone else chose it; the official replaces it
        if commit:
            user.save()
            self.save_m2m()
        return user

    def _save_m2m(self):
        super()._save_m2m()
        if not self.changes_roles:
            # Created by a trainer: an official, and no other role.
            self.instance.groups.add(role_group(OFFICIAL))


class XuefaUserEditForm(RoleLimitedUserFormMixin, UserEditForm):
    # One full-name field (姓名) replaces Wagtail's first/last name pair.
    first_name = None
    last_name = None
    department = DepartmentChoiceField(label=_("department"), required=False)

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(USER_FIELDS)
        widgets = {
            **UserEditForm.Meta.widgets,
            "left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def save(self, commit=True):
        if self.cleaned_data.get("password1"):
            # An administrator reset the password: the official must choose a new one.
            self.instance.must_change_password = True
        return super().save(commit=commit)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template. Columns: 姓名, 工号, 部门, 职务, 职级, 手机."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (import nothing)"), required=False, initial=True
    )
