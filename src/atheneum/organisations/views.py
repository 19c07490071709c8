import copy
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .enums import TeamRole
from .forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganisationForm,
    TeamForm,
    TeamMembershipRoleForm,
)
from .rules import can

ORGANISATIONS_PER_PAGE = 20
MEMBERS_PER_PAGE = 50


def _require(request, perm: str, obj):
    """Sends anonymous visitors to sign in and refuses everyone else without the right."""
    if can(request.user, perm, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _perms(user, names: list[str], obj) -> dict[str, bool]:
    return {name: can(user, f"organisations.{name}", obj) for name in names}


# --- Organisations ------------------------------------------------------------------------------


def organisation_list(request):
    page = Paginator(selectors.organisation_list(), ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "organisations/organisation_list.html", {"page": page})


def organisation_detail(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    perms = _perms(
        request.user,
        [
            "view_members",
            "join_organisation",
            "leave_organisation",
            "change_organisation",
            "invite",
            "create_team",
            "remove_member",
            "manage_roles",
        ],
        organisation,
    )
    members = None
    if perms["view_members"]:
        members = Paginator(
            selectors.organisation_members(organisation=organisation), MEMBERS_PER_PAGE
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": selectors.membership_of(user=request.user, organisation=organisation),
            "teams": selectors.organisation_teams_for_user(
                user=request.user, organisation=organisation
            ),
            "members": members,
            "perms_here": perms,
            "manage_open_interfaces": can(request.user, "xapi.manage_organisation", organisation),
        },
    )


@require_POST
def organisation_join(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(organisation.get_absolute_url())
    try:
        services.organisation_join(organisation=organisation, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            _("Welcome! You are now a member of %(organisation)s.")
            % {"organisation": organisation.name},
        )
    return redirect(organisation)


@require_POST
def organisation_leave(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if denied := _require(request, "organisations.leave_organisation", organisation):
        return denied
    try:
        services.organisation_leave(organisation=organisation, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            _("You have left %(organisation)s.") % {"organisation": organisation.name},
        )
    return redirect(organisation)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if denied := _require(request, "organisations.change_organisation", organisation):
        return denied
    # The form works on a copy, so a rejected edit never shows on the rest of the page.
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The organisation's details have been saved."))
            return redirect(organisation)
    return render(
        request,
        "organisations/organisation_form.html",
        {"organisation": organisation, "form": form},
    )


# --- Members of an organisation -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def membership_detail(request, slug: str, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = selectors.membership_get_for_user(
        user=request.user, organisation=organisation, pk=pk
    )
    may_set_role = can(request.user, "organisations.manage_roles", organisation)
    form = None
    if may_set_role:
        form = MembershipRoleForm(request.POST or None, instance=copy.copy(membership))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.membership_set_role(
                    membership=membership,
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(person)s is now: %(role)s.")
                    % {
                        "person": membership.user.public_name,
                        "role": membership.get_role_display(),
                    },
                )
                return redirect(organisation)
    return render(
        request,
        "organisations/membership_detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "may_remove": can(request.user, "organisations.remove_member", organisation),
        },
    )


@require_POST
def membership_remove(request, slug: str, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(organisation.get_absolute_url())
    membership = selectors.membership_get_for_user(
        user=request.user, organisation=organisation, pk=pk
    )
    try:
        services.membership_remove(membership=membership, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
        return redirect("organisations:membership", organisation.slug, membership.pk)
    messages.success(
        request,
        _("%(person)s is no longer a member.") % {"person": membership.user.public_name},
    )
    return redirect(organisation)


# --- Teams -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def team_create(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if denied := _require(request, "organisations.create_team", organisation):
        return denied
    form = TeamForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                organisation=organisation, data=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The team has been created."))
            return redirect(team)
    return render(
        request,
        "organisations/team_form.html",
        {"organisation": organisation, "team": None, "form": form},
    )


def team_detail(request, slug: str, team_slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    perms = _perms(
        request.user,
        [
            "view_team",
            "join_team",
            "leave_team",
            "change_team",
            "invite_to_team",
            "manage_team_members",
        ],
        team,
    )
    members = list(selectors.team_members(team=team)) if perms["view_team"] else None
    return render(
        request,
        "organisations/team_detail.html",
        {
            "organisation": organisation,
            "team": team,
            "members": members,
            "member_count": len(members)
            if members is not None
            else selectors.team_member_count(team=team),
            "perms_here": perms,
            "org_member": can(request.user, "organisations.view_members", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def team_edit(request, slug: str, team_slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if denied := _require(request, "organisations.change_team", team):
        return denied
    form = TeamForm(request.POST or None, instance=copy.copy(team), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_update(team=team, data=form.cleaned_data, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The team's details have been saved."))
            return redirect(team)
    return render(
        request,
        "organisations/team_form.html",
        {"organisation": organisation, "team": team, "form": form},
    )


@require_POST
def team_join(request, slug: str, team_slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(team.get_absolute_url())
    try:
        services.team_join(team=team, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("You have joined the team %(team)s.") % {"team": team.name})
    return redirect(team)


@require_POST
def team_leave(request, slug: str, team_slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if denied := _require(request, "organisations.leave_team", team):
        return denied
    try:
        services.team_leave(team=team, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("You have left the team %(team)s.") % {"team": team.name})
    return redirect(organisation)


@require_http_methods(["GET", "POST"])
def team_membership_detail(request, slug: str, team_slug: str, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    team_membership = selectors.team_membership_get_for_user(user=request.user, team=team, pk=pk)
    form = None
    if can(request.user, "organisations.appoint_team_manager", team):
        form = TeamMembershipRoleForm(request.POST or None, instance=copy.copy(team_membership))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.team_membership_set_role(
                    team_membership=team_membership,
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(person)s is now: %(role)s.")
                    % {
                        "person": team_membership.user.public_name,
                        "role": team_membership.get_role_display(),
                    },
                )
                return redirect(team)
    may_remove = team_membership.role != TeamRole.MANAGER or can(
        request.user, "organisations.appoint_team_manager", team
    )
    return render(
        request,
        "organisations/team_membership_detail.html",
        {
            "organisation": organisation,
            "team": team,
            "team_membership": team_membership,
            "form": form,
            "may_remove": may_remove,
        },
    )


@require_POST
def team_membership_remove(request, slug: str, team_slug: str, pk: int):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(team.get_absolute_url())
    team_membership = selectors.team_membership_get_for_user(user=request.user, team=team, pk=pk)
    try:
        services.team_membership_remove(team_membership=team_membership, acting_user=request.user)
    except ValidationError as exc:
        _report(request, exc)
        return redirect(
            "organisations:team_membership", organisation.slug, team.slug, team_membership.pk
        )
    messages.success(
        request,
        _("%(person)s is no longer in the team.") % {"person": team_membership.user.public_name},
    )
    return redirect(team)


# --- Invitations -------------------------------------------------------------------------------


def _invitation_page(request, *, organisation, team):
    if team is None:
        allow_manager = True
    else:
        allow_manager = can(request.user, "organisations.appoint_team_manager", team)
    form = InvitationForm(
        request.POST or None,
        organisation=organisation,
        team=team,
        allow_privileged_roles=can(request.user, "organisations.manage_roles", organisation),
        allow_manager=allow_manager,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, acting_user=request.user, **form.cleaned_values()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(request.path)
    return render(
        request,
        "organisations/invitation_form.html",
        {
            "organisation": organisation,
            "team": team,
            "form": form,
            "pending": selectors.invitations_pending(organisation=organisation, team=team),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_create(request, slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    if denied := _require(request, "organisations.invite", organisation):
        return denied
    return _invitation_page(request, organisation=organisation, team=None)


@require_http_methods(["GET", "POST"])
def team_invitation_create(request, slug: str, team_slug: str):
    organisation = selectors.organisation_get_for_user(user=request.user, slug=slug)
    team = selectors.team_get_for_user(user=request.user, organisation=organisation, slug=team_slug)
    if denied := _require(request, "organisations.invite_to_team", team):
        return denied
    return _invitation_page(request, organisation=organisation, team=team)


INVALID_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _invitation_invalid(request, reason: str):
    return render(
        request,
        "organisations/invitation_invalid.html",
        {"reason": reason},
        status=INVALID_STATUS[reason],
    )


def _invitation_problem(invitation) -> str | None:
    if invitation is None:
        return "unknown"
    if invitation.is_used:
        return "used"
    if invitation.is_expired:
        return "expired"
    return None


@require_http_methods(["GET", "POST"])
def invitation_detail(request, token: str):
    """The page an emailed invitation link opens; accepting it is a POST by a signed-in person."""
    invitation = selectors.invitation_get_by_token(token=token)
    if problem := _invitation_problem(invitation):
        return _invitation_invalid(request, problem)
    if request.method == "POST":
        return _invitation_accept(request, invitation)
    next_query = "?next=" + quote(request.path)
    return render(
        request,
        "organisations/invitation_detail.html",
        {
            "invitation": invitation,
            "login_url": reverse("account_login") + next_query,
            "signup_url": reverse("account_signup") + next_query,
        },
    )


def _invitation_accept(request, invitation):
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    try:
        services.invitation_accept(token=invitation.token, acting_user=request.user)
    except ValidationError as exc:
        return _invitation_invalid(request, exc.code if exc.code in INVALID_STATUS else "unknown")
    messages.success(
        request,
        _("Welcome to %(organisation)s!") % {"organisation": invitation.organisation.name},
    )
    if invitation.team is not None:
        invitation.team.organisation = invitation.organisation
        return redirect(invitation.team)
    return redirect(invitation.organisation)
