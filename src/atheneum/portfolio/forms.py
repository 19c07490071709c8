from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .enums import ActivityKind, IdeaApplied, LearningMode, QuotaKind
from .files import MAX_EVIDENCE_MEGABYTES
from .models import Activity, Requirement, ShareLink
from .selectors import competency_label
from .templates_text import PART_LABELS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LANGUAGE_CHOICES = [("", _("Not given")), *settings.LANGUAGES]


def evidence_help() -> str:
    return gettext(
        "A certificate, slides or notes: PDF, image (PNG, JPEG, GIF, WebP) or office document, "
        "at most %(mb)d MB."
    ) % {"mb": MAX_EVIDENCE_MEGABYTES}


class CompetencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.framework.title}: {competency_label(obj)}"


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.framework.title}: {competency_label(obj)}"


class ActivityForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=Activity._meta.get_field("title").max_length
    )
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    mode = forms.ChoiceField(
        label=_("Learning mode"),
        choices=[("", _("Decide from the type")), *LearningMode.choices],
        required=False,
        help_text=_("Conferences, courses and coaching count as participatory; reading does not."),
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=Activity._meta.get_field("provider").max_length,
        required=False,
        help_text=_("Who organised or published it."),
    )
    start = forms.DateTimeField(
        label=_("Start"), widget=DATETIME_WIDGET, help_text=_("In your time zone.")
    )
    end = forms.DateTimeField(label=_("End"), widget=DATETIME_WIDGET)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        help_text=_("At most 24 for each calendar day the activity spans."),
    )
    link = forms.URLField(
        label=_("Link"),
        max_length=Activity._meta.get_field("link").max_length,
        required=False,
        assume_scheme="https",
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    description = forms.CharField(
        label=_("Notes"),
        max_length=Activity._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    competencies = CompetencyMultipleChoiceField(
        label=_("Competencies developed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies
        self.fields["evidence"].help_text = evidence_help()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end must not be before the start."))
        return data


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Evidence file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = evidence_help()


class ReflectionForm(forms.Form):
    part_1 = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    part_2 = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    part_3 = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, template: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = PART_LABELS[template]
        for index, name in enumerate(("part_1", "part_2", "part_3")):
            if index < len(labels):
                self.fields[name].label = labels[index]
                self.fields[name].help_text = _("Written in Markdown.")
                self.fields[name].error_messages["required"] = _(
                    "Please write this part of your reflection."
                )
            else:
                del self.fields[name]


class FollowUpForm(forms.Form):
    idea_applied = forms.ChoiceField(
        label=_("Did you apply the idea?"),
        choices=IdeaApplied.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say whether you applied the idea.")},
    )
    note = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecordFilterForm(forms.Form):
    period_start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any type")), *ActivityKind.choices], required=False
    )
    competency = forms.TypedChoiceField(
        label=_("Competency"),
        coerce=int,
        empty_value=None,
        required=False,
        # The wording of the model choice field this replaced.
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_("Words in the title, provider or notes."),
    )

    def __init__(self, *args, competencies: list[tuple[int, str]], **kwargs):
        """`competencies`: (pk, label) of the competencies the member may filter by."""
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Any competency")), *competencies]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return data


class ExportForm(forms.Form):
    FORMATS = [("pdf", _("PDF statement")), ("csv", _("CSV spreadsheet")), ("json", "JSON")]

    period_start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.RadioSelect)
    include_reflections = forms.BooleanField(label=_("Include reflections"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return data


class SharePeriodForm(forms.Form):
    period_start = forms.DateField(
        label=_("From"), required=False, widget=DATE_WIDGET, help_text=_("Empty: from the start.")
    )
    period_end = forms.DateField(
        label=_("Until"), required=False, widget=DATE_WIDGET, help_text=_("Empty: with no end.")
    )
    include_reflections = forms.BooleanField(
        label=_("Include reflections and evidence files"), required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return data


class ShareLinkForm(SharePeriodForm):
    label = forms.CharField(
        label=_("Label"),
        max_length=ShareLink._meta.get_field("label").max_length,
        required=False,
        help_text=_("For you: who the link is for."),
    )
    field_order = ["label", "period_start", "period_end", "include_reflections"]


class RequirementForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=Requirement._meta.get_field("name").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cycle_years = forms.IntegerField(
        label=_("Cycle length in years"), min_value=1, max_value=10, initial=1
    )
    cycle_start = forms.DateField(
        label=_("First cycle starts"),
        widget=DATE_WIDGET,
        help_text=_("Later cycles follow one another from this day."),
    )
    total_hours = forms.DecimalField(
        label=_("Hours per cycle"), max_digits=7, decimal_places=2, min_value=0
    )
    min_reflections = forms.IntegerField(
        label=_("Reflections per cycle"), min_value=0, max_value=1000, initial=0
    )


class QuotaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Counts"), choices=QuotaKind.choices, widget=forms.RadioSelect)
    activity_kind = forms.ChoiceField(
        label=_("Activity type"), choices=[("", "—"), *ActivityKind.choices], required=False
    )
    mode = forms.ChoiceField(
        label=_("Learning mode"), choices=[("", "—"), *LearningMode.choices], required=False
    )
    area = CompetencyChoiceField(label=_("Competency area"), queryset=None, required=False)
    min_hours = forms.DecimalField(
        label=_("At least hours"), max_digits=7, decimal_places=2, min_value=0.01
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        source = {
            QuotaKind.ACTIVITY_KIND: "activity_kind",
            QuotaKind.MODE: "mode",
            QuotaKind.COMPETENCY_AREA: "area",
        }.get(kind)
        if source is None:
            return data
        value = data.get(source)
        if not value:
            self.add_error(source, _("Please choose what the sub-quota counts."))
        else:
            data["value"] = str(value.pk) if source == "area" else value
        return data
