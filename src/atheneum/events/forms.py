"""Forms for organising events; the services validate again, so bad input never lands."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atheneum.common.uploads import check_image, check_transcript_file, check_webvtt
from atheneum.portfolio.files import sniff_content_type

from .enums import AttendanceMode, EventStatus, RecordingVisibility, SessionKind


def language_choices():
    return list(settings.LANGUAGES)


def zone_choices():
    return [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class EventForm(forms.Form):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    title = forms.CharField(label=_("Title (in the main language)"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description (Markdown)"), widget=forms.Textarea, max_length=20_000, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"), widget=forms.CheckboxSelectMultiple, choices=language_choices
    )
    default_language = forms.ChoiceField(label=_("Main language"), choices=language_choices)
    time_zone = forms.ChoiceField(label=_("Time zone of the event"), choices=zone_choices)
    start = forms.DateTimeField(
        label=_("Start"), widget=DateTimeInput(), help_text=_("In the event's time zone.")
    )
    end = forms.DateTimeField(
        label=_("End"), widget=DateTimeInput(), help_text=_("In the event's time zone.")
    )
    mode = forms.ChoiceField(label=_("Format"), choices=AttendanceMode.choices)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty for no limit.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices)
    code_of_conduct_url = forms.URLField(
        assume_scheme="https", label=_("Code of conduct link"), required=False
    )
    recordings_visibility = forms.ChoiceField(
        label=_("Who may watch recordings"), choices=RecordingVisibility.choices
    )
    meeting_link_minutes_before = forms.IntegerField(
        label=_("Show meeting links this many minutes before a session"),
        min_value=0,
        max_value=240,
        initial=15,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("title", "summary", "description"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone in zoneinfo.available_timezones():
            tz = zoneinfo.ZoneInfo(zone)
            for name in ("start", "end"):
                if data.get(name):
                    data[name] = data[name].replace(tzinfo=None).replace(tzinfo=tz)
        return data


class EventTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Description (Markdown)"), widget=forms.Textarea, max_length=20_000, required=False
    )


class TrackForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(assume_scheme="https", label=_("Website"), required=False)
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        validators=[check_image],
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB."),
    )
    logo_alt = forms.CharField(
        label=_("Logo text alternative"),
        max_length=200,
        required=False,
        help_text=_("What the logo says or shows, for people who cannot see it."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)


class FaqForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(label=_("Answer (Markdown)"), widget=forms.Textarea, max_length=5000)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [(code, names.get(code, code)) for code in languages]


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    bio = forms.CharField(label=_("Bio"), widget=forms.Textarea, max_length=3000, required=False)
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        validators=[check_image],
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB."),
    )
    photo_alt = forms.CharField(
        label=_("Photo text alternative"),
        max_length=200,
        required=False,
        help_text=_("A short description of the photo, for people who cannot see it."),
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=SessionKind.choices)
    start = forms.DateTimeField(
        label=_("Start"), widget=DateTimeInput(), help_text=_("In the event's time zone.")
    )
    end = forms.DateTimeField(
        label=_("End"), widget=DateTimeInput(), help_text=_("In the event's time zone.")
    )
    track = forms.ModelChoiceField(label=_("Track"), queryset=None, required=False)
    room = forms.CharField(label=_("Room or channel"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(label=_("Given in"), widget=forms.CheckboxSelectMultiple)
    interpreted_into = forms.MultipleChoiceField(
        label=_("Interpreted into"),
        widget=forms.CheckboxSelectMultiple,
        choices=language_choices,
        required=False,
    )
    meeting_url = forms.URLField(
        assume_scheme="https",
        label=_("Meeting link"),
        max_length=500,
        required=False,
        help_text=_("Shown only to registered people, shortly before the session."),
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies addressed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args, event, tracks, speakers, competencies, competency_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        names = dict(settings.LANGUAGES)
        self.fields["languages"].choices = [(c, names.get(c, c)) for c in event.languages]
        self.fields["track"].queryset = tracks
        self.fields["speakers"].queryset = speakers
        self.fields["competencies"].queryset = competencies
        self.fields["competencies"].label_from_instance = competency_label
        for code in event.languages:
            name = names.get(code, code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name},
                max_length=300,
                required=False,
            )
            self.fields[f"abstract_{code}"] = forms.CharField(
                label=_("Abstract in %(language)s (Markdown)") % {"language": name},
                widget=forms.Textarea,
                max_length=10_000,
                required=False,
            )

    def clean(self):
        data = super().clean()
        tz = zoneinfo.ZoneInfo(self.event.time_zone)
        for name in ("start", "end"):
            if data.get(name):
                data[name] = data[name].replace(tzinfo=None).replace(tzinfo=tz)
        return data

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (
                self.cleaned_data.get(f"title_{code}", ""),
                self.cleaned_data.get(f"abstract_{code}", ""),
            )
            for code in self.event.languages
        }


class RecordingForm(forms.Form):
    url = forms.URLField(assume_scheme="https", label=_("Video link"), max_length=500)
    captions = forms.FileField(
        label=_("Captions file (WebVTT)"), required=False, help_text=_("A .vtt file.")
    )
    transcript = forms.CharField(
        label=_("Transcript"), widget=forms.Textarea, max_length=200_000, required=False
    )
    transcript_file = forms.FileField(label=_("Transcript file"), required=False)

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and not captions.name.lower().endswith(".vtt"):
            raise forms.ValidationError(_("Captions must be a WebVTT (.vtt) file."))
        if captions:
            check_webvtt(captions)
        return captions

    def clean_transcript_file(self):
        transcript_file = self.cleaned_data.get("transcript_file")
        if transcript_file:
            check_transcript_file(transcript_file, sniff=sniff_content_type)
        return transcript_file


class ScheduleFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    competency = forms.TypedChoiceField(
        label=_("Competency"), required=False, coerce=int, empty_value=None
    )
    tz = forms.ChoiceField(
        label=_("Times shown in"),
        required=False,
        choices=[("", _("my time zone")), ("event", _("the event's time zone"))],
    )

    def __init__(self, *args, languages, tracks, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, names.get(code, code)) for code in languages
        ]
        self.fields["track"].choices = [("", _("All tracks"))] + [
            (str(pk), name) for pk, name in tracks
        ]
        self.fields["competency"].choices = [("", _("All competencies"))] + [
            (str(c["id"]), c["title"]) for c in competencies
        ]
