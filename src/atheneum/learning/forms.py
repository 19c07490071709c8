from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from atheneum.portfolio.selectors import competency_label

from . import selectors
from .enums import Level, QuestionKind
from .models import AttemptAnswer, ExerciseAnswer, Question
from .selectors import CatalogueFilter

LENGTH_CHOICES = [
    ("", _("Any length")),
    ("short", _("Under 30 minutes")),
    ("medium", _("30 to 90 minutes")),
    ("long", _("Over 90 minutes")),
]


def language_name(code: str) -> str:
    """The language's name in the viewer's language, whatever code an author chose."""
    names = dict(settings.LANGUAGES)
    if code in names:
        return str(names[code])
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def catalogue_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The catalogue filter's competency and language choices, in the viewer's language (the
    catalogue caches them: see `views._catalogue_filter`)."""
    return (
        [(str(c.pk), competency_label(c)) for c in selectors.catalogue_competencies()],
        [(code, language_name(code)) for code in selectors.catalogue_languages()],
    )


class CatalogueForm(forms.Form):
    """The catalogue's search and filters (a GET form; every field optional)."""

    q = forms.CharField(label=_("Search titles and summaries"), required=False, max_length=200)
    competency = forms.TypedChoiceField(
        label=_("Competency"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    length = forms.ChoiceField(label=_("Estimated time"), required=False, choices=LENGTH_CHOICES)

    def __init__(self, *args, competency_choices, language_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("Any competency")), *competency_choices]
        self.fields["language"].choices = [("", _("Any language")), *language_choices]

    def is_filtering(self) -> bool:
        """Whether any filter was given (the form then shows what was asked)."""
        return self.is_bound and any(name in self.data for name in self.fields)

    def filters(self) -> CatalogueFilter:
        if not self.is_valid():
            return CatalogueFilter()
        data = self.cleaned_data
        return CatalogueFilter(
            text=" ".join(data["q"].split()),
            competency_id=data["competency"],
            language=data["language"],
            level=data["level"],
            length=data["length"],
        )


class ExerciseAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=ExerciseAnswer._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you can read it. Leave it empty and save to remove it."),
    )


class AssessmentForm(forms.Form):
    """One field per question, named `question_<id>`; nothing here tells which answer is right."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            label = _("Question %(number)s. %(text)s") % {
                "number": number,
                "text": question.text,
            }
            choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.REFLECTION:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=AttemptAnswer._meta.get_field("text").max_length,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("Not scored. Only you can read it."),
                )
            elif question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose every answer that applies."),
                    error_messages={"required": _("Choose at least one answer.")},
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer.")},
                )

    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }
