from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import department_paths, departments_visible_to
from case_library.models import CasePage
from courses.models import Article, Division, LessonPage

from .models import (
    CREDITED_STATUSES,
    AttendanceStatus,
    DiscussionQuestion,
    FollowUpAction,
    SessionModule,
    Speech,
    StudySession,
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        dept = obj.department.name if obj.department_id else ""
        return f"{obj.display_name}（{dept}）" if dept else obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        dept = obj.department.name if obj.department_id else ""
        return f"{obj.display_name}（{dept}）" if dept else obj.display_name


class DepartmentsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return self.paths.get(obj.pk, obj.name)


def _people():
    return (
        User.objects.filter(is_active=True, left_on__isnull=True)
        .select_related("department")
        .order_by("department__sort_order", "staff_number", "pk")
    )


class StudySessionForm(forms.ModelForm):
    """Plan or edit a session. Departments offered are those the user may see."""

    class Meta:
        model = StudySession
        fields = [
            "session_type",
            "topic",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "department",
            "organiser",
            "lead",
            "lead_name",
            "summary",
            "invited_departments",
            "invited_people",
            "walk_ins_allowed",
            "planned_minutes",
            "credit_hours_override",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "organiser": PersonChoiceField,
            "lead": PersonChoiceField,
            "invited_departments": DepartmentsField,
            "invited_people": PeopleChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        visible = departments_visible_to(user)
        paths = department_paths()
        self.fields["department"].queryset = visible
        self.fields["department"].label_from_instance = lambda d: paths.get(d.pk, d.name)
        self.fields["invited_departments"].queryset = visible
        self.fields["invited_departments"].paths = paths
        people = _people()
        self.fields["organiser"].queryset = people
        self.fields["lead"].queryset = people
        self.fields["invited_people"].queryset = people
        self.fields["invited_people"].help_text = _(
            "People from other departments, invited by name. Hold Ctrl (or ⌘) to choose several."
        )
        if not self.instance.pk:
            self.fields["organiser"].initial = user.pk
            if user.department_id and visible.filter(pk=user.department_id).exists():
                self.fields["department"].initial = user.department_id

    def clean(self):
        data = super().clean()
        if not data.get("invited_departments") and not data.get("invited_people"):
            self.add_error(
                "invited_departments", _("Invite at least one department or one person.")
            )
        return data


class ModuleForm(forms.ModelForm):
    class Meta:
        model = SessionModule
        fields = ["position", "kind", "lesson", "case", "division", "article", "note"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "class": "input--short"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = LessonPage.objects.live().order_by("path")
        self.fields["case"].queryset = CasePage.objects.live().order_by("title")
        self.fields["division"].queryset = Division.objects.select_related("regulation").order_by(
            "regulation__title", "position"
        )
        self.fields["division"].label_from_instance = lambda d: f"{d.regulation}{d.heading}"
        self.fields["article"].queryset = Article.objects.filter(is_current=True).select_related(
            "regulation"
        )
        self.fields["article"].label_from_instance = lambda a: f"{a.regulation}{a.label}"

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        wanted = SessionModule.FIELD_FOR_KIND.get(kind)
        if wanted and not data.get(wanted):
            self.add_error(wanted, _("Choose what this module studies."))
        return data


ModuleFormSet = inlineformset_factory(
    StudySession, SessionModule, form=ModuleForm, extra=2, can_delete=True
)

QuestionFormSet = inlineformset_factory(
    StudySession,
    DiscussionQuestion,
    fields=["position", "text", "hint"],
    widgets={
        "text": forms.Textarea(attrs={"rows": 2}),
        "hint": forms.Textarea(attrs={"rows": 2}),
        "position": forms.NumberInput(attrs={"min": 0, "class": "input--short"}),
    },
    extra=2,
    can_delete=True,
)


class SpeechForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["position", "kind", "speaker", "speaker_name", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "position": forms.NumberInput(attrs={"min": 0, "class": "input--short"}),
        }
        field_classes = {"speaker": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = _people()


SpeechFormSet = inlineformset_factory(
    StudySession, Speech, form=SpeechForm, extra=2, can_delete=True
)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["position", "description", "owner", "due_on", "done"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "position": forms.NumberInput(attrs={"min": 0, "class": "input--short"}),
        }
        field_classes = {"owner": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


FollowUpFormSet = inlineformset_factory(
    StudySession, FollowUpAction, form=FollowUpForm, extra=1, can_delete=True
)


class ConclusionsForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["conclusions"]
        widgets = {"conclusions": forms.Textarea(attrs={"rows": 4})}


class WalkInForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[(s.value, s.label) for s in AttendanceStatus if s in CREDITED_STATUSES],
        initial=AttendanceStatus.PRESENT,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people().exclude(
            pk__in=session.attendances.values("user_id")
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class SessionFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("All departments")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        paths = department_paths()
        self.fields["department"].queryset = departments_visible_to(user)
        self.fields["department"].label_from_instance = lambda d: paths.get(d.pk, d.name)
