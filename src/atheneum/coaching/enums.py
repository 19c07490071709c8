from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CoachStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class LinkMode(models.TextChoices):
    PER_COACH = "coach", _("One meeting link per coach")
    PER_SESSION = "session", _("A new meeting link for every session")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Coachee did not come")


class SessionOutcome(models.TextChoices):
    HELD = "held", _("The session was held")
    NO_SHOW = "no_show", _("The coachee did not come")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a suggestion")
    OFFERED = "offered", _("Slots offered")
    CLOSED = "closed", _("Closed")
