"""Badges follow the portfolio: module completion, event attendance, published translations."""

import pytest

from atheneum.badges.models import Credential
from atheneum.translations.enums import LanguageState
from tests.events.core_factories import EventFactory, SessionFactory
from tests.learning.factories import ModuleFactory
from tests.translations.factories import CampaignFactory, TargetLanguageFactory

pytestmark = pytest.mark.django_db


def test_module_completion_issues_badge_from_module_organisation(record, member, module):
    record(member, f"learning:module:{module.pk}")
    credential = Credential.objects.get()
    assert credential.recipient == member
    assert credential.organisation == module.organisation
    assert credential.achievement_key == f"learning:module:{module.pk}"
    assert credential.achievement_name == "Reference interviews"


def test_signal_twice_gives_one_credential(record, member, module):
    record(member, f"learning:module:{module.pk}")
    record(member, f"learning:module:{module.pk}")
    from atheneum.portfolio.models import Activity
    from atheneum.portfolio.signals import activity_recorded

    activity = Activity.objects.get()
    activity_recorded.send(sender=Activity, activity=activity, source_key=activity.source_key)
    assert Credential.objects.count() == 1


def test_attending_sessions_of_one_event_gives_one_badge(record, member, other_organisation):
    event = EventFactory(organisation=other_organisation, title="Library futures")
    first, second = SessionFactory(event=event), SessionFactory(event=event)
    record(member, f"events:session:{first.uid}")
    record(member, f"events:session:{second.uid}")
    credential = Credential.objects.get()
    assert credential.organisation == other_organisation
    assert credential.achievement_key == f"events:event:{event.pk}"
    assert credential.achievement_name == "Attended Library futures"


def test_published_translation_issues_badge_from_campaign_org(record, member, organisation):
    campaign = CampaignFactory(organisation=organisation, title="Reading poster")
    target = TargetLanguageFactory(campaign=campaign, language="fr", state=LanguageState.PUBLISHED)
    record(member, f"translations:{target.pk}:{member.pk}")
    credential = Credential.objects.get()
    assert credential.organisation == organisation
    assert credential.achievement_key == f"translations:target:{target.pk}"
    assert "Reading poster" in credential.achievement_name


def test_unpublished_translation_issues_nothing(record, member, organisation):
    target = TargetLanguageFactory(
        campaign=CampaignFactory(organisation=organisation), state=LanguageState.APPROVED
    )
    record(member, f"translations:{target.pk}:{member.pk}")
    assert not Credential.objects.exists()


@pytest.mark.parametrize(
    "source_key",
    [
        "coaching:booking:1:coachee",
        "learning:module:999999",
        "events:session:not-a-uuid",
        "events:session:00000000-0000-0000-0000-000000000000",
        "translations:999999:1",
        "manual",
    ],
)
def test_other_sources_issue_nothing(record, member, source_key):
    record(member, source_key)
    assert not Credential.objects.exists()


def test_badge_texts_in_recipient_language(member, organisation):
    from atheneum.badges.services import credential_issue_for_source

    member.interface_language = "de"
    member.save(update_fields=["interface_language"])
    module = ModuleFactory(organisation=organisation, title="Auskunft")
    key = f"learning:module:{module.pk}"
    credential = credential_issue_for_source(recipient=member, source_key=key)
    assert credential.language == "de"


def test_finishing_a_module_issues_a_badge(
    member, organisation, django_capture_on_commit_callbacks
):
    """End to end through the learning app's own service."""
    from atheneum.learning.models import Enrolment
    from atheneum.learning.services import enrolment_finish

    module = ModuleFactory(organisation=organisation)
    enrolment = Enrolment.objects.create(module=module, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_finish(enrolment=enrolment, acting_user=member)
    assert Credential.objects.filter(recipient=member, organisation=organisation).count() == 1
