from django import forms
from django.utils.translation import gettext_lazy as _


class KeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which tool uses this key, so you can tell keys apart later."),
    )
