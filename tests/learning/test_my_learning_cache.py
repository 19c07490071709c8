"""A learner's enrolments on "My learning" are cached for that learner alone, and every change
to what the page shows (progress, sharing, the module, its topics) is visible at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.common import fragments
from atheneum.learning import authoring_services, services
from atheneum.learning.selectors import learner_tag

from ..baseline import signed_in_queries
from ..factories import UserFactory, add_to_team
from .factories import TopicFactory, make_course

URL = reverse("learning:my_learning")


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        _page(client)
    return len(context)


def test_my_learning_warm_cache_reads_no_enrolments(client_as, organisation, member):
    services.enrolment_start(module=make_course(organisation), acting_user=member)
    client = client_as("member")
    _page(client)  # the viewer's roles are cached from then on
    fragments.bump(learner_tag(member.pk))

    cold = _queries(client)
    warm = _queries(client)

    assert cold == warm + 1  # the enrolments with their progress
    assert warm == signed_in_queries()  # the session (in the database) and the viewer


def test_my_learning_shows_progress_and_sharing_at_once(client_as, organisation, member):
    module = make_course(organisation, topics=2)
    enrolment = services.enrolment_start(module=module, acting_user=member)
    client = client_as("member")
    assert "0 of 2 topics done" in _page(client)

    services.topic_mark_done(
        enrolment=enrolment, topic=module.topics.order_by("position").first(), acting_user=member
    )
    assert "1 of 2 topics done" in _page(client)

    services.enrolment_set_sharing(enrolment=enrolment, share=True, acting_user=member)
    assert "Stop sharing" in _page(client)


def test_my_learning_shows_module_changes_at_once(client_as, organisation, organiser, member):
    module = make_course(organisation, topics=2, title="First title")
    services.enrolment_start(module=module, acting_user=member)
    client = client_as("member")
    assert "First title" in _page(client)

    authoring_services.module_update(module=module, acting_user=organiser, title="Second title")
    TopicFactory(module=module, position=5)

    html = _page(client)
    assert "Second title" in html
    assert "0 of 3 topics done" in html


def test_my_learning_shows_a_new_major_version_at_once(client_as, organisation, organiser, member):
    module = make_course(organisation)
    services.enrolment_start(module=module, acting_user=member)
    client = client_as("member")
    assert "Review: the module has changed" not in _page(client)

    authoring_services.module_new_version(module=module, major=True, acting_user=organiser)

    assert "Review: the module has changed" in _page(client)


def test_my_learning_is_cached_per_learner(client_as, organisation, team, member):
    other = UserFactory(display_name="Other Learner")
    add_to_team(other, team)
    services.enrolment_start(
        module=make_course(organisation, title="Mira's module"), acting_user=member
    )
    services.enrolment_start(
        module=make_course(organisation, title="Other's module"), acting_user=other
    )
    client = client_as("member")
    assert "Mira&#x27;s module" in _page(client)

    client.force_login(other)
    html = _page(client)

    assert "Other&#x27;s module" in html
    assert "Mira&#x27;s module" not in html
