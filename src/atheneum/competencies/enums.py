from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CompetencyKind(models.TextChoices):
    AREA = "area", _("Area")
    COMPETENCY = "competency", _("Competency")
    INDICATOR = "indicator", _("Indicator")


class RatingKind(models.TextChoices):
    CURRENT = "current", pgettext_lazy("rating kind", "Current level")
    TARGET = "target", pgettext_lazy("rating kind", "Target level")


class RatingSource(models.TextChoices):
    SELF = "self", _("Self-assessment")
    MANAGER = "manager", _("Manager's rating")
