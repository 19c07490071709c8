from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import BudgetUnit
from .models import Cycle


class DateInput(forms.DateInput):
    input_type = "date"


class CycleForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("For example “2027” or “2027–2028”.")
    )
    start = forms.DateField(label=_("Starts on"), widget=DateInput)
    end = forms.DateField(label=_("Ends on"), widget=DateInput)
    working_hours_per_person = forms.DecimalField(
        label=_("Working hours per person in the cycle"),
        max_digits=7,
        decimal_places=1,
        min_value=1,
        initial=1600,
        help_text=_("Used to turn a share of working time into hours."),
    )


class PriorityForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    competency = forms.TypedChoiceField(label=_("Competency"), coerce=int)
    target_level = forms.IntegerField(
        label=_("Target level"),
        min_value=0,
        max_value=100,
        help_text=_("The level the team should reach by the end of the cycle."),
    )
    rationale = forms.CharField(
        label=_("Why it matters"), max_length=4000, required=False, widget=forms.Textarea
    )
    budget_unit = forms.ChoiceField(label=_("Time budget unit"), choices=BudgetUnit.choices)
    budget_value = forms.DecimalField(
        label=_("Time budget"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        initial=0,
        help_text=_("Hours per person, or a percentage of working time, for this competency."),
    )

    def __init__(self, *args, cycles: list[Cycle], competency_choices, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [(cycle.pk, cycle.name) for cycle in cycles]
        self.fields["competency"].choices = competency_choices
        if editing:
            del self.fields["cycle"]
            del self.fields["competency"]


class PlanForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), coerce=int)
    summary = forms.CharField(
        label=_("What I want to achieve"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
        help_text=_("A few sentences for your manager: where you want to grow, and why."),
    )

    def __init__(self, *args, cycles: list[Cycle] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if cycles is None:
            del self.fields["cycle"]
        else:
            self.fields["cycle"].choices = [(cycle.pk, cycle.name) for cycle in cycles]


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("How I will get there"), max_length=4000, required=False, widget=forms.Textarea
    )
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"),
        coerce=int,
        required=False,
        help_text=_("Your team's priorities for this cycle are listed first."),
    )
    planned_activities = forms.CharField(
        label=_("Planned activities"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Courses, conferences, reading, a project at work…"),
    )
    target_hours = forms.DecimalField(
        label=_("Hours planned"),
        max_digits=6,
        decimal_places=2,
        min_value=0.25,
        max_value=9999,
        required=False,
    )

    def __init__(self, *args, competency_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = competency_choices
        self.fields["competencies"].widget.attrs["size"] = 10


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("plan conversation", "Comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve the plan")),
            ("changes", _("Ask for changes")),
            ("comment", _("Only comment")),
        ],
    )
    comment = forms.CharField(
        label=pgettext_lazy("plan conversation", "Comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes or only comment."),
    )


class LinkActivitiesForm(forms.Form):
    activities = forms.TypedMultipleChoiceField(
        label=_("Recorded activities that count for this goal"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity_choices, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["activities"].choices = activity_choices
