from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import OrganisationRole, TeamRole
from .models import RESERVED_TEAM_SLUGS, Invitation, Membership, Organisation, Team, TeamMembership


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, such as https://example.org.")},
    )

    class Meta:
        model = Organisation
        fields = ["name", "description", "website", "country", "join_policy", "moderate_comments"]
        error_messages = {
            "name": {"max_length": _("Keep the name under %(limit_value)d characters.")},
            "description": {
                "max_length": _("Keep the description under %(limit_value)d characters.")
            },
        }


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "slug", "description", "join_policy"]
        help_texts = {
            "slug": _("Letters, numbers, hyphens and underscores; used in the team's address."),
        }
        error_messages = {
            "name": {"max_length": _("Keep the name under %(limit_value)d characters.")},
            "slug": {
                "invalid": _("Use only letters, numbers, hyphens and underscores."),
                "max_length": _("Keep the short name under %(limit_value)d characters."),
            },
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_TEAM_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is reserved. Choose another short name."),
                code="reserved_slug",
                params={"slug": slug},
            )
        clash = Team.objects.filter(organisation=self.organisation, slug=slug)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This organisation already has a team with that short name."),
                code="duplicate_slug",
            )
        return slug


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
        error_messages = {
            "role": {"invalid_choice": _("Choose one of the roles in the list.")},
        }


class TeamMembershipRoleForm(forms.ModelForm):
    class Meta:
        model = TeamMembership
        fields = ["role"]
        error_messages = {
            "role": {"invalid_choice": _("Choose one of the roles in the list.")},
        }


class InvitationForm(forms.ModelForm):
    """An invitation to the organisation, optionally into one of its teams.

    Roles the inviter may not hand out are not offered; the service checks again.
    """

    class Meta:
        model = Invitation
        fields = ["email", "role", "team", "team_role"]
        labels = {"team": _("Also into the team (optional)")}
        error_messages = {
            "email": {"invalid": _("Enter a valid email address, such as name@example.org.")},
            "role": {"invalid_choice": _("Choose one of the roles in the list.")},
            "team_role": {"invalid_choice": _("Choose one of the roles in the list.")},
            "team": {"invalid_choice": _("Choose one of this organisation's teams.")},
        }

    def __init__(
        self,
        *args,
        organisation: Organisation,
        allow_privileged_roles: bool,
        team: Team | None = None,
        allow_manager: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fixed_team = team
        if allow_privileged_roles:
            self.fields["role"].choices = OrganisationRole.choices
        else:
            del self.fields["role"]
        if team is not None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = Team.objects.filter(organisation=organisation)
            self.fields["team"].empty_label = _("No team")
        choices = TeamRole.choices if allow_manager else [(TeamRole.MEMBER, TeamRole.MEMBER.label)]
        self.fields["team_role"].choices = choices

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def cleaned_values(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "role": data.get("role", OrganisationRole.MEMBER),
            "team": self.fixed_team if self.fixed_team is not None else data.get("team"),
            "team_role": data.get("team_role", TeamRole.MEMBER),
        }
