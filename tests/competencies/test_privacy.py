"""Nobody sees a rating, note or evidence they should not, on any page or export."""

import pytest
from django.urls import reverse

from atheneum.competencies.enums import RatingKind

from .conftest import ROLES
from .factories import ActivityFactory, RatingFactory, share

SECRET_NOTE = "SECRET-NOTE-about-my-struggles"
SECRET_EVIDENCE = "SECRET-EVIDENCE-course"


@pytest.fixture
def private_rating(member, competency):
    activity = ActivityFactory(owner=member, title=SECRET_EVIDENCE)
    activity.competencies.add(competency)
    rating = RatingFactory(
        user=member, competency=competency, kind=RatingKind.CURRENT, level=1, note=SECRET_NOTE
    )
    rating.evidence_links.create(activity=activity)
    RatingFactory(user=member, competency=competency, kind=RatingKind.TARGET, level=4)
    return rating


def urls(member, framework, competency):
    return [
        reverse("competencies:framework_list"),
        reverse("competencies:framework_detail", args=[framework.slug]),
        reverse("competencies:export_csv", args=[framework.slug]),
        reverse("competencies:export_case", args=[framework.slug]),
        reverse("competencies:my_assessment"),
        reverse("competencies:my_gaps"),
        reverse("competencies:framework_gaps", args=[framework.slug]),
        reverse("competencies:self_assessment", args=[framework.slug]),
        reverse("competencies:competency_history", args=[competency.pk]),
        reverse("competencies:team"),
        reverse("competencies:person_ratings", args=[member.pk, framework.slug]),
        reverse("competencies:person_competency_history", args=[member.pk, competency.pk]),
    ]


@pytest.mark.parametrize("shared", [True, False])
@pytest.mark.parametrize("role", ROLES)
def test_private_rating_visible_only_to_owner_and_sharing_manager(
    client_as, role, shared, private_rating
):
    member, competency = private_rating.user, private_rating.competency
    framework = competency.framework
    if shared:
        share(member)
    client = client_as(role)
    leaked = [
        url
        for url in urls(member, framework, competency)
        if SECRET_NOTE.encode() in client.get(url).content
    ]
    if role == "member":
        assert len(leaked) == 4  # self-assessment, own history, person page, person history
    elif role == "manager" and shared:
        assert leaked == [
            reverse("competencies:person_ratings", args=[member.pk, framework.slug]),
            reverse("competencies:person_competency_history", args=[member.pk, competency.pk]),
        ]
    else:
        assert leaked == []


@pytest.mark.parametrize("role", ROLES)
def test_evidence_titles_only_for_owner_or_sharing_manager(client_as, role, private_rating):
    member, competency = private_rating.user, private_rating.competency
    framework = competency.framework
    share(member)
    client = client_as(role)
    seen = [
        url
        for url in urls(member, framework, competency)
        if SECRET_EVIDENCE.encode() in client.get(url).content
    ]
    if role == "member":
        assert reverse("competencies:my_gaps") in seen
        assert reverse("competencies:self_assessment", args=[framework.slug]) in seen
    elif role == "manager":
        assert seen == [
            reverse("competencies:person_competency_history", args=[member.pk, competency.pk])
        ]
    else:
        assert seen == []


def test_other_member_self_assessment_shows_only_own_activities(
    client_as, other_member, framework, private_rating
):
    ActivityFactory(owner=other_member, title="Omar's own course")
    response = client_as("other_member").get(
        reverse("competencies:self_assessment", args=[framework.slug])
    )
    assert b"Omar&#x27;s own course" in response.content
    assert SECRET_EVIDENCE.encode() not in response.content
