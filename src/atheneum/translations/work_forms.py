from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReviewComment, SegmentTranslation


class ClaimForm(forms.Form):
    credit = forms.BooleanField(
        label=_("Credit me by name"),
        required=False,
        initial=True,
        help_text=_("Show your display name on the campaign and the published version."),
    )


class SegmentForm(forms.Form):
    """One segment of the editor; `version` is the one the translator started from."""

    text = forms.CharField(
        label=_("Translation"),
        required=False,
        max_length=SegmentTranslation._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, language: str = "", direction: str = "ltr", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update({"lang": language, "dir": direction})


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Translated file"))


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=ReviewComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What should the translators change?"),
        max_length=ReviewComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HandOverForm(forms.Form):
    user = forms.TypedChoiceField(label=_("New lead translator"), coerce=int)

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [
            (volunteer.user_id, volunteer.user.public_name) for volunteer in volunteers
        ]
