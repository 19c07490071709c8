"""Every programme page for every role, and what must never show."""

import pytest
from django.core import mail
from django.urls import reverse

from atheneum.coaching.enums import ApplicationStatus, CoachStatus
from atheneum.coaching.models import Coach, CoachApplication, CoachingRequest, Programme

from .factories import (
    BookingFactory,
    CoachApplicationFactory,
    CoachFactory,
    CoachingRequestFactory,
    PreparationGuideFactory,
    ProgrammeFactory,
    RoundFactory,
    SlotFactory,
)

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


def public(role):
    return 200


def signed_in(role):
    return 302 if role == "anonymous" else 200


def organiser_page(role):
    if role == "anonymous":
        return 302
    return 200 if role in ORGANISERS else 403


def applicant_or_organiser(role):
    if role == "anonymous":
        return 302
    return 200 if role in ORGANISERS | {"member"} else 404


def coach_self_or_organiser(role):
    if role == "anonymous":
        return 302
    return 200 if role in ORGANISERS else 403


@pytest.fixture
def world(organisation, other_organisation, member):
    programme = ProgrammeFactory(
        organisation=organisation,
        slug="congress",
        title="Congress coaching",
        description="Talk with **colleagues**. <script>alert(1)</script>",
        partners=[other_organisation],
    )
    round_ = RoundFactory(programme=programme, title="Spring week")
    coach = CoachFactory(
        programme=programme,
        user__display_name="Carla Coach",
        languages=["es", "sv"],
        topics=["grant writing"],
        bio="I love **grants**.",
    )
    PreparationGuideFactory(programme=programme, language="en", title="Get ready")
    application = CoachApplicationFactory(programme=programme, user=member)
    request_ = CoachingRequestFactory(round=round_, coachee=member, languages=["es"])
    SlotFactory(round=round_, coach=coach)
    return {
        "programme": programme,
        "round": round_,
        "coach": coach,
        "application": application,
        "request": request_,
    }


PAGES = [
    ("programmes", lambda w: [], public),
    ("programme_create", lambda w: [], organiser_page),
    ("my_coaching", lambda w: [], signed_in),
    ("programme", lambda w: [w["programme"].slug], public),
    ("programme_edit", lambda w: [w["programme"].slug], organiser_page),
    ("round_create", lambda w: [w["programme"].slug], organiser_page),
    ("round", lambda w: [w["programme"].slug, w["round"].pk], public),
    ("round_edit", lambda w: [w["programme"].slug, w["round"].pk], organiser_page),
    ("request_create", lambda w: [w["programme"].slug, w["round"].pk], signed_in),
    ("requests", lambda w: [w["programme"].slug, w["round"].pk], organiser_page),
    ("dashboard", lambda w: [w["programme"].slug, w["round"].pk], organiser_page),
    ("dashboard_csv", lambda w: [w["programme"].slug, w["round"].pk], organiser_page),
    ("become_coach", lambda w: [w["programme"].slug], public),
    ("application_create", lambda w: [w["programme"].slug], signed_in),
    ("applications", lambda w: [w["programme"].slug], organiser_page),
    (
        "application_detail",
        lambda w: [w["programme"].slug, w["application"].pk],
        applicant_or_organiser,
    ),
    ("coach", lambda w: [w["programme"].slug, w["coach"].pk], public),
    ("coach_edit", lambda w: [w["programme"].slug, w["coach"].pk], coach_self_or_organiser),
    ("guide", lambda w: [w["programme"].slug], public),
    ("guide_edit", lambda w: [w["programme"].slug, "sv"], organiser_page),
]


@pytest.mark.parametrize("role", ROLES)
def test_programme_pages_for_role(client_as, role, world):
    client = client_as(role)
    for name, args, expected in PAGES:
        response = client.get(reverse(f"coaching:{name}", args=args(world)))
        # The member already applied, so the application form sends them to "my coaching".
        wanted = 302 if (name, role) == ("application_create", "member") else expected(role)
        assert response.status_code == wanted, (name, role, response.status_code)
        if wanted == 200 and response["Content-Type"].startswith("text/html"):
            assert response.content.count(b"<h1") == 1, name


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_programme_for_role(client_as, role, organisation):
    programme = ProgrammeFactory(organisation=organisation, is_published=False, title="Secret")
    client = client_as(role)
    response = client.get(programme.get_absolute_url())
    assert response.status_code == (200 if role in ORGANISERS else 404)
    listing = client.get(reverse("coaching:programmes"))
    assert (b"Secret" in listing.content) is (role in ORGANISERS)


def test_programme_page_shows_coaches_and_sanitised_markdown(client, world):
    response = client.get(world["programme"].get_absolute_url())
    content = response.content.decode()
    assert "<strong>colleagues</strong>" in content
    assert "<script>alert" not in content
    assert "Carla Coach" in content
    assert "Spanish, Swedish" in content
    assert "Hill Town Library" in content
    assert "Spring week" in content
    assert reverse("coaching:become_coach", args=["congress"]) in content
    assert "https://meet.example.org/coach-room" not in content


def test_paused_coach_is_hidden_from_coachees(client_as, world):
    coach = world["coach"]
    coach.status = CoachStatus.PAUSED
    coach.save()
    client = client_as("member")
    assert b"Carla Coach" not in client.get(world["programme"].get_absolute_url()).content
    url = reverse("coaching:coach", args=["congress", coach.pk])
    assert client.get(url).status_code == 404
    client.force_login(coach.user)
    assert client.get(url).status_code == 200
    edit = reverse("coaching:coach_edit", args=["congress", coach.pk])
    assert client.get(edit).status_code == 200


def test_coach_pause_by_coach_then_resume(client, world):
    coach = world["coach"]
    client.force_login(coach.user)
    url = reverse("coaching:coach_pause", args=["congress", coach.pk])
    client.post(url)
    coach.refresh_from_db()
    assert coach.status == CoachStatus.PAUSED
    client.post(url)
    coach.refresh_from_db()
    assert coach.status == CoachStatus.ACTIVE


def test_coach_pause_by_other_member_is_refused(client_as, world):
    response = client_as("other_member").post(
        reverse("coaching:coach_pause", args=["congress", world["coach"].pk])
    )
    assert response.status_code == 403
    world["coach"].refresh_from_db()
    assert world["coach"].status == CoachStatus.ACTIVE


def test_application_create_requires_sign_in_with_next(client, world):
    url = reverse("coaching:application_create", args=["congress"])
    response = client.get(url)
    assert response.status_code == 302
    assert f"next={url}" in response["Location"]


def test_application_create_and_duplicate(client_as, world):
    client = client_as("other_member")
    url = reverse("coaching:application_create", args=["congress"])
    data = {
        "experience": "Mentoring",
        "approach": "Listening",
        "languages": ["fr", "en"],
        "topics": "careers",
        "time_zone": "Africa/Nairobi",
        "consent": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    application = CoachApplication.objects.get(user__email="other@example.org")
    assert application.languages == ["fr", "en"]
    assert client.post(url, data).status_code == 302  # to "my coaching", with a message
    assert CoachApplication.objects.filter(user__email="other@example.org").count() == 1


def test_application_create_without_consent_changes_nothing(client_as, world):
    response = client_as("other_member").post(
        reverse("coaching:application_create", args=["congress"]),
        {
            "experience": "x",
            "approach": "y",
            "languages": ["en"],
            "topics": "t",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 400
    assert not CoachApplication.objects.filter(user__email="other@example.org").exists()


def test_application_approve_through_page(client_as, world):
    client = client_as("organiser")
    application = world["application"]
    with_callbacks = client.post(
        reverse("coaching:application_detail", args=["congress", application.pk]),
        {"decision": "approve", "message": "Welcome"},
    )
    assert with_callbacks.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert Coach.objects.filter(user=application.user).count() == 1


def test_application_decide_by_applicant_is_refused(client_as, world):
    application = world["application"]
    response = client_as("member").post(
        reverse("coaching:application_detail", args=["congress", application.pk]),
        {"decision": "approve", "message": ""},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_my_coaching_shows_own_application_and_request_only(client_as, world):
    CoachApplicationFactory(
        programme=ProgrammeFactory(title="Someone else's programme"),
        user__display_name="Somebody",
    )
    content = client_as("member").get(reverse("coaching:my_coaching")).content.decode()
    assert "Congress coaching" in content
    assert "Waiting for review" in content
    assert "Spring week" in content
    assert "Someone else&#x27;s programme" not in content


def test_guide_language_picker_and_missing_languages(client, world):
    PreparationGuideFactory(programme=world["programme"], language="fr", title="Se préparer")
    response = client.get(reverse("coaching:guide", args=["congress"]))
    content = response.content.decode()
    assert "Get ready" in content
    assert 'href="?lang=fr"' in content
    assert "français" in content
    assert "svenska" in content  # Swedish has no version yet
    french = client.get(reverse("coaching:guide", args=["congress"]) + "?lang=fr")
    assert "Se préparer" in french.content.decode()


def test_guide_edit_creates_version(client_as, world):
    client_as("organiser").post(
        reverse("coaching:guide_edit", args=["congress", "sv"]),
        {"title": "Förbered dig", "body": "Text", "steps": "Ett\nTvå"},
    )
    assert world["programme"].guides.get(language="sv").title == "Förbered dig"


def test_programme_create_by_organiser(client_as, organisation, other_organisation):
    response = client_as("organiser").post(
        reverse("coaching:programme_create"),
        {
            "organisation": organisation.pk,
            "title": "Peer coaching",
            "slug": "peer",
            "description": "",
            "partners": [other_organisation.pk],
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(slug="peer")
    assert list(programme.partners.all()) == [other_organisation]


def test_round_create_in_round_zone(client_as, world):
    response = client_as("organiser").post(
        reverse("coaching:round_create", args=["congress"]),
        {
            "title": "Autumn",
            "time_zone": "Asia/Singapore",
            "booking_opens": "2030-09-01T08:00",
            "booking_closes": "2030-09-20T08:00",
            "coaching_starts": "2030-09-21T08:00",
            "coaching_ends": "2030-09-25T18:00",
            "session_minutes": "45",
            "buffer_minutes": "15",
            "max_bookings_per_coachee": "1",
            "link_mode": "coach",
            "cancel_cutoff_hours": "24",
        },
    )
    assert response.status_code == 302
    round_ = world["programme"].rounds.get(title="Autumn")
    assert round_.coaching_starts.isoformat() == "2030-09-21T00:00:00+00:00"


def test_request_create_and_offer(client_as, world, django_capture_on_commit_callbacks):
    client = client_as("other_member")
    client.post(
        reverse("coaching:request_create", args=["congress", world["round"].pk]),
        {"languages": ["es"], "topics": "grants", "message": "Help me choose."},
    )
    request_ = CoachingRequest.objects.get(coachee__email="other@example.org")
    organiser = client_as("organiser")
    listing = organiser.get(reverse("coaching:requests", args=["congress", world["round"].pk]))
    assert b"Carla Coach" in listing.content
    slot = world["coach"].slots.get()
    with django_capture_on_commit_callbacks(execute=True):
        organiser.post(
            reverse("coaching:request_offer", args=["congress", world["round"].pk, request_.pk]),
            {f"r{request_.pk}-slots": [slot.pk]},
        )
    request_.refresh_from_db()
    assert list(request_.offered_slots.all()) == [slot]
    assert mail.outbox[-1].to == ["other@example.org"]


def test_dashboard_and_csv_never_show_goals_or_coachees(client_as, world):
    slot = world["coach"].slots.get()
    BookingFactory(
        slot=slot,
        coachee__display_name="Zed Coachee",
        goals="SECRET-GOAL",
        coachee_usefulness=4,
        coachee_comment="SECRET-COMMENT",
        coach_notes="SECRET-NOTES",
    )
    client = client_as("organiser")
    page = client.get(reverse("coaching:dashboard", args=["congress", world["round"].pk]))
    csv = client.get(reverse("coaching:dashboard_csv", args=["congress", world["round"].pk]))
    for response in (page, csv):
        content = response.content.decode()
        for secret in ("SECRET", "Zed Coachee", "Mira Member"):
            assert secret not in content
    text = csv.content.decode()
    assert "Language,es,1,1" in text
    assert "Feedback,Average usefulness (1–5),4.0," in text


def test_application_detail_hidden_from_other_members(client_as, world):
    url = reverse("coaching:application_detail", args=["congress", world["application"].pk])
    response = client_as("other_member").get(url)
    assert response.status_code == 404
    assert b"Mentoring" not in response.content
    assert client_as("member").get(url).status_code == 200


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def _coach_data(**extra):
    data = {
        "bio": "Hello",
        "languages": ["en"],
        "topics": "careers, leadership",
        "time_zone": "Europe/Stockholm",
        "meeting_url": "https://meet.example.org/me",
    }
    data.update(extra)
    return data


def test_coach_edit_photo_needs_alt_text(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    coach = world["coach"]
    client.force_login(coach.user)
    url = reverse("coaching:coach_edit", args=["congress", coach.pk])
    photo = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    assert client.post(url, _coach_data(photo=photo)).status_code == 400
    coach.refresh_from_db()
    assert not coach.photo
    photo = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    response = client.post(url, _coach_data(photo=photo, photo_alt="Carla smiling"))
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.photo
    assert coach.topics == ["careers", "leadership"]
    page = client.get(world["programme"].get_absolute_url()).content.decode()
    assert 'alt="Carla smiling"' in page


def test_coach_edit_rejects_non_image(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    coach = world["coach"]
    client.force_login(coach.user)
    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = client.post(
        reverse("coaching:coach_edit", args=["congress", coach.pk]),
        _coach_data(photo=fake, photo_alt="x"),
    )
    assert response.status_code == 400
    coach.refresh_from_db()
    assert not coach.photo


def test_round_page_links_coach_to_availability(client, world):
    client.force_login(world["coach"].user)
    content = client.get(world["round"].get_absolute_url()).content.decode()
    assert reverse("coaching:coach_availability", args=["congress", world["round"].pk]) in content


def test_change_endpoints_refuse_everyone_but_organisers(client_as, world):
    programme, round_, coach = world["programme"], world["round"], world["coach"]
    request_, application = world["request"], world["application"]
    slot = coach.slots.get()
    posts = [
        (
            reverse("coaching:request_offer", args=["congress", round_.pk, request_.pk]),
            {f"r{request_.pk}-slots": [slot.pk]},
        ),
        (
            reverse("coaching:application_detail", args=["congress", application.pk]),
            {"decision": "decline", "message": ""},
        ),
        (reverse("coaching:coach_pause", args=["congress", coach.pk]), {}),
        (
            reverse("coaching:programme_edit", args=["congress"]),
            {"title": "Hijacked", "description": "", "is_published": "on"},
        ),
        (
            reverse("coaching:guide_edit", args=["congress", "en"]),
            {"title": "Hijacked", "body": "x", "steps": ""},
        ),
    ]
    for role in ["anonymous", "member", "other_member", "manager", "other_org_manager"]:
        client = client_as(role)
        for url, data in posts:
            response = client.post(url, data)
            allowed = {302} if role == "anonymous" else {403, 404}
            assert response.status_code in allowed, (role, url, response.status_code)
    request_.refresh_from_db()
    application.refresh_from_db()
    coach.refresh_from_db()
    programme.refresh_from_db()
    assert request_.offered_slots.count() == 0
    assert application.status == ApplicationStatus.PENDING
    assert coach.status == CoachStatus.ACTIVE
    assert programme.title == "Congress coaching"
    assert programme.guides.get(language="en").title == "Get ready"


def test_admin_lists_and_hides_private_booking_text(client_as, world):
    BookingFactory(slot=world["coach"].slots.get(), goals="SECRET-GOAL")
    client = client_as("admin")
    for model in (
        "programme",
        "round",
        "preparationguide",
        "coachapplication",
        "coach",
        "coachingrequest",
        "availability",
        "slot",
        "booking",
    ):
        assert client.get(reverse(f"admin:coaching_{model}_changelist")).status_code == 200
    booking = world["coach"].bookings.get()
    page = client.get(reverse("admin:coaching_booking_change", args=[booking.pk]))
    assert page.status_code == 200
    assert b"SECRET-GOAL" not in page.content
