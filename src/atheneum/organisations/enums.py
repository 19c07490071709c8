from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    LIBRARY = "library", _("Library")
    SCHOOL = "school", _("School or university")
    OTHER = "other", _("Other")


class OrganisationRole(models.TextChoices):
    """A person's role in an organisation as a whole. Managers are managers of a team."""

    MEMBER = "member", _("Member")
    ORGANISER = "organiser", _("Organiser")
    ADMIN = "admin", _("Administrator")


class TeamRole(models.TextChoices):
    MEMBER = "member", _("Team member")
    MANAGER = "manager", _("Manager")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone signed in may join")
    INVITATION = "invitation", _("By invitation only")
