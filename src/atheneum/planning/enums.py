from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")


class PlanEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    COMMENTED = "commented", _("Commented")
    CHANGES_REQUESTED = "changes_requested", _("Asked for changes")
    APPROVED = "approved", _("Approved")
    REOPENED = "reopened", _("Reopened")
    COMPLETED = "completed", _("Completed")


class BudgetUnit(models.TextChoices):
    HOURS_PER_PERSON = "hours", _("Hours per person per cycle")
    PERCENT_OF_TIME = "percent", _("Share of working time (%)")
