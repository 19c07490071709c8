from django import forms
from django.utils.translation import gettext_lazy as _

from atheneum.organisations.models import Organisation

from .enums import FileKind, LanguageState, Region
from .models import Campaign, GlossaryTerm, Segment


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class CampaignCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=_max(Campaign, "title"))
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=_max(Campaign, "slug"),
        help_text=_("Letters, digits and hyphens, e.g. cpd-poster."),
    )
    source_language = forms.CharField(
        label=_("Source language"),
        max_length=35,
        initial="en",
        help_text=_("A language tag such as en, fr or pt-BR."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(Campaign, "title"))
    slug = forms.SlugField(label=_("Short name in the address"), max_length=_max(Campaign, "slug"))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in Markdown."),
    )
    source_language = forms.CharField(label=_("Source language"), max_length=35)
    template_file = forms.FileField(label=_("Template file"), required=False)
    preview_pdf = forms.FileField(label=_("PDF preview"), required=False)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    claim_release_days = forms.IntegerField(
        label=_("Release a claim left untouched after (days)"), min_value=1, max_value=365
    )
    allowed_file_kinds = forms.MultipleChoiceField(
        label=_("File types accepted for translated files"),
        choices=FileKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_upload_megabytes = forms.IntegerField(
        label=_("Largest upload (MB)"), min_value=1, max_value=200
    )
    text_only = forms.BooleanField(
        label=_("Text-only document (published languages get a generated PDF)"), required=False
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)
    supporters = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Supporting organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinators = forms.CharField(
        label=_("Other campaign organisers (e-mail addresses, one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporters"].queryset = Organisation.objects.exclude(
            pk=campaign.organisation_id
        ).order_by("name")

    @staticmethod
    def initial_for(campaign: Campaign) -> dict:
        return {
            "title": campaign.title,
            "slug": campaign.slug,
            "description": campaign.description,
            "source_language": campaign.source_language,
            "deadline": campaign.deadline,
            "claim_release_days": campaign.claim_release_days,
            "allowed_file_kinds": campaign.allowed_file_kinds,
            "max_upload_megabytes": campaign.max_upload_megabytes,
            "text_only": campaign.text_only,
            "is_published": campaign.is_published,
            "supporters": list(campaign.supporters.all()),
            "coordinators": "\n".join(u.email for u in campaign.coordinators.all()),
        }


class SegmentsPasteForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the text, one paragraph per segment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        help_text=_("Leave a blank line between paragraphs."),
    )


class SegmentForm(forms.Form):
    source_text = forms.CharField(
        label=_("Source text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    context = forms.CharField(
        label=_("Note for translators"), max_length=_max(Segment, "context"), required=False
    )


class TargetAddForm(forms.Form):
    language = forms.CharField(
        label=_("Language tag"), max_length=35, help_text=_("For example sw, pt-BR or zh-Hans.")
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("(none)")), *Region.choices], required=False
    )


class ReviewerForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())
    email = forms.EmailField(label=_("Reviewer's e-mail address"))

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages


class GlossaryTermForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=_max(GlossaryTerm, "term"))
    explanation = forms.CharField(
        label=_("Explanation"), max_length=_max(GlossaryTerm, "explanation"), required=False
    )


class GlossaryTranslationForm(forms.Form):
    language = forms.CharField(label=_("Language tag"), max_length=35)
    text = forms.CharField(label=_("Translation (empty to remove)"), max_length=200, required=False)


class BoardFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *LanguageState.choices], required=False
    )
