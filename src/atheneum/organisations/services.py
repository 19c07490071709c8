"""Changes to organisations, teams, memberships and invitations.

Every function checks the acting person's rights (rules.py) and raises PermissionDenied, or
ValidationError with a message for the person, before it changes anything.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atheneum.common.tasks import new_message_id

from . import tasks
from .enums import JoinPolicy, OrganisationRole, TeamRole
from .models import (
    RESERVED_TEAM_SLUGS,
    Invitation,
    Membership,
    Organisation,
    Team,
    TeamMembership,
)
from .rules import can
from .selectors import roles_forget

INVITATION_LIFETIME = timedelta(days=14)
ORGANISATION_FIELDS = (
    "name",
    "description",
    "website",
    "country",
    "join_policy",
    "moderate_comments",
)
TEAM_FIELDS = ("name", "slug", "description", "join_policy")
ORG_ROLE_RANK = {
    OrganisationRole.MEMBER: 0,
    OrganisationRole.ORGANISER: 1,
    OrganisationRole.ADMIN: 2,
}


def _require(user, perm: str, obj, message: str | None = None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do that."))


def _check_org_role(role: str) -> None:
    if role not in OrganisationRole.values:
        raise ValidationError(
            _("“%(role)s” is not a role in an organisation."),
            code="invalid_role",
            params={"role": str(role)[:40]},
        )


def _check_team_role(role: str) -> None:
    if role not in TeamRole.values:
        raise ValidationError(
            _("“%(role)s” is not a role in a team."),
            code="invalid_role",
            params={"role": str(role)[:40]},
        )


def _is_last_admin(*, membership: Membership) -> bool:
    """Whether `membership` holds the organisation's only administrator role.

    Locks every administrator row, so two administrators demoting each other at once cannot
    leave the organisation with none.
    """
    if membership.role != OrganisationRole.ADMIN:
        return False
    admin_ids = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=OrganisationRole.ADMIN)
        .values_list("pk", flat=True)
    )
    return admin_ids == [membership.pk]


def _locked(membership: Membership) -> Membership:
    fresh = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if fresh is None:
        raise ValidationError(_("This person is no longer a member."), code="gone")
    return fresh


# --- Joining and leaving -----------------------------------------------------------------------


@transaction.atomic
def organisation_join(*, organisation: Organisation, acting_user) -> Membership:
    """Makes the acting person a member of an open organisation."""
    if not acting_user.is_authenticated:
        raise PermissionDenied(_("Sign in to join an organisation."))
    if Membership.objects.filter(organisation=organisation, user=acting_user).exists():
        raise ValidationError(_("You are already a member of this organisation."), code="member")
    _require(
        acting_user,
        "organisations.join_organisation",
        organisation,
        _("This organisation is open by invitation only."),
    )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organisation=organisation, user=acting_user)
    except IntegrityError as exc:
        raise ValidationError(
            _("You are already a member of this organisation."), code="member"
        ) from exc
    roles_forget(acting_user)
    return membership


@transaction.atomic
def organisation_leave(*, organisation: Organisation, acting_user) -> None:
    """The acting person leaves the organisation and its teams."""
    membership = (
        Membership.objects.select_for_update()
        .filter(organisation=organisation, user_id=getattr(acting_user, "pk", None))
        .first()
    )
    if membership is None:
        raise ValidationError(_("You are not a member of this organisation."), code="not_member")
    if _is_last_admin(membership=membership):
        raise ValidationError(
            _(
                "You are this organisation's only administrator. Make someone else an "
                "administrator before you leave."
            ),
            code="last_admin",
        )
    TeamMembership.objects.filter(team__organisation=organisation, user=acting_user).delete()
    membership.delete()
    roles_forget(acting_user)


@transaction.atomic
def team_join(*, team: Team, acting_user) -> TeamMembership:
    """Adds the acting person to an open team (and to its organisation, if that is open)."""
    if not acting_user.is_authenticated:
        raise PermissionDenied(_("Sign in to join a team."))
    if TeamMembership.objects.filter(team=team, user=acting_user).exists():
        raise ValidationError(_("You are already in this team."), code="member")
    if not can(acting_user, "organisations.join_team", team):
        if team.join_policy == JoinPolicy.OPEN:
            raise PermissionDenied(
                _("Only members of %(organisation)s may join this team.")
                % {"organisation": team.organisation.name}
            )
        raise PermissionDenied(_("This team is open by invitation only."))
    try:
        with transaction.atomic():
            Membership.objects.get_or_create(organisation_id=team.organisation_id, user=acting_user)
            team_membership = TeamMembership.objects.create(team=team, user=acting_user)
    except IntegrityError as exc:
        raise ValidationError(_("You are already in this team."), code="member") from exc
    roles_forget(acting_user)
    return team_membership


@transaction.atomic
def team_leave(*, team: Team, acting_user) -> None:
    deleted, _rows = TeamMembership.objects.filter(
        team=team, user_id=getattr(acting_user, "pk", None)
    ).delete()
    if not deleted:
        raise ValidationError(_("You are not in this team."), code="not_member")
    roles_forget(acting_user)


# --- Roles and removal ---------------------------------------------------------------------


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, acting_user) -> Membership:
    """Changes a member's role in the organisation. Only administrators may."""
    _check_org_role(role)
    _require(
        acting_user,
        "organisations.manage_roles",
        membership.organisation,
        _("Only administrators may change roles in the organisation."),
    )
    locked = _locked(membership)
    if role != OrganisationRole.ADMIN and _is_last_admin(membership=locked):
        raise ValidationError(
            _("An organisation needs at least one administrator. Appoint another one first."),
            code="last_admin",
        )
    locked.role = role
    locked.save(update_fields=["role"])
    membership.role = role
    roles_forget(membership.user, acting_user)
    return membership


@transaction.atomic
def team_membership_set_role(
    *, team_membership: TeamMembership, role: str, acting_user
) -> TeamMembership:
    """Changes a role in a team. Managers manage team members; only organisers appoint managers."""
    _check_team_role(role)
    team = team_membership.team
    _require(acting_user, "organisations.manage_team_members", team)
    locked = TeamMembership.objects.select_for_update().filter(pk=team_membership.pk).first()
    if locked is None:
        raise ValidationError(_("This person is no longer in the team."), code="gone")
    if TeamRole.MANAGER in {role, locked.role}:
        _require(
            acting_user,
            "organisations.appoint_team_manager",
            team,
            _("Only the organisation's organisers may appoint or demote a team's managers."),
        )
    locked.role = role
    locked.save(update_fields=["role"])
    team_membership.role = role
    roles_forget(team_membership.user, acting_user)
    return team_membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user) -> None:
    """Removes someone from the organisation and all its teams."""
    organisation = membership.organisation
    _require(acting_user, "organisations.remove_member", organisation)
    locked = _locked(membership)
    if locked.role != OrganisationRole.MEMBER:
        _require(
            acting_user,
            "organisations.manage_roles",
            organisation,
            _("Only administrators may remove organisers and administrators."),
        )
    if _is_last_admin(membership=locked):
        raise ValidationError(
            _("An organisation needs at least one administrator. Appoint another one first."),
            code="last_admin",
        )
    TeamMembership.objects.filter(team__organisation=organisation, user_id=locked.user_id).delete()
    locked.delete()
    roles_forget(membership.user, acting_user)


@transaction.atomic
def team_membership_remove(*, team_membership: TeamMembership, acting_user) -> None:
    """Removes someone from a team; they stay a member of the organisation."""
    team = team_membership.team
    _require(acting_user, "organisations.manage_team_members", team)
    locked = TeamMembership.objects.select_for_update().filter(pk=team_membership.pk).first()
    if locked is None:
        raise ValidationError(_("This person is no longer in the team."), code="gone")
    if locked.role == TeamRole.MANAGER:
        _require(
            acting_user,
            "organisations.appoint_team_manager",
            team,
            _("Only the organisation's organisers may remove a team's managers."),
        )
    locked.delete()
    roles_forget(team_membership.user, acting_user)


# --- Organisation and team details ------------------------------------------------------------


def _apply(instance, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, acting_user) -> Organisation:
    """Saves the organisation's public details (name, description, website, country, policy)."""
    _require(acting_user, "organisations.change_organisation", organisation)
    _apply(organisation, data, ORGANISATION_FIELDS)
    organisation.full_clean()
    organisation.save()
    return organisation


def _check_team_slug(team: Team) -> None:
    if team.slug in RESERVED_TEAM_SLUGS:
        raise ValidationError(
            {"slug": _("“%(slug)s” is reserved. Choose another short name.") % {"slug": team.slug}},
            code="reserved_slug",
        )
    clash = Team.objects.filter(organisation_id=team.organisation_id, slug=team.slug)
    if team.pk:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError(
            {"slug": _("This organisation already has a team with that short name.")},
            code="duplicate_slug",
        )


def _save_team(team: Team) -> Team:
    team.full_clean(validate_constraints=False)
    _check_team_slug(team)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"slug": _("This organisation already has a team with that short name.")},
            code="duplicate_slug",
        ) from exc
    return team


@transaction.atomic
def team_create(*, organisation: Organisation, data: dict, acting_user) -> Team:
    _require(acting_user, "organisations.create_team", organisation)
    team = Team(organisation=organisation)
    _apply(team, data, TEAM_FIELDS)
    return _save_team(team)


@transaction.atomic
def team_update(*, team: Team, data: dict, acting_user) -> Team:
    _require(acting_user, "organisations.change_team", team)
    _apply(team, data, TEAM_FIELDS)
    return _save_team(team)


# --- Invitations -------------------------------------------------------------------------------


def _invitee_language(email: str) -> str:
    """The invitee's interface language if they have an account, else the inviter's."""
    known = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .exclude(interface_language="")
        .values_list("interface_language", flat=True)
        .first()
    )
    return known or translation.get_language() or settings.LANGUAGE_CODE


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    acting_user,
    role: str = OrganisationRole.MEMBER,
    team: Team | None = None,
    team_role: str = TeamRole.MEMBER,
) -> Invitation:
    """Invites whoever holds `email` into the organisation (and a team); mails the link on commit.

    Organisers invite into the organisation and any of its teams; a team's managers invite into
    their own team only, as team members.
    """
    email = (email or "").strip()
    if len(email) > Invitation._meta.get_field("email").max_length:
        raise ValidationError(
            _("An email address has at most 254 characters."), code="email_too_long"
        )
    EmailValidator(message=_("Enter a valid email address."))(email)
    _check_org_role(role)
    _check_team_role(team_role)
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("That team is not part of this organisation."), code="wrong_team")
    if team is None:
        _require(acting_user, "organisations.invite", organisation)
    else:
        _require(acting_user, "organisations.invite_to_team", team)
        if team_role == TeamRole.MANAGER:
            _require(
                acting_user,
                "organisations.appoint_team_manager",
                team,
                _("Only the organisation's organisers may invite someone as a team manager."),
            )
    if role != OrganisationRole.MEMBER:
        _require(
            acting_user,
            "organisations.manage_roles",
            organisation,
            _("Only administrators may invite organisers and administrators."),
        )
    invitation = Invitation.objects.create(
        organisation=organisation,
        team=team,
        email=email,
        role=role,
        team_role=team_role,
        invited_by=acting_user,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    language = _invitee_language(email)
    transaction.on_commit(
        partial(tasks.invitation_send.delay, invitation.pk, language, new_message_id())
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, acting_user) -> Invitation:
    """Gives the acting person the membership an invitation offers; each link works once.

    The invitation goes to whoever holds the link, signed in under any address. The row lock
    and the unique constraints make two simultaneous accepts yield one membership.
    """
    if not can(acting_user, "organisations.accept_invitation", None):
        raise PermissionDenied(_("Sign in to accept an invitation."))
    invitation = (
        Invitation.objects.select_for_update().filter(token=token).first()
        if token and len(token) <= 64
        else None
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="unknown")
    if invitation.is_used:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the organisation for a new one."), code="expired"
        )
    _grant_membership(invitation=invitation, user=acting_user)
    if invitation.team_id is not None:
        _grant_team_membership(invitation=invitation, user=acting_user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    roles_forget(acting_user)
    return invitation


def _grant_membership(*, invitation: Invitation, user) -> None:
    """Adds the membership, or raises an existing one to the invited role (never lowers it)."""
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                organisation_id=invitation.organisation_id,
                user=user,
                defaults={"role": invitation.role},
            )
    except IntegrityError:
        membership, created = (
            Membership.objects.get(organisation_id=invitation.organisation_id, user=user),
            False,
        )
    if not created and ORG_ROLE_RANK[invitation.role] > ORG_ROLE_RANK[membership.role]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])


def _grant_team_membership(*, invitation: Invitation, user) -> None:
    try:
        with transaction.atomic():
            team_membership, created = TeamMembership.objects.get_or_create(
                team_id=invitation.team_id, user=user, defaults={"role": invitation.team_role}
            )
    except IntegrityError:
        team_membership, created = (
            TeamMembership.objects.get(team_id=invitation.team_id, user=user),
            False,
        )
    if not created and invitation.team_role == TeamRole.MANAGER:
        team_membership.role = TeamRole.MANAGER
        team_membership.save(update_fields=["role"])
