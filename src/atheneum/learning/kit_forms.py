"""Forms for training kits. Services validate again; these only shape and label the input."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import KitPartKind, Licence
from .kit_services import KIT_FILE_MAX_MEGABYTES
from .models import Kit, KitPart, KitSession


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class KitForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    title = forms.CharField(label=_("Title"), max_length=_max(Kit, "title"))
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=_max(Kit, "purpose"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the workshop is for and what participants take away. Markdown."),
    )
    audience = forms.CharField(
        label=_("Audience"),
        max_length=_max(Kit, "audience"),
        help_text=_("Who the workshop is for, e.g. frontline staff and volunteers."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=5, max_value=2400, initial=120
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    credits = forms.CharField(
        label=_("Credits"),
        required=False,
        max_length=_max(Kit, "credits"),
        help_text=_("Authors and contributors, and the credit the original asks for."),
    )

    def __init__(self, *args, organisations=None, kit: Kit | None = None, **kwargs):
        if kit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": kit.title,
                    "purpose": kit.purpose,
                    "audience": kit.audience,
                    "duration_minutes": kit.duration_minutes,
                    "language": kit.language,
                    "licence": kit.licence,
                    "credits": kit.credits,
                },
            )
        super().__init__(*args, **kwargs)
        if kit is None:
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]


class KitSessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(KitSession, "title"))
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=1440, initial=60
    )
    outcomes = forms.CharField(
        label=_("Learning outcomes"),
        required=False,
        max_length=_max(KitSession, "outcomes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: what participants can do after the session."),
    )
    plan = forms.CharField(
        label=_("Facilitator plan"),
        required=False,
        max_length=_max(KitSession, "plan"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Activities, timings and materials for the facilitator. Markdown."),
    )

    def __init__(self, *args, session: KitSession | None = None, **kwargs):
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": session.title,
                    "minutes": session.minutes,
                    "outcomes": session.outcomes,
                    "plan": session.plan,
                },
            )
        super().__init__(*args, **kwargs)


class KitPartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KitPartKind.choices)
    title = forms.CharField(label=_("Title"), max_length=_max(KitPart, "title"))
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=_max(KitPart, "body"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Written in Markdown."),
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=_max(KitPart, "url"),
        assume_scheme="https",
    )
    file = forms.FileField(label=_("File"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    def __init__(self, *args, part: KitPart | None = None, **kwargs):
        if part is not None:
            kwargs.setdefault(
                "initial",
                {"kind": part.kind, "title": part.title, "body": part.body, "url": part.url},
            )
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF, an image or an office document (Word, Excel, PowerPoint, OpenDocument), "
            "at most %(limit)d MB. Downloaded, never opened in the browser."
        ) % {"limit": KIT_FILE_MAX_MEGABYTES}
        if part is None or not part.file:
            del self.fields["remove_file"]


class KitCopyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Copy to"),
        help_text=_("The copy is a draft of this organisation that you can adapt."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().pk


class KitScheduleForm(forms.Form):
    event = forms.ModelChoiceField(queryset=None, label=_("Event"))
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In your time zone (%(zone)s)."),
    )
    language = forms.ChoiceField(
        label=_("Language of the workshop"),
        choices=settings.LANGUAGES,
        help_text=_("One of the languages the event offers."),
    )

    def __init__(self, *args, events, zone, event_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = event_label
        self.fields["start_time"].help_text = self.fields["start_time"].help_text % {
            "zone": str(zone).replace("_", " ")
        }

    def clean(self):
        data = super().clean()
        day, time = data.get("day"), data.get("start_time")
        if day and time:
            data["start"] = datetime.datetime.combine(day, time, tzinfo=self.zone)
        return data
