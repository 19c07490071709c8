"""Forms for registering, organising registration forms, attendance and check-in."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .enums import QuestionKind
from .models import RegistrationForm

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def language_name(code: str) -> str:
    """The language's own name (so "Español" in every interface), else its code."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return str(LANGUAGE_NAMES.get(code, code))


def language_choices(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in codes]


class RegistrationAnswersForm(forms.Form):
    """The visitor's registration: the language they follow, then the organiser's questions,
    labelled in the form's own language."""

    def __init__(self, *args, registration_form: RegistrationForm, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.registration_form = registration_form
        self.fields["follow_language"] = forms.ChoiceField(
            label=_("I will follow the sessions in"),
            choices=language_choices(languages),
            initial=registration_form.language if registration_form.language in languages else None,
        )
        for question in registration_form.questions.all():
            name = f"q_{question.pk}"
            common = {
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
            }
            if question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[(choice, choice) for choice in question.choices],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == QuestionKind.CHECKBOX:
                self.fields[name] = forms.BooleanField(**common)
            else:
                self.fields[name] = forms.CharField(max_length=1000, **common)

    def answers(self) -> dict:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("q_")
        }


class RegistrationFormCreateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the form"))
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("Shown above the questions. Write it in the form's language."),
    )

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(languages)


class RegistrationFormUpdateForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), required=False, max_length=5000, widget=forms.Textarea
    )
    is_open = forms.BooleanField(label=_("Open for registration"), required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea,
        help_text=_("For a choice question: one choice a line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class AttendanceReportForm(forms.Form):
    report = forms.FileField(
        label=_("Attendance report (CSV)"),
        help_text=_(
            "The report your video platform exports, with the columns email, join time and "
            "leave time. A person may have several rows; their times are added up."
        ),
    )
    min_share = forms.IntegerField(
        label=_("Minimum share of the session that counts as attended (per cent)"),
        min_value=1,
        max_value=100,
        initial=50,
    )


class CheckInForm(forms.Form):
    session = forms.ChoiceField(label=_("Session"))
    code = forms.CharField(label=_("Check-in code"), max_length=20)

    def __init__(self, *args, sessions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions
