from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import SessionKind
from .models import Proposal, Review

TITLE_MAX = Proposal._meta.get_field("title").max_length
ABSTRACT_MAX = Proposal._meta.get_field("abstract").max_length
COMMENT_MAX = Review._meta.get_field("comment").max_length


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=ABSTRACT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you will talk about and what people will take away. Markdown."),
    )
    language = forms.ChoiceField(label=_("Language of the session"))
    kind = forms.ChoiceField(label=_("Session type"), choices=SessionKind.choices)
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies it addresses"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, languages: list[tuple[str, str]], competency_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages
        self.fields["competencies"].choices = competency_groups
        if not competency_groups:
            del self.fields["competencies"]


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is weak, 5 is excellent."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Other reviewers see it once they have scored; the submitter never does."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
