from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import CompetencyKind
from .models import CompetencyText, Framework, ProficiencyLevel, Rating

LANGUAGE_HELP = _("A language code such as en, sv, fr, es or ar.")


class FrameworkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Owner organisation"),
        required=False,
        empty_label=_("Everyone (a framework published for all)"),
        help_text=_("Members of the organisation see its framework; publishing shows it to all."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=100,
        help_text=_("Letters, digits and hyphens, such as riverside-core."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.CharField(
        label=_("Source language"), max_length=35, initial="en", help_text=LANGUAGE_HELP
    )
    version = forms.CharField(label=_("Version"), max_length=40, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    uses_manager_ratings = forms.BooleanField(
        label=_("Managers rate too"),
        required=False,
        help_text=_("Managers may record their own rating beside each member's self-assessment."),
    )

    def __init__(self, *args, organisations=None, allow_everyone=False, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = not allow_everyone


class LevelForm(forms.Form):
    value = forms.IntegerField(
        label=pgettext_lazy("proficiency level", "Value"), min_value=0, max_value=100
    )
    label = forms.CharField(
        label=pgettext_lazy("proficiency level", "Label"),
        max_length=ProficiencyLevel._meta.get_field("label").max_length,
    )
    description = forms.CharField(
        label=_("What it looks like"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompetencyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CompetencyKind.choices)
    parent = forms.TypedChoiceField(
        label=_("Part of"), required=False, coerce=int, empty_value=None
    )
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Lower numbers come first among the competency's siblings."),
    )
    language = forms.CharField(label=_("Language"), max_length=35, help_text=LANGUAGE_HELP)
    title = forms.CharField(
        label=_("Name"), max_length=CompetencyText._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=CompetencyText._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, parent_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("Nothing: top level")), *parent_choices]


class ImportForm(forms.Form):
    FORMATS = [("csv", "CSV"), ("case", _("IMS CASE 1.0 (JSON)"))]

    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Owner organisation"),
        required=False,
        empty_label=_("Everyone (a framework published for all)"),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="csv")
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 20 MB, in UTF-8. Nothing is imported if any part is wrong."),
    )

    def __init__(self, *args, organisations, allow_everyone=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = not allow_everyone

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def level_choices(framework: Framework) -> list[tuple[str, str]]:
    return [
        (str(level.value), f"{level.value} · {level.label}") for level in framework.levels.all()
    ]


class SelfRatingForm(forms.Form):
    """One competency in the self-assessment; a page holds one per competency (by prefix)."""

    current = forms.TypedChoiceField(
        label=pgettext_lazy("rating kind", "Current level"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    target = forms.TypedChoiceField(
        label=pgettext_lazy("rating kind", "Target level"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (only you, and managers you share with, see it)"),
        required=False,
        max_length=Rating._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = forms.TypedMultipleChoiceField(
        label=_("Evidence from my portfolio"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, levels, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current"].choices = levels
        self.fields["target"].choices = levels
        if activities:
            self.fields["evidence"].choices = activities
        else:
            del self.fields["evidence"]


def activity_choices(activities) -> list[tuple[int, str]]:
    return [
        (activity.pk, f"{activity.title} ({date_format(activity.start, 'SHORT_DATE_FORMAT')})")
        for activity in activities
    ]


class ManagerRatingForm(forms.Form):
    current = forms.TypedChoiceField(
        label=_("Your rating of the current level"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the member"),
        required=False,
        max_length=Rating._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current"].choices = levels


LANGUAGE_NAMES = dict(settings.LANGUAGES)
