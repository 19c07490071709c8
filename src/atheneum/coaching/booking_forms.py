from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import SessionOutcome
from .models import Booking

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class AvailabilityForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args, zone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _("Your local time (%(zone)s).") % {"zone": zone_name.replace("_", " ")}
        self.fields["start_time"].help_text = hint
        self.fields["end_time"].help_text = hint


class SlotFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, languages: list[str], topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language"))] + [
            (code, LANGUAGE_NAMES.get(code, code)) for code in languages
        ]
        self.fields["topic"].choices = [("", _("Any topic"))] + [(t, t) for t in topics]

    def chosen(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["language"], self.cleaned_data["topic"]


class BookingForm(forms.Form):
    goals = forms.CharField(
        label=_("What do you want to work on?"),
        max_length=Booking._meta.get_field("goals").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only your coach reads this."),
    )
    preparation_done = forms.MultipleChoiceField(
        label=_("Which preparation steps did you do?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if steps:
            self.fields["preparation_done"].choices = [(step, step) for step in steps]
        else:
            del self.fields["preparation_done"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=Booking._meta.get_field("cancel_reason").max_length,
    )


class CoacheeFeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        choices=[
            (1, _("1 – not useful")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very useful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=Booking._meta.get_field("coachee_comment").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CoachFeedbackForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened?"), choices=SessionOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Your private notes"),
        required=False,
        max_length=Booking._meta.get_field("coach_notes").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you, the coach, can read these."),
    )
