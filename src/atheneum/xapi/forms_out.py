"""Forms for an organisation's outbound xAPI settings: destinations and activity maps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atheneum.portfolio.enums import ActivityKind

from .models import ActivityMap, Destination, XapiVersion


class DestinationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Destination._meta.get_field("name").max_length,
        help_text=_("For you: which learning record store this is."),
    )
    endpoint = forms.CharField(
        label=_("Statements endpoint"),
        max_length=Destination._meta.get_field("endpoint").max_length,
        help_text=_("The full address, e.g. https://lrs.example.org/xapi/statements"),
        widget=forms.URLInput,
    )
    username = forms.CharField(
        label=_("Key (user name)"),
        max_length=Destination._meta.get_field("username").max_length,
    )
    password = forms.CharField(
        label=_("Secret (password)"),
        max_length=Destination._meta.get_field("password").max_length,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    version = forms.ChoiceField(
        label=_("xAPI version"), choices=XapiVersion.choices, initial=XapiVersion.V1_0_3
    )
    active = forms.BooleanField(
        label=_("Send statements"),
        required=False,
        initial=True,
        help_text=_("Untick to pause sending without deleting the settings."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["password"].help_text = _(
                "Leave empty to keep the secret you saved before. It is never shown again."
            )
        else:
            self.fields["password"].required = True


class ActivityMapForm(forms.Form):
    iri_prefix = forms.CharField(
        label=_("Activity id starts with"),
        max_length=ActivityMap._meta.get_field("iri_prefix").max_length,
        help_text=_(
            "Statements from your learning tools whose activity id starts with this address "
            "are recorded as the type below, e.g. https://lms.example.org/courses/"
        ),
    )
    kind = forms.ChoiceField(label=_("Record them as"), choices=ActivityKind.choices)
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies they develop"),
        coerce=int,
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, competency_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].choices = list(competency_groups)
