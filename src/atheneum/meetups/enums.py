from django.db import models
from django.utils.translation import gettext_lazy as _


class SeriesAccess(models.TextChoices):
    INVITATION = "invitation", _("Invited members only")
    MEMBERS = "members", _("All members of the organisation")


class RsvpResponse(models.TextChoices):
    YES = "yes", _("I'll be there")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("I can't come")
