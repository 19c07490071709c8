import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from atheneum.common.timezones import timezone_choices

from .enums import RsvpResponse, SeriesAccess
from .models import MeetupSeries, Occurrence


class SeriesForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    title = forms.CharField(
        label=_("Title"), max_length=MeetupSeries._meta.get_field("title").max_length
    )
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=MeetupSeries._meta.get_field("slug").max_length,
        help_text=_("Letters, digits and hyphens, e.g. cpd-coffee."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MeetupSeries._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written in Markdown."),
    )
    language = forms.ChoiceField(label=_("Language of the meetings"), choices=settings.LANGUAGES)
    team = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Team that runs it"),
        help_text=_("Its managers take turns as hosts when the rota rotates."),
    )
    first_date = forms.DateField(
        label=_("Date of the first meeting"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Local time in the series' time zone."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    rrule = forms.CharField(
        label=_("Recurrence"),
        max_length=MeetupSeries._meta.get_field("rrule").max_length,
        initial="FREQ=MONTHLY;BYDAY=1WE",
        help_text=_(
            "An iCalendar rule. FREQ=MONTHLY;BYDAY=1WE is the first Wednesday of every month; "
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU is every other Tuesday."
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=60
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=MeetupSeries._meta.get_field("meeting_url").max_length,
        assume_scheme="https",
        help_text=_("Shown only to people who can see the series."),
    )
    access = forms.ChoiceField(
        label=_("Who may join"),
        choices=SeriesAccess.choices,
        widget=forms.RadioSelect,
        initial=SeriesAccess.INVITATION,
    )
    rotate_hosts = forms.BooleanField(
        label=_("Rotate hosts through the team's managers"), required=False, initial=True
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive series shows no coming dates and sends no reminders."),
    )

    def __init__(self, *args, organisations, teams, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda team: (
            f"{team.organisation.name} — {team.name}"
        )
        if series is None:
            self.fields["organisation"].queryset = organisations
            del self.fields["is_active"]
        else:
            del self.fields["organisation"]
            del self.fields["slug"]

    def clean(self):
        data = super().clean()
        day, time, zone = data.get("first_date"), data.get("start_time"), data.get("time_zone")
        if day and time and zone:
            data["first_start"] = datetime.datetime.combine(
                day, time, tzinfo=zoneinfo.ZoneInfo(zone)
            )
        return data

    @staticmethod
    def initial_for(series: MeetupSeries) -> dict:
        local = series.first_start.astimezone(zoneinfo.ZoneInfo(series.time_zone))
        return {
            "title": series.title,
            "description": series.description,
            "language": series.language,
            "team": series.team_id,
            "first_date": local.date(),
            "start_time": local.time(),
            "time_zone": series.time_zone,
            "rrule": series.rrule,
            "duration_minutes": series.duration_minutes,
            "meeting_url": series.meeting_url,
            "access": series.access,
            "rotate_hosts": series.rotate_hosts,
            "is_active": series.is_active,
        }


class InvitationForm(forms.Form):
    invited = forms.MultipleChoiceField(
        label=_("Invited members"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Invited members see the series and its meeting link."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].choices = [
            (str(person.pk), f"{person.public_name} ({person.email})") for person in members
        ]

    def clean_invited(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["invited"]]


def _date_label(start: datetime.datetime) -> str:
    zone = timezone.get_current_timezone_name().replace("_", " ")
    return f"{date_format(timezone.localtime(start), 'DATETIME_FORMAT')} ({zone})"


class HostsForm(forms.Form):
    """One choice per coming date: a member as host, or the rota."""

    def __init__(self, *args, dates, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The rota decides"))] + [
            (str(person.pk), person.public_name) for person in members
        ]
        self.dates = dates
        for date in dates:
            occurrence = date.occurrence
            self.fields[f"host_{date.key}"] = forms.TypedChoiceField(
                label=_date_label(date.start),
                choices=choices,
                required=False,
                coerce=int,
                empty_value=None,
                initial=str(occurrence.host_id) if occurrence and occurrence.host_id else "",
            )

    def host_choices(self) -> dict:
        return {date.start: self.cleaned_data.get(f"host_{date.key}") for date in self.dates}


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you come?"), choices=RsvpResponse.choices, widget=forms.RadioSelect
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes after the meeting"),
        required=False,
        max_length=Occurrence._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Written in Markdown. Everyone who can see the series can read them."),
    )
