from django import forms
from django.utils.translation import gettext_lazy as _

from .scopes import AREAS, READ, WRITE, scope_choices


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Reading list script”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Read and write includes read. Give a token only what it needs."),
        error_messages={"required": _("Choose at least one scope.")},
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("From 1 to 366 days. Leave empty for a token that does not expire."),
    )

    def scope_groups(self):
        """The scope checkboxes grouped by area: [(area label, [read box, write box])]."""
        boxes = {box.data["value"]: box for box in self["scopes"]}
        return [
            (label, [boxes[f"{area}:{READ}"], boxes[f"{area}:{WRITE}"]])
            for area, label in AREAS.items()
        ]
