from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Department

USER_FIELDS = ("name", "staff_number", "department", "job_title", "rank", "phone", "left_on")


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


class XuefaUserCreationForm(UserCreationForm):
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

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True  # the administrator chose it; the official replaces it
        if commit:
            user.save()
            self.save_m2m()
        return user


class XuefaUserEditForm(UserEditForm):
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
