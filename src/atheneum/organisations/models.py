import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .enums import JoinPolicy, OrganisationKind, OrganisationRole, TeamRole


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.LIBRARY
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    website = models.URLField(_("website"), blank=True)
    country = CountryField(_("country"), blank=True)
    join_policy = models.CharField(
        _("who may join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    moderate_comments = models.BooleanField(
        _("hold comments for moderation"),
        default=True,
        help_text=_("Comments on this organisation's news wait for an organiser's approval."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])


# Team addresses that would clash with the organisation's own pages.
RESERVED_TEAM_SLUGS = frozenset({"new"})


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    join_policy = models.CharField(
        _("who may join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="team_slug_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:team_detail", args=[self.organisation.slug, self.slug])


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class TeamMembership(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_team_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("team"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=12, choices=OrganisationRole.choices, default=OrganisationRole.MEMBER
    )
    team_role = models.CharField(
        _("role in the team"), max_length=12, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
