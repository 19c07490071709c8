import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from atheneum.coaching import programme_selectors as selectors
from atheneum.coaching import programme_services as services
from atheneum.coaching.enums import ApplicationStatus, CoachStatus, RequestStatus
from atheneum.coaching.models import Coach, CoachApplication, PreparationGuide, Round

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


@pytest.fixture
def programme(organisation):
    return ProgrammeFactory(organisation=organisation, slug="congress")


def test_application_approve_creates_one_coach_and_mails(
    programme, member, organiser, django_capture_on_commit_callbacks
):
    application = CoachApplicationFactory(
        programme=programme, user=member, languages=["en", "sv"], topics="leadership, , careers"
    )
    with django_capture_on_commit_callbacks(execute=True):
        coach = services.application_approve(
            application=application, message="Welcome aboard!", acting_user=organiser
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == organiser
    assert Coach.objects.filter(programme=programme).count() == 1
    assert (coach.user, coach.languages, coach.topics, coach.time_zone) == (
        member,
        ["en", "sv"],
        ["leadership", "careers"],
        "Europe/Stockholm",
    )
    assert coach.application == application
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    assert "Welcome aboard!" in mail.outbox[0].body


def test_application_approve_twice_is_refused(programme, member, organiser):
    application = CoachApplicationFactory(programme=programme, user=member)
    services.application_approve(application=application, message="", acting_user=organiser)
    with pytest.raises(ValidationError):
        services.application_approve(application=application, message="", acting_user=organiser)
    assert Coach.objects.count() == 1


def test_application_decline_mails_and_creates_no_coach(
    programme, member, organiser, django_capture_on_commit_callbacks
):
    application = CoachApplicationFactory(programme=programme, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(
            application=application, message="Not this round, sorry.", acting_user=organiser
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert Coach.objects.count() == 0
    assert len(mail.outbox) == 1
    assert "Not this round, sorry." in mail.outbox[0].body


def test_application_decide_by_member_is_refused(programme, member, other_member):
    application = CoachApplicationFactory(programme=programme, user=member)
    with pytest.raises(PermissionDenied):
        services.application_approve(application=application, message="", acting_user=other_member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert Coach.objects.count() == 0


def _apply(programme, user, **extra):
    fields = {
        "programme": programme,
        "round_": None,
        "experience": "Mentored two colleagues.",
        "approach": "Questions first.",
        "languages": ["en"],
        "topics": "careers",
        "time_zone": "Europe/Stockholm",
        "availability": "",
        "consent": True,
        "acting_user": user,
    }
    fields.update(extra)
    return services.application_create(**fields)


def test_application_create_duplicate_pending_is_refused(programme, member):
    _apply(programme, member)
    with pytest.raises(ValidationError) as error:
        _apply(programme, member)
    assert "already applied" in error.value.messages[0]
    assert CoachApplication.objects.count() == 1


def test_application_create_after_decline_is_allowed(programme, member):
    CoachApplicationFactory(programme=programme, user=member, status=ApplicationStatus.DECLINED)
    _apply(programme, member)
    assert CoachApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"consent": False}, "consent"),
        ({"languages": ["not a language!"]}, "languages"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_application_create_rejects_bad_input(programme, member, extra, field):
    with pytest.raises(ValidationError) as error:
        _apply(programme, member, **extra)
    assert field in error.value.message_dict
    assert CoachApplication.objects.count() == 0


def test_round_create_stores_utc_from_round_zone(programme, organiser):
    zone = zoneinfo.ZoneInfo("America/Bogota")
    start = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=zone)
    round_ = services.round_create(
        programme=programme,
        acting_user=organiser,
        title="March",
        time_zone="America/Bogota",
        booking_opens=start - datetime.timedelta(days=10),
        booking_closes=start,
        coaching_starts=start,
        coaching_ends=start + datetime.timedelta(days=2),
        session_minutes=45,
        buffer_minutes=15,
        max_bookings_per_coachee=2,
        link_mode="coach",
        cancel_cutoff_hours=24,
        is_published=True,
    )
    round_.refresh_from_db()
    assert round_.coaching_starts == datetime.datetime(2030, 3, 4, 14, 0, tzinfo=datetime.UTC)


def test_round_create_rejects_unordered_windows(programme, organiser):
    start = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        services.round_create(
            programme=programme,
            acting_user=organiser,
            title="Backwards",
            time_zone="UTC",
            booking_opens=start,
            booking_closes=start - datetime.timedelta(days=1),
            coaching_starts=start,
            coaching_ends=start - datetime.timedelta(hours=1),
            session_minutes=45,
            buffer_minutes=15,
            max_bookings_per_coachee=1,
            link_mode="coach",
            cancel_cutoff_hours=24,
            is_published=False,
        )
    assert set(error.value.message_dict) == {"booking_closes", "coaching_ends"}
    assert Round.objects.count() == 0


def test_guide_for_matches_primary_subtag(programme):
    PreparationGuideFactory(programme=programme, language="en", title="English")
    PreparationGuideFactory(programme=programme, language="zh", title="中文")
    choice = selectors.guide_for(programme=programme, language="zh-hans")
    assert choice.guide.title == "中文"
    assert [code for code, _name in choice.versions] == ["en", "zh"]
    assert dict(choice.versions)["zh"] == "中文"
    assert "zh-hans" not in [code for code, _name in choice.missing]
    assert "sv" in [code for code, _name in choice.missing]


def test_guide_for_falls_back_to_english_then_first(programme):
    PreparationGuideFactory(programme=programme, language="fr", title="Français")
    assert selectors.guide_for(programme=programme, language="de").guide.title == "Français"
    PreparationGuideFactory(programme=programme, language="en", title="English")
    assert selectors.guide_for(programme=programme, language="de").guide.title == "English"
    asked = selectors.guide_for(programme=programme, language="de", asked="fr")
    assert asked.guide.title == "Français"


def test_guide_save_by_organiser_upserts_one_row(programme, organiser, member):
    services.guide_save(
        programme=programme, language="sv", title="A", body="B", steps="", acting_user=organiser
    )
    services.guide_save(
        programme=programme, language="sv", title="C", body="D", steps="x", acting_user=organiser
    )
    assert list(PreparationGuide.objects.values_list("title", flat=True)) == ["C"]
    with pytest.raises(PermissionDenied):
        services.guide_save(
            programme=programme, language="sv", title="E", body="F", steps="", acting_user=member
        )
    assert list(PreparationGuide.objects.values_list("title", flat=True)) == ["C"]


def test_request_offer_sets_free_slots_and_mails(
    programme, member, organiser, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(programme=programme)
    coach = CoachFactory(programme=programme, languages=["es"])
    free = SlotFactory(round=round_, coach=coach)
    request_ = CoachingRequestFactory(round=round_, coachee=member, languages=["es"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_offer(request_=request_, slot_ids=[free.pk], acting_user=organiser)
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OFFERED
    assert list(request_.offered_slots.all()) == [free]
    assert request_.handled_by == organiser
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    assert f"/coaching/{programme.slug}/rounds/{round_.pk}/" in mail.outbox[0].body


def test_request_offer_refuses_booked_slot(programme, member, organiser):
    round_ = RoundFactory(programme=programme)
    coach = CoachFactory(programme=programme)
    taken = SlotFactory(round=round_, coach=coach)
    BookingFactory(slot=taken)
    request_ = CoachingRequestFactory(round=round_, coachee=member)
    with pytest.raises(ValidationError):
        services.request_offer(request_=request_, slot_ids=[taken.pk], acting_user=organiser)
    request_.refresh_from_db()
    assert request_.status == RequestStatus.OPEN
    assert request_.offered_slots.count() == 0


def test_requests_with_matches_by_language_or_topic(programme, member):
    round_ = RoundFactory(programme=programme)
    spanish = CoachFactory(programme=programme, languages=["es"], topics=["grants"])
    leader = CoachFactory(programme=programme, languages=["sv"], topics=["Leadership"])
    paused = CoachFactory(programme=programme, languages=["es"], status=CoachStatus.PAUSED)
    for coach in (spanish, leader, paused):
        SlotFactory(round=round_, coach=coach)
    CoachingRequestFactory(round=round_, coachee=member, languages=["es"], topics="leadership")
    (request_,) = selectors.requests_with_matches(round_=round_)
    assert {match.coach.pk for match in request_.matches} == {spanish.pk, leader.pk}


def test_coach_update_requires_alt_text_with_photo(programme, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    coach = CoachFactory(programme=programme)
    photo = SimpleUploadedFile("me.png", b"png", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.coach_update(
            coach=coach,
            bio="",
            photo=photo,
            photo_alt=" ",
            languages=["en"],
            topics=[],
            competencies=[],
            time_zone="UTC",
            meeting_url="",
            acting_user=organiser,
        )
    assert "photo_alt" in error.value.message_dict
    coach.refresh_from_db()
    assert not coach.photo


def test_coach_set_paused_by_other_member_is_refused(programme, organiser, other_member):
    coach = CoachFactory(programme=programme)
    with pytest.raises(PermissionDenied):
        services.coach_set_paused(coach=coach, paused=True, acting_user=other_member)
    services.coach_set_paused(coach=coach, paused=True, acting_user=organiser)
    coach.refresh_from_db()
    assert coach.status == CoachStatus.PAUSED
