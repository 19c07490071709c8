from django import forms
from django.utils.translation import gettext_lazy as _

from .baking import MAX_UPLOAD_BYTES, credential_from_png, token_from_text
from .services import MAX_REASON


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to anyone who verifies the badge."),
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Credential (JWT or JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "dir": "ltr"}),
        help_text=_("Paste the text of a downloaded credential."),
    )
    upload = forms.FileField(
        label=_("Or upload a badge image or credential file"),
        required=False,
        help_text=_("A PNG badge, or a .json or .jwt credential file, up to 2 MB."),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload = cleaned.get("upload")
        text = cleaned.get("token") or ""
        if upload:
            data = upload.read()
            if data.startswith(b"\x89PNG"):
                baked = credential_from_png(data)
                if baked is None:
                    self.add_error("upload", _("This image has no credential baked into it."))
                    return cleaned
                text = baked
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    self.add_error(
                        "upload", _("Please upload a PNG badge or a .json or .jwt credential.")
                    )
                    return cleaned
        if not text.strip():
            self.add_error("token", _("Please paste a credential or upload a badge."))
            return cleaned
        token = token_from_text(text)
        if not token:
            self.add_error(
                "upload" if upload else "token",
                _("This is not a credential we can read: it has no signed JWT."),
            )
        cleaned["jwt"] = token
        return cleaned
