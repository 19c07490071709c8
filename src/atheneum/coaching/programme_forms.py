import zoneinfo

import langcodes
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atheneum.common.timezones import timezone_choices
from atheneum.common.uploads import check_image

from .enums import LinkMode
from .models import Coach, CoachApplication, CoachingRequest, PreparationGuide, Programme, Round
from .programme_selectors import LANGUAGE_CODES, language_name


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def language_choices() -> list[tuple[str, str]]:
    """Language codes with their names in the interface language."""
    language = get_language() or settings.LANGUAGE_CODE
    return sorted(
        ((code, language_name(code, language)) for code in LANGUAGE_CODES),
        key=lambda choice: choice[1].lower(),
    )


class LanguagesField(forms.MultipleChoiceField):
    """Languages picked by code; each code is checked with langcodes."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value) -> bool:
        return super().valid_value(value) and langcodes.tag_is_valid(value)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class ProgrammeForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation that runs it"))
    title = forms.CharField(label=_("Title"), max_length=_max(Programme, "title"))
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=_max(Programme, "slug"),
        help_text=_("Letters, digits and hyphens, e.g. congress-coaching."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=_max(Programme, "description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Written in Markdown."),
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Partner organisations"),
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(
        label=_("Published"),
        required=False,
        help_text=_("Everyone can see a published programme and its active coaches."),
    )

    def __init__(self, *args, organisations, partners, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        if programme is None:
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]
            del self.fields["slug"]

    @staticmethod
    def initial_for(programme: Programme) -> dict:
        return {
            "title": programme.title,
            "description": programme.description,
            "partners": [partner.pk for partner in programme.partners.all()],
            "is_published": programme.is_published,
        }


WINDOW_FIELDS = ("booking_opens", "booking_closes", "coaching_starts", "coaching_ends")


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(Round, "title"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the round"),
        choices=timezone_choices,
        help_text=_("The dates and times below are in this time zone."),
    )
    booking_opens = forms.DateTimeField(label=_("Booking opens"), widget=DateTimeInput())
    booking_closes = forms.DateTimeField(label=_("Booking closes"), widget=DateTimeInput())
    coaching_starts = forms.DateTimeField(label=_("Sessions from"), widget=DateTimeInput())
    coaching_ends = forms.DateTimeField(label=_("Sessions until"), widget=DateTimeInput())
    session_minutes = forms.IntegerField(
        label=_("Session length in minutes"), min_value=10, max_value=240, initial=45
    )
    buffer_minutes = forms.IntegerField(
        label=_("Break between sessions in minutes"), min_value=0, max_value=120, initial=15
    )
    max_bookings_per_coachee = forms.IntegerField(
        label=_("Sessions a coachee may book"), min_value=1, max_value=20, initial=1
    )
    link_mode = forms.ChoiceField(
        label=_("Meeting links"),
        choices=LinkMode.choices,
        widget=forms.RadioSelect,
        initial=LinkMode.PER_COACH,
    )
    cancel_cutoff_hours = forms.IntegerField(
        label=_("Cancel or reschedule up to (hours before)"),
        min_value=0,
        max_value=336,
        initial=24,
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            tz = zoneinfo.ZoneInfo(zone)
            for name in WINDOW_FIELDS:
                if data.get(name):
                    data[name] = data[name].replace(tzinfo=None).replace(tzinfo=tz)
        return data

    @staticmethod
    def initial_for(round_: Round) -> dict:
        tz = zoneinfo.ZoneInfo(round_.time_zone)
        initial = {
            name: getattr(round_, name)
            for name in (
                "title",
                "time_zone",
                "session_minutes",
                "buffer_minutes",
                "max_bookings_per_coachee",
                "link_mode",
                "cancel_cutoff_hours",
                "is_published",
            )
        }
        for name in WINDOW_FIELDS:
            initial[name] = getattr(round_, name).astimezone(tz).replace(tzinfo=None)
        return initial


class ApplicationForm(forms.Form):
    experience = forms.CharField(
        label=_("Your coaching or mentoring experience"),
        max_length=_max(CoachApplication, "experience"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    approach = forms.CharField(
        label=_("How you coach"),
        max_length=_max(CoachApplication, "approach"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    languages = LanguagesField(label=_("Languages you can coach in"))
    topics = forms.CharField(
        label=_("Topics you can help with"),
        max_length=_max(CoachApplication, "topics"),
        help_text=_("Separate them with commas, e.g. career change, leadership, research data."),
    )
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=timezone_choices)
    round = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Round you would like to coach in"),
        empty_label=_("Any round"),
    )
    availability = forms.CharField(
        label=_("When you could coach during the round"),
        required=False,
        max_length=_max(CoachApplication, "availability"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme's organisers read this application, and that if I am "
            "approved my name, photo, bio, languages, topics and competencies are shown publicly "
            "on the programme's page. My email address is never shown; coachees who book me see "
            "my meeting link."
        ),
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        self.fields["round"].queryset = rounds


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=_max(CoachApplication, "decision_message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mailed to the applicant with the decision."),
    )


class CoachForm(forms.Form):
    bio = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=_max(Coach, "bio"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in Markdown. Shown on the programme's page."),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    photo_alt = forms.CharField(
        label=_("Photo text alternative"),
        required=False,
        max_length=_max(Coach, "photo_alt"),
        help_text=_("A short description of the photo, for people who cannot see it."),
    )
    languages = LanguagesField(label=_("Coaching languages"))
    topics = forms.CharField(
        label=_("Topics"),
        max_length=500,
        help_text=_("Separate them with commas."),
    )
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the published competency frameworks."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        assume_scheme="https",
        max_length=_max(Coach, "meeting_url"),
        help_text=_("Only coachees who book a session with you see it."),
    )

    def __init__(self, *args, competency_choices, has_photo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_photo = has_photo
        self.fields["languages"].choices = language_choices()
        self.fields["competencies"].choices = competency_choices
        if not has_photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        check_image(photo)
        return photo

    def clean(self):
        data = super().clean()
        removing = data.get("remove_photo")
        keeps_photo = bool(data.get("photo")) or (self.has_photo and not removing)
        if keeps_photo and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return data

    def photo_change(self):
        """The upload, False to remove the photo, or None to keep it."""
        if self.cleaned_data.get("photo"):
            return self.cleaned_data["photo"]
        if self.cleaned_data.get("remove_photo"):
            return False
        return None

    def topic_list(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["topics"].split(",") if part.strip()]

    @staticmethod
    def initial_for(coach: Coach) -> dict:
        return {
            "bio": coach.bio,
            "photo_alt": coach.photo_alt,
            "languages": list(coach.languages),
            "topics": ", ".join(coach.topics),
            "competencies": [competency.pk for competency in coach.competencies.all()],
            "time_zone": coach.time_zone,
            "meeting_url": coach.meeting_url,
        }


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(PreparationGuide, "title"))
    body = forms.CharField(
        label=_("Text"),
        max_length=PreparationGuide._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Written in Markdown."),
    )
    steps = forms.CharField(
        label=_("Preparation steps"),
        required=False,
        max_length=PreparationGuide._meta.get_field("steps").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One step per line; coachees tick the ones they did when they book."),
    )


class RequestForm(forms.Form):
    languages = LanguagesField(label=_("Languages you would like to be coached in"))
    topics = forms.CharField(
        label=_("What you would like to work on"),
        max_length=_max(CoachingRequest, "topics"),
        help_text=_("A few words, e.g. leadership, a job interview, research data."),
    )
    message = forms.CharField(
        label=_("Anything else the organisers should know"),
        max_length=CoachingRequest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the organisers read this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()


class OfferForm(forms.Form):
    slots = forms.TypedMultipleChoiceField(
        label=_("Slots to offer"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, slot_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = slot_choices
