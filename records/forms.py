from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class OfficialsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        dept = obj.department.name if obj.department_id else "—"
        return f"{obj.display_name}（{obj.staff_number or obj.username}，{dept}）"


class OfflineTrainingForm(forms.Form):
    title = forms.CharField(
        label=_("Training"),
        max_length=200,
        help_text=_("E.g. “区委党校法治专题讲座：《信访工作条例》解读”."),
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    credit_hours = forms.DecimalField(
        label=_("Credit hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("40"),
        decimal_places=2,
        help_text=_("学时 credited to each official present."),
    )
    place = forms.CharField(label=_("Place or organiser"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Evidence note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    officials = OfficialsField(
        label=_("Officials present"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, officials_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officials"].queryset = officials_queryset

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The training cannot be in the future."))
        return value


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "Why this record is wrong. Kept with the correction and shown to the official."
        ),
    )


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or staff number"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import StudyRecordKind

        self.fields["kind"].choices = [("", _("All kinds")), *StudyRecordKind.choices]
