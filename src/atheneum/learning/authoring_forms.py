import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from atheneum.portfolio.forms import CompetencyMultipleChoiceField

from . import authoring_services as services
from .enums import Level, Licence, MediaKind, QuestionKind
from .models import Choice, Exercise, Media, Module, Question, Resource, Topic


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class ModuleForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=_max(Module, "title"))
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=_max(Module, "slug"),
        help_text=_("Letters, digits and hyphens, e.g. accessible-events."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=_max(Module, "summary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences for the catalogue."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=_max(Module, "introduction"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Written in Markdown."),
    )
    objectives = forms.CharField(
        label=_("Learning objectives"),
        required=False,
        max_length=_max(Module, "objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One objective per line."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated time in minutes"), min_value=1, max_value=6000, initial=60
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    language = forms.CharField(
        label=_("Language"),
        max_length=_max(Module, "language"),
        initial="en",
        help_text=_("A language tag such as en, fr, es or pt-BR."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)
    credits = forms.CharField(
        label=_("Credits"),
        required=False,
        max_length=_max(Module, "credits"),
        help_text=_("Authors and contributors without an account here, and the original's credit."),
    )
    is_partner = forms.BooleanField(label=_("From a partner organisation"), required=False)
    competencies = CompetencyMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Competencies developed"),
        widget=forms.CheckboxSelectMultiple,
    )
    author_emails = forms.CharField(
        label=_("Authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses of people with an account here, one per line."),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (per cent)"), min_value=0, max_value=100, initial=70
    )

    def __init__(self, *args, organisations, competencies, module=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.module = module
        self.fields["competencies"].queryset = competencies
        if module is None:
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]

    @staticmethod
    def initial_for(module: Module) -> dict:
        initial = {name: getattr(module, name) for name in services.MODULE_FIELDS}
        initial["competencies"] = [c.pk for c in module.competencies.all()]
        initial["author_emails"] = "\n".join(a.email for a in module.authors.all())
        return initial

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in services.RESERVED_SLUGS:
            raise ValidationError(
                _("“%(slug)s” is used by the site's own pages. Please choose another."),
                params={"slug": slug},
            )
        return slug

    def clean_language(self):
        return services.check_language(self.cleaned_data["language"])

    def clean_author_emails(self):
        emails = [e for e in re.split(r"[\s,;]+", self.cleaned_data["author_emails"]) if e]
        users = list(get_user_model().objects.filter(email__in=emails))
        known = {user.email.lower() for user in users}
        unknown = [email for email in emails if email.lower() not in known]
        if unknown:
            raise ValidationError(
                _("Nobody here has the address %(emails)s."),
                params={"emails": ", ".join(unknown)},
            )
        return users

    def module_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.MODULE_FIELDS}


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(Topic, "title"))
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=Topic._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Written in Markdown."),
    )
    examples = forms.CharField(
        label=_("Examples"),
        required=False,
        max_length=Topic._meta.get_field("examples").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in Markdown."),
    )


class ExerciseForm(forms.Form):
    prompt = forms.CharField(
        label=_("Activity"),
        max_length=Exercise._meta.get_field("prompt").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the learner is asked to do or think about. Written in Markdown."),
    )
    expects_answer = forms.BooleanField(
        label=_("Offer a space to write an answer"), required=False, initial=True
    )


class MediaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(Media, "title"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaKind.choices)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=_max(Media, "url"),
        assume_scheme="https",
        help_text=_("A link to the video or recording, or upload a file below."),
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("WebM, MP4, Ogg or MP3, at most 200 MB.")
    )
    captions = forms.FileField(
        label=_("Captions (WebVTT)"),
        help_text=_("A .vtt file starting with WEBVTT, at most 1 MB."),
    )
    captions_language = forms.CharField(
        label=_("Captions language"), max_length=_max(Media, "captions_language"), initial="en"
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=Media._meta.get_field("transcript").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Everything said and shown. Needed before the module can be published."),
    )


class MediaAccessibilityForm(forms.Form):
    captions = forms.FileField(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("A .vtt file; leave empty to keep the current one."),
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=Media._meta.get_field("transcript").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(Resource, "title"))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=_max(Resource, "description")
    )
    url = forms.URLField(
        label=_("Link"), required=False, max_length=_max(Resource, "url"), assume_scheme="https"
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Instead of a link: a PDF, image or office document, at most 10 MB."),
    )


class QuestionForm(forms.Form):
    """A question and up to `services.MAX_CHOICES` answer choices; empty choice rows are
    ignored, so no JavaScript is needed to add one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question"),
        max_length=Question._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feedback = forms.CharField(
        label=_("Feedback after answering"),
        required=False,
        max_length=Question._meta.get_field("feedback").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown once the learner has answered, whatever they chose."),
    )

    def __init__(self, *args, rows: int = 4, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = min(rows, services.MAX_CHOICES)
        for index in range(self.rows):
            number = index + 1
            self.fields[f"choice_{index}_text"] = forms.CharField(
                label=_("Answer %(number)d") % {"number": number},
                required=False,
                max_length=_max(Choice, "text"),
            )
            self.fields[f"choice_{index}_correct"] = forms.BooleanField(
                label=_("Answer %(number)d is correct") % {"number": number}, required=False
            )
            self.fields[f"choice_{index}_feedback"] = forms.CharField(
                label=_("Feedback for answer %(number)d") % {"number": number},
                required=False,
                max_length=Choice._meta.get_field("feedback").max_length,
            )

    @staticmethod
    def initial_for(question: Question) -> dict:
        initial = {"kind": question.kind, "text": question.text, "feedback": question.feedback}
        for index, choice in enumerate(question.choices.all()):
            initial[f"choice_{index}_text"] = choice.text
            initial[f"choice_{index}_correct"] = choice.is_correct
            initial[f"choice_{index}_feedback"] = choice.feedback
        return initial

    def choices(self) -> list[dict]:
        return [
            {
                "text": self.cleaned_data[f"choice_{index}_text"],
                "is_correct": self.cleaned_data[f"choice_{index}_correct"],
                "feedback": self.cleaned_data[f"choice_{index}_feedback"],
            }
            for index in range(self.rows)
            if self.cleaned_data[f"choice_{index}_text"].strip()
        ]


class VersionForm(forms.Form):
    change = forms.ChoiceField(
        label=_("Kind of change"),
        choices=[
            ("minor", _("Minor (a typo fix): learners carry on as before")),
            ("major", _("Major: learners are asked to review the module")),
        ],
        widget=forms.RadioSelect,
        initial="minor",
    )


class DuplicateForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    slug = forms.SlugField(
        label=_("Short name of the copy in the address"), max_length=_max(Module, "slug")
    )
    language = forms.CharField(
        label=_("Language of the copy"),
        required=False,
        max_length=_max(Module, "language"),
        help_text=_(
            "Leave empty to adapt it in the same language; give another language tag "
            "(such as fr) to translate it."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_language(self):
        language = self.cleaned_data["language"]
        return services.check_language(language) if language.strip() else ""


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    archive = forms.FileField(
        label=_("Module archive (.zip)"),
        help_text=_("A zip of a folder with module.yaml, as described in the import format."),
    )
    update = forms.BooleanField(
        label=_("Update the module with the same short name if it exists"), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
