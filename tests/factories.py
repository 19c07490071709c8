import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone
from factory.django import DjangoModelFactory

from atheneum.accounts.models import User
from atheneum.organisations.enums import OrganisationRole, TeamRole
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "UTC"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Library {n}")
    slug = factory.Sequence(lambda n: f"library-{n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


def add_member(user, organisation, role=OrganisationRole.MEMBER):
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def add_to_team(user, team, role=TeamRole.MEMBER):
    Membership.objects.get_or_create(user=user, organisation=team.organisation)
    return TeamMembership.objects.create(user=user, team=team, role=role)


def give_totp(user):
    """A TOTP authenticator, as if the person had set up their app (organisers must)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def now():
    return timezone.now()
