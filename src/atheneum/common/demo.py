"""The demo world that `make run` loads: believable, small, and the same every time."""

import functools

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from atheneum.accounts.models import User
from atheneum.organisations.enums import JoinPolicy, OrganisationKind, OrganisationRole, TeamRole
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership

DEMO_PASSWORD = "learn-together-2026"  # noqa: S105 - a published demo login, never production
# A fixed secret so the demo organiser and admin can add it to an authenticator app.
DEMO_TOTP_SECRET = "ATHENEUMDEMOTOTPSECRETKEYABCDEFG"  # noqa: S105

ORGANISATIONS = [
    {
        "key": "association",
        "slug": "illa",
        "name": "International Library Learning Association",
        "kind": OrganisationKind.ASSOCIATION,
        "country": "",
        "join_policy": JoinPolicy.OPEN,
        "description": (
            "A worldwide association of library and information workers. Its CPD section "
            "runs free online conferences, monthly meetups, coaching rounds and translation "
            "campaigns for colleagues in every region."
        ),
        "teams": [
            ("cpd-section", "Continuing Professional Development section", JoinPolicy.OPEN),
            ("standing-committee", "CPD standing committee", JoinPolicy.INVITATION),
        ],
    },
    {
        "key": "riverside",
        "slug": "riverside",
        "name": "Riverside Public Library",
        "kind": OrganisationKind.LIBRARY,
        "country": "SE",
        "join_policy": JoinPolicy.INVITATION,
        "description": "A city library with eight branches and a mobile library.",
        "teams": [
            ("children", "Children's and youth services", JoinPolicy.INVITATION),
            ("digital", "Digital services", JoinPolicy.INVITATION),
        ],
    },
    {
        "key": "hilltown",
        "slug": "hilltown",
        "name": "Hilltown University Library",
        "kind": OrganisationKind.SCHOOL,
        "country": "KE",
        "join_policy": JoinPolicy.INVITATION,
        "description": "An academic library serving twelve thousand students and staff.",
        "teams": [("reference", "Research and reference", JoinPolicy.INVITATION)],
    },
]

USERS = [
    {
        "key": "member",
        "email": "member@demo.atheneum.test",
        "display_name": "Amina Haddad",
        "country": "SE",
        "languages_spoken": ["ar", "sv", "en"],
        "time_zone": "Europe/Stockholm",
        "bio": "Children's librarian who runs reading clubs in three languages.",
    },
    {
        "key": "manager",
        "email": "manager@demo.atheneum.test",
        "display_name": "Lars Berg",
        "country": "SE",
        "languages_spoken": ["sv", "en"],
        "time_zone": "Europe/Stockholm",
        "bio": "Head of children's and youth services.",
    },
    {
        "key": "organiser",
        "email": "organiser@demo.atheneum.test",
        "display_name": "María José Ortega",
        "country": "MX",
        "languages_spoken": ["es", "en"],
        "time_zone": "America/Mexico_City",
        "bio": "Volunteer officer of the association's CPD section.",
    },
    {
        "key": "admin",
        "email": "admin@demo.atheneum.test",
        "display_name": "Wanjiru Kamau",
        "country": "KE",
        "languages_spoken": ["sw", "en"],
        "time_zone": "Africa/Nairobi",
        "bio": "Runs the association's Atheneum site.",
    },
]


@functools.cache
def demo_password_hash() -> str:
    """The demo password, hashed once: all demo people share it, and hashing is slow by design."""
    return make_password(DEMO_PASSWORD)


def _user(spec: dict) -> User:
    fields = {k: v for k, v in spec.items() if k not in {"key", "email"}}
    user, created = User.objects.get_or_create(email=spec["email"], defaults=fields)
    if created:
        user.password = demo_password_hash()
        if spec["key"] == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return user


def _totp(user: User) -> list[str]:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
    return recovery.get_unused_codes()


@transaction.atomic
def load_demo() -> dict:
    """Creates (or finds) the demo organisations, people and content. Safe to run twice."""
    organisations: dict[str, Organisation] = {}
    teams: dict[tuple[str, str], Team] = {}
    for spec in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "country": spec["country"],
                "join_policy": spec["join_policy"],
                "description": spec["description"],
                "moderate_comments": spec["key"] == "association",
            },
        )
        organisations[spec["key"]] = organisation
        for slug, name, policy in spec["teams"]:
            team, _ = Team.objects.get_or_create(
                organisation=organisation, slug=slug, defaults={"name": name, "join_policy": policy}
            )
            teams[(spec["key"], slug)] = team

    users = {spec["key"]: _user(spec) for spec in USERS}

    def member_of(user, org_key, role=OrganisationRole.MEMBER):
        Membership.objects.get_or_create(
            user=user, organisation=organisations[org_key], defaults={"role": role}
        )

    def in_team(user, org_key, team_slug, role=TeamRole.MEMBER):
        member_of(user, org_key)
        TeamMembership.objects.get_or_create(
            user=user, team=teams[(org_key, team_slug)], defaults={"role": role}
        )

    in_team(users["member"], "riverside", "children")
    member_of(users["member"], "association")
    in_team(users["member"], "association", "cpd-section")
    in_team(users["manager"], "riverside", "children", TeamRole.MANAGER)
    member_of(users["organiser"], "association", OrganisationRole.ORGANISER)
    in_team(users["organiser"], "association", "standing-committee", TeamRole.MANAGER)
    member_of(users["admin"], "association", OrganisationRole.ADMIN)

    recovery = {key: _totp(users[key]) for key in ("organiser", "admin")}

    from atheneum.api import demo as api_demo
    from atheneum.badges import demo as badges_demo
    from atheneum.coaching import booking_demo
    from atheneum.coaching import demo as coaching_demo
    from atheneum.competencies import demo as competencies_demo
    from atheneum.events import cfp_demo, registration_demo
    from atheneum.events import demo as events_demo
    from atheneum.learning import demo as learning_demo
    from atheneum.learning import kit_demo
    from atheneum.meetups import demo as meetups_demo
    from atheneum.news import demo as news_demo
    from atheneum.planning import demo as planning_demo
    from atheneum.portfolio import demo as portfolio_demo
    from atheneum.translations import demo as translations_demo
    from atheneum.xapi import demo as xapi_demo

    # Order matters: portfolio entries need competencies, registrations need the events.
    for app_demo in (
        news_demo,
        competencies_demo,
        portfolio_demo,
        planning_demo,
        events_demo,
        registration_demo,
        cfp_demo,
        meetups_demo,
        learning_demo,
        kit_demo,
        coaching_demo,
        booking_demo,
        translations_demo,
        api_demo,
        xapi_demo,
        badges_demo,
    ):
        app_demo.load(organisations=organisations, users=users)
    return {"users": users, "organisations": organisations, "recovery_codes": recovery}
