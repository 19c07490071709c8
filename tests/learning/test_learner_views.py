"""Learners' pages for every role, the whole path through a module, and privacy."""

import io
import re

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse

from atheneum.learning import services
from atheneum.learning.enums import Level, ModuleStatus
from atheneum.learning.models import Attempt, Enrolment, ExerciseAnswer, TopicProgress
from atheneum.portfolio.models import Activity

from ..competencies.factories import CompetencyFactory
from ..conftest import ROLES
from ..factories import UserFactory, add_to_team
from .factories import ExerciseFactory, MediaFactory, ModuleFactory, make_course

EVERYONE_BUT_MEMBER = [role for role in ROLES if role != "member"]


@pytest.fixture
def course(organisation):
    return make_course(organisation, slug="reference-interviews", title="Reference interviews")


def _questions(module):
    return list(module.questions.order_by("position").prefetch_related("choices"))


def _choice_pks(question):
    return [choice.pk for choice in question.choices.order_by("position")]


def _right_answers(module):
    single, multiple, reflection = _questions(module)
    return {
        single.pk: [_choice_pks(single)[0]],
        multiple.pk: _choice_pks(multiple)[:2],
        reflection.pk: "Ask first.",
    }


def _completed(module, user):
    enrolment = services.enrolment_start(module=module, acting_user=user)
    for topic in module.topics.all():
        services.topic_mark_done(enrolment=enrolment, topic=topic, acting_user=user)
    services.attempt_submit(enrolment=enrolment, answers=_right_answers(module), acting_user=user)
    services.enrolment_finish(enrolment=enrolment, acting_user=user)
    enrolment.refresh_from_db()
    return enrolment


# --- Role matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_module_published_for_role(client_as, role, course):
    response = client_as(role).get(reverse("learning:module", args=[course.slug]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"Draft preview" not in response.content
    assert (b"Totals for this module" in response.content) is (role in {"organiser", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_module_draft_for_role(client_as, role, course):
    course.status = ModuleStatus.DRAFT
    course.save()
    client = client_as(role)
    response = client.get(reverse("learning:module", args=[course.slug]))
    editors = {"organiser", "admin"}
    assert response.status_code == (200 if role in editors else 404)
    if role in editors:
        assert b"Draft preview" in response.content
        assert b"Start the module" not in response.content
        start = client.post(reverse("learning:start", args=[course.slug]))
        assert start.status_code == 403
        assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_topic_for_role(client_as, role, course):
    topic = course.topics.first()
    response = client_as(role).get(reverse("learning:topic", args=[course.slug, topic.pk]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert (b"Mark as done" in response.content) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_assessment_for_role(client_as, role, course):
    response = client_as(role).get(reverse("learning:assessment", args=[course.slug]))
    assert response.status_code == 200
    assert (b"Submit my answers" in response.content) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_attempt_for_role(client_as, role, course, member, request):
    enrolment = services.enrolment_start(module=course, acting_user=member)
    attempt = services.attempt_submit(enrolment=enrolment, answers={}, acting_user=member)
    response = client_as(role).get(reverse("learning:attempt", args=[course.slug, attempt.pk]))
    assert response.status_code == {"anonymous": 302, "member": 200}.get(role, 404)
    if role != "member":
        assert b"Score" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_certificate_for_role(client_as, role, course, member):
    _completed(course, member)
    response = client_as(role).get(reverse("learning:certificate", args=[course.slug]))
    expected = {"anonymous": 302, "member": 200}.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ROLES)
def test_module_report_for_role(client_as, role, course, member):
    _completed(course, member)
    response = client_as(role).get(reverse("learning:module_report", args=[course.slug]))
    expected = {"anonymous": 302, "organiser": 200, "admin": 200}.get(role, 403)
    assert response.status_code == expected
    if expected == 200:
        assert response.content.count(b"<h1") == 1
        assert b"Mira Member" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_team_report_for_role(client_as, role, course, team, member):
    _completed(course, member)
    response = client_as(role).get(reverse("learning:team_report", args=[team.pk]))
    expected = {"anonymous": 302, "manager": 200, "organiser": 200, "admin": 200}.get(role, 403)
    assert response.status_code == expected
    if expected == 200:
        assert b"Reference interviews" in response.content
        assert b"Mira Member" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_my_learning_for_role(client_as, role, course, member, team):
    _completed(course, member)
    response = client_as(role).get(reverse("learning:my_learning"))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role == "member":
        assert reverse("learning:certificate", args=[course.slug]).encode() in response.content
    elif role != "anonymous":
        assert b"Reference interviews" not in response.content
    team_link = reverse("learning:team_report", args=[team.pk]).encode()
    assert (team_link in response.content) is (role in {"manager", "organiser", "admin"})


def test_team_report_unknown_team_is_404(client_as):
    assert client_as("admin").get(reverse("learning:team_report", args=[999999])).status_code == (
        404
    )


# --- The path through a module ---------------------------------------------------------------


def test_learner_path_start_to_certificate(client_as, course, member):
    client = client_as("member")
    first, second = course.topics.order_by("position")
    response = client.post(reverse("learning:start", args=[course.slug]))
    assert response.url == reverse("learning:topic", args=[course.slug, first.pk])
    client.post(reverse("learning:start", args=[course.slug]))
    assert Enrolment.objects.filter(user=member).count() == 1

    response = client.post(reverse("learning:topic_done", args=[course.slug, first.pk]))
    assert response.url == reverse("learning:topic", args=[course.slug, second.pk])
    client.get(reverse("learning:topic", args=[course.slug, second.pk]))
    page = client.get(reverse("learning:module", args=[course.slug]))
    assert b"Resume" in page.content
    assert reverse("learning:topic", args=[course.slug, second.pk]).encode() in page.content
    assert b"Finish the module" not in page.content
    response = client.post(reverse("learning:topic_done", args=[course.slug, second.pk]))
    assert response.url == reverse("learning:assessment", args=[course.slug])

    single, multiple, reflection = _questions(course)
    data = {
        f"question_{single.pk}": str(_choice_pks(single)[0]),
        f"question_{multiple.pk}": [str(pk) for pk in _choice_pks(multiple)[:2]],
        f"question_{reflection.pk}": "Ask first.",
    }
    response = client.post(reverse("learning:assessment", args=[course.slug]), data)
    attempt = Attempt.objects.get()
    assert response.url == reverse("learning:attempt", args=[course.slug, attempt.pk])
    assert (attempt.score, attempt.passed) == (100, True)

    response = client.post(reverse("learning:finish", args=[course.slug]))
    activity = Activity.objects.get(owner=member)
    assert response.url == (
        reverse("learning:completed", args=[course.slug]) + f"?activity={activity.pk}"
    )
    page = client.get(response.url)
    assert reverse("portfolio:reflection_create", args=[activity.pk]).encode() in page.content
    assert reverse("learning:certificate", args=[course.slug]).encode() in page.content
    client.post(reverse("learning:finish", args=[course.slug]))
    assert Activity.objects.filter(owner=member).count() == 1


def test_assessment_missing_answer_is_400_and_saves_nothing(client_as, course):
    response = client_as("member").post(reverse("learning:assessment", args=[course.slug]), {})
    assert response.status_code == 400
    assert b"Choose an answer." in response.content
    assert not Attempt.objects.exists()


def test_finish_before_done_refused(client_as, course, member):
    client = client_as("member")
    client.post(reverse("learning:start", args=[course.slug]))
    response = client.post(reverse("learning:finish", args=[course.slug]))
    assert response.url == reverse("learning:module", args=[course.slug])
    assert Enrolment.objects.get().completed_at is None
    assert not Activity.objects.exists()


def test_module_needs_review_notice_and_mark_reviewed(client_as, course, member):
    services.enrolment_start(module=course, acting_user=member)
    course.version_major = 2
    course.save()
    client = client_as("member")
    page = client.get(reverse("learning:module", args=[course.slug]))
    assert b"This module has changed" in page.content
    client.post(reverse("learning:mark_reviewed", args=[course.slug]))
    assert Enrolment.objects.get().version_major_seen == 2
    page = client.get(reverse("learning:module", args=[course.slug]))
    assert b"This module has changed" not in page.content


def test_module_page_shows_licence_translation_and_objectives(client_as, course, organisation):
    ModuleFactory(
        organisation=organisation,
        translation_group=course.translation_group,
        language="fr",
        slug="entretien",
    )
    ModuleFactory(
        organisation=organisation,
        translation_group=course.translation_group,
        language="de",
        slug="entwurf",
        status=ModuleStatus.DRAFT,
    )
    page = client_as("anonymous").get(reverse("learning:module", args=[course.slug]))
    content = page.content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in content
    assert reverse("learning:module", args=["entretien"]) in content
    assert reverse("learning:module", args=["entwurf"]) not in content
    assert "<li>Ask open questions</li>" in content
    assert "<strong>not</strong>" in content


def test_topic_media_has_captions_track_and_transcript(client_as, course):
    topic = course.topics.first()
    MediaFactory(topic=topic, file="learning/media/talk.mp4", captions="learning/captions/talk.vtt")
    MediaFactory(topic=topic, title="Linked video")
    content = (
        client_as("member")
        .get(reverse("learning:topic", args=[course.slug, topic.pk]))
        .content.decode()
    )
    assert '<track kind="captions" src="/media/learning/captions/talk.vtt" srclang="en"' in content
    assert content.count("<details>") == 2
    assert "https://video.example.org/watch/reference-interview" in content


# --- Privacy -----------------------------------------------------------------------------------


def test_assessment_html_reveals_no_correctness_or_feedback(client_as, course):
    content = client_as("member").get(reverse("learning:assessment", args=[course.slug])).content
    assert b"Feedback for" not in content
    assert b"cannot be answered with yes or no" not in content
    assert b"correct" not in content.lower()


def test_attempt_shows_feedback_only_for_picked_choices(client_as, course, member):
    enrolment = services.enrolment_start(module=course, acting_user=member)
    single, multiple, _reflection = _questions(course)
    wrong = _choice_pks(single)[2]
    attempt = services.attempt_submit(
        enrolment=enrolment, answers={single.pk: [wrong]}, acting_user=member
    )
    content = (
        client_as("member")
        .get(reverse("learning:attempt", args=[course.slug, attempt.pk]))
        .content.decode()
    )
    assert "Feedback for choice 3" in content
    assert "Feedback for choice 1" not in content
    assert "Feedback for choice 2" not in content
    assert "Open questions cannot be answered with yes or no." in content
    assert "Score: 0%" in content


def test_exercise_answer_private_to_its_author(client_as, course, member):
    topic = course.topics.first()
    exercise = ExerciseFactory(topic=topic)
    client = client_as("member")
    response = client.post(
        reverse("learning:exercise_answer", args=[course.slug, exercise.pk]),
        {f"exercise-{exercise.pk}-text": "My secret desk story"},
    )
    assert response.status_code == 302
    assert ExerciseAnswer.objects.get().text == "My secret desk story"
    url = reverse("learning:topic", args=[course.slug, topic.pk])
    assert b"My secret desk story" in client.get(url).content
    for role in EVERYONE_BUT_MEMBER:
        assert b"My secret desk story" not in client_as(role).get(url).content


def test_team_report_shows_individual_only_when_shared(client_as, course, member, team):
    enrolment = _completed(course, member)
    url = reverse("learning:team_report", args=[team.pk])
    assert b"Mira Member" not in client_as("manager").get(url).content
    client = client_as("member")
    client.post(reverse("learning:share_toggle", args=[course.slug]), {"share": "1"})
    enrolment.refresh_from_db()
    assert enrolment.share_with_managers is True
    content = client_as("manager").get(url).content
    assert b"Mira Member" in content
    assert b"Ask first." not in content


def test_share_toggle_without_enrolment_is_404(client_as, course):
    response = client_as("member").post(
        reverse("learning:share_toggle", args=[course.slug]), {"share": "1"}
    )
    assert response.status_code == 404


# --- Catalogue ---------------------------------------------------------------------------------


def test_catalogue_search_filters_and_partner_badge(client_as, organisation, other_organisation):
    competency = CompetencyFactory(title="Storytelling")
    ModuleFactory(
        organisation=organisation,
        title="Story time basics",
        estimated_minutes=20,
        level=Level.ADVANCED,
        competencies=[competency],
    )
    ModuleFactory(
        organisation=other_organisation,
        title="Reading clubs",
        summary="Story ideas",
        is_partner=True,
        estimated_minutes=120,
        language="fr",
    )
    ModuleFactory(organisation=organisation, title="Secret draft", status=ModuleStatus.DRAFT)
    client = client_as("anonymous")
    url = reverse("learning:catalogue")
    content = client.get(url).content.decode()
    assert "Story time basics" in content
    assert "Secret draft" not in content
    assert '<span class="badge">Partner</span> Hill Town Library' in content
    assert "Story time basics" in client.get(url, {"q": "story"}).content.decode()
    assert "Reading clubs" in client.get(url, {"q": "story"}).content.decode()
    short = client.get(url, {"length": "short"}).content.decode()
    assert ("Story time basics" in short, "Reading clubs" in short) == (True, False)
    french = client.get(url, {"language": "fr"}).content.decode()
    assert ("Story time basics" in french, "Reading clubs" in french) == (False, True)
    for params in ({"competency": competency.pk}, {"level": "advanced"}):
        found = client.get(url, params).content.decode()
        assert ("Story time basics" in found, "Reading clubs" in found) == (True, False)
    assert "Storytelling</option>" in content


# --- Certificates ------------------------------------------------------------------------------


def test_certificate_pdf_names_learner_and_verification_url(client_as, course, member):
    enrolment = _completed(course, member)
    response = client_as("member").get(reverse("learning:certificate", args=[course.slug]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = re.sub(r"[\x00-\x09\x0b-\x1f]", "", "".join(p.extract_text() for p in reader.pages))
    compact = text.replace(" ", "").replace("\n", "")
    url = settings.SITE_URL.rstrip("/") + reverse(
        "learning:verify", args=[enrolment.certificate_code]
    )
    assert url.replace(" ", "") in compact
    assert "MiraMember" in compact
    assert "Referenceinterviews" in compact
    assert "0.75hours" in compact


def test_verify_shows_who_what_when_only(client_as, course, member):
    enrolment = _completed(course, member)
    response = client_as("anonymous").get(
        reverse("learning:verify", args=[enrolment.certificate_code])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mira Member" in content
    assert "Reference interviews" in content
    assert "member@example.org" not in content
    assert "%" not in content
    assert client_as("anonymous").get(reverse("learning:verify", args=["nope"])).status_code == 404


def test_topic_progress_only_for_own_enrolment(client_as, course, member):
    services.enrolment_start(module=course, acting_user=member)
    topic = course.topics.first()
    client_as("other_member").post(reverse("learning:topic_done", args=[course.slug, topic.pk]))
    assert not TopicProgress.objects.filter(enrolment__user=member).exists()


def test_team_report_average_needs_three_scores(client_as, course, team, member, other_member):
    url = reverse("learning:team_report", args=[team.pk])
    for person, answers in ((member, _right_answers(course)), (other_member, {})):
        enrolment = services.enrolment_start(module=course, acting_user=person)
        services.attempt_submit(enrolment=enrolment, answers=answers, acting_user=person)
    assert b"50%" not in client_as("manager").get(url).content
    third = UserFactory()
    add_to_team(third, team)
    enrolment = services.enrolment_start(module=course, acting_user=third)
    services.attempt_submit(enrolment=enrolment, answers={}, acting_user=third)
    assert b"<td>33%</td>" in client_as("manager").get(url).content


def test_certificate_still_downloadable_after_archiving(client_as, course, member):
    _completed(course, member)
    course.status = ModuleStatus.ARCHIVED
    course.save()
    client = client_as("member")
    assert client.get(reverse("learning:module", args=[course.slug])).status_code == 404
    response = client.get(reverse("learning:certificate", args=[course.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
