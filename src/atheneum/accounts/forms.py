import langcodes
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atheneum.common.timezones import is_valid_timezone, timezone_choices

from .models import User

MAX_LANGUAGES = 20


def parse_language_tags(raw: str) -> list[str]:
    """Turns "en, pt-br" into standard tags, or raises ValidationError naming the bad one."""
    tags: list[str] = []
    for part in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
        if len(part) > 35 or not langcodes.tag_is_valid(part):
            raise forms.ValidationError(
                _("“%(tag)s” is not a language tag. Use codes such as en, ar, zh-Hans or pt-BR."),
                params={"tag": part[:40]},
                code="invalid_language",
            )
        tag = langcodes.standardize_tag(part)
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_LANGUAGES:
        raise forms.ValidationError(
            _("List at most %(max)d languages."), params={"max": MAX_LANGUAGES}, code="too_many"
        )
    return tags


class ProfileForm(forms.ModelForm):
    languages_spoken = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        max_length=400,
        help_text=_("Language codes separated by commas, for example: en, ar, pt-BR."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = [
            "display_name",
            "country",
            "languages_spoken",
            "time_zone",
            "interface_language",
            "bio",
            "profile_visibility",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and not self.is_bound:
            self.initial["languages_spoken"] = ", ".join(self.instance.languages_spoken or [])
        self.fields["interface_language"].choices = [
            ("", _("Follow my browser")),
            *settings.LANGUAGES,
        ]

    def clean_languages_spoken(self) -> list[str]:
        return parse_language_tags(self.cleaned_data.get("languages_spoken") or "")

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"]
        if not is_valid_timezone(zone):
            raise forms.ValidationError(_("That time zone is not known."), code="invalid_zone")
        return zone


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Deleting your account cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
