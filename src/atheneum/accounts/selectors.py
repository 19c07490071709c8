"""Reads about people: their profiles as others may see them, and their own data."""

from allauth.mfa.models import Authenticator
from django.http import Http404

from atheneum.organisations.rules import is_privileged

from .enums import ProfileVisibility
from .models import User


def user_has_totp(*, user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_must_set_up_mfa(*, user) -> bool:
    """Organisers and admins may not use the site until two-factor sign-in is on."""
    return is_privileged(user) and not user_has_totp(user=user)


def profile_is_visible(*, profile: User, viewer) -> bool:
    if viewer.is_authenticated and viewer.pk == profile.pk:
        return True
    if profile.profile_visibility == ProfileVisibility.PUBLIC:
        return True
    if profile.profile_visibility == ProfileVisibility.MEMBERS:
        return viewer.is_authenticated
    return False


def profile_get_for_viewer(*, viewer, pk: int) -> User:
    """A profile the viewer may see; 404 (never 403) so hidden profiles do not reveal themselves."""
    profile = User.objects.filter(pk=pk, is_active=True).first()
    if profile is None or not profile_is_visible(profile=profile, viewer=viewer):
        raise Http404
    return profile


def user_data_export(*, user) -> dict:
    """Everything Atheneum keeps about a person, for them to download."""
    from atheneum.api.selectors import api_data_for_user
    from atheneum.badges.selectors import badges_data_for_user
    from atheneum.coaching.booking_selectors import coaching_data_for_user
    from atheneum.learning.selectors import learning_data_for_user
    from atheneum.news.selectors import news_data_for_user
    from atheneum.organisations.models import Membership, TeamMembership
    from atheneum.xapi.selectors import xapi_data_for_user

    return {
        "format": "atheneum-personal-data/1",
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "country": str(user.country),
            "languages_spoken": user.languages_spoken,
            "time_zone": user.time_zone,
            "interface_language": user.interface_language,
            "bio": user.bio,
            "profile_visibility": user.profile_visibility,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "joined": m.joined_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "team_memberships": [
            {
                "organisation": tm.team.organisation.name,
                "team": tm.team.name,
                "role": tm.role,
                "joined": tm.joined_at.isoformat(),
            }
            for tm in TeamMembership.objects.filter(user=user).select_related("team__organisation")
        ],
        "two_factor": {"totp": user_has_totp(user=user)},
        **news_data_for_user(user=user),
        **learning_data_for_user(user=user),
        **coaching_data_for_user(user=user),
        **api_data_for_user(user=user),
        **xapi_data_for_user(user=user),
        **badges_data_for_user(user=user),
    }
