"""The catalogue, a module page, a topic page and the reports cost the same number of queries
however many modules, topics, questions and learners there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.common import fragments
from atheneum.learning import services
from atheneum.learning.selectors import CATALOGUE_TAG

from ..competencies.factories import CompetencyFactory
from ..factories import TeamFactory, UserFactory, add_to_team
from .factories import (
    ExerciseFactory,
    MediaFactory,
    ModuleFactory,
    ResourceFactory,
    TopicFactory,
    make_course,
    make_question,
)


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context)


def _cold_count(client, url, params=None) -> int:
    fragments.bump(CATALOGUE_TAG)  # what a first visitor after a change pays
    return count(client, url, params)


def test_catalogue_query_count_constant(client_as, organisation, other_organisation):
    client = client_as("member")
    url = reverse("learning:catalogue")
    competency = CompetencyFactory()
    ModuleFactory(organisation=organisation, competencies=[competency])
    client.get(url)
    filtered = {"competency": competency.pk, "q": "part"}
    small = _cold_count(client, url), _cold_count(client, url, filtered)
    for index in range(6):
        ModuleFactory(
            organisation=other_organisation if index % 2 else organisation,
            is_partner=bool(index % 2),
            language="fr" if index % 3 else "en",
            competencies=[CompetencyFactory(), competency],
        )
    large = _cold_count(client, url), _cold_count(client, url, filtered)
    assert small == large


def test_module_page_query_count_constant(client_as, organisation, member):
    module = make_course(organisation, topics=1, competencies=[CompetencyFactory()])
    module.authors.set([member])
    enrolment = services.enrolment_start(module=module, acting_user=member)
    client = client_as("member")
    url = reverse("learning:module", args=[module.slug])
    client.get(url)
    small = count(client, url)
    for index in range(4):
        topic = TopicFactory(module=module, position=index + 5)
        services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=member)
        make_question(module, position=index + 5)
        ModuleFactory(
            organisation=organisation,
            translation_group=module.translation_group,
            language=["fr", "de", "es", "sv"][index],
        )
    module.competencies.add(CompetencyFactory(), CompetencyFactory())
    module.authors.add(UserFactory(), UserFactory())
    assert count(client, url) == small


def test_organiser_module_page_query_count_constant(client_as, organisation):
    module = make_course(organisation, topics=1)
    client = client_as("organiser")
    url = reverse("learning:module", args=[module.slug])
    client.get(url)
    small = count(client, url)
    for index in range(3):
        TopicFactory(module=module, position=index + 5)
        TeamFactory(organisation=organisation)
    assert count(client, url) == small


def test_topic_page_query_count_constant(client_as, organisation, member):
    module = make_course(organisation, topics=1)
    topic = module.topics.get()
    services.enrolment_start(module=module, acting_user=member)
    ExerciseFactory(topic=topic)
    MediaFactory(topic=topic)
    ResourceFactory(topic=topic)
    client = client_as("member")
    url = reverse("learning:topic", args=[module.slug, topic.pk])
    client.get(url)
    small = count(client, url)
    for index in range(4):
        TopicFactory(module=module, position=index + 5)
        exercise = ExerciseFactory(topic=topic)
        services.exercise_answer_save(exercise=exercise, text="An answer", acting_user=member)
        MediaFactory(topic=topic)
        ResourceFactory(topic=topic)
        make_question(module)
    assert count(client, url) == small


def test_assessment_and_attempt_query_count_constant(client_as, organisation, member):
    module = make_course(organisation, topics=1)
    enrolment = services.enrolment_start(module=module, acting_user=member)
    client = client_as("member")
    url = reverse("learning:assessment", args=[module.slug])
    attempt = services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    attempt_url = reverse("learning:attempt", args=[module.slug, attempt.pk])
    client.get(url)
    small = count(client, url), count(client, attempt_url)
    for _index in range(4):
        make_question(module)
    services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    attempt = services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    attempt_url = reverse("learning:attempt", args=[module.slug, attempt.pk])
    assert (count(client, url), count(client, attempt_url)) == small


def test_reports_and_my_learning_query_count_constant(client_as, organisation, team, member):
    module = make_course(organisation, topics=2)
    services.enrolment_start(module=module, acting_user=member)
    urls = [
        ("organiser", reverse("learning:module_report", args=[module.slug])),
        ("manager", reverse("learning:team_report", args=[team.pk])),
        ("member", reverse("learning:my_learning")),
    ]

    def measure(role, url) -> int:
        client = client_as(role)
        client.get(url)  # the viewer's roles stay cached, as between a person's requests
        fragments.bump(CATALOGUE_TAG)  # but their enrolments are read afresh
        return count(client, url)

    small = [measure(role, url) for role, url in urls]
    for _index in range(3):
        person = UserFactory()
        add_to_team(person, team)
        other = make_course(organisation, topics=1)
        for course in (module, other):
            enrolment = services.enrolment_start(module=course, acting_user=person)
            services.enrolment_set_sharing(enrolment=enrolment, share=True, acting_user=person)
        services.enrolment_start(module=other, acting_user=member)
    assert [measure(role, url) for role, url in urls] == small
