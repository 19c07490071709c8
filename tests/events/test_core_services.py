"""Services: organisers write, others are refused, bad input changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from atheneum.events import services
from atheneum.events.models import Event, EventText, Recording, Session, SessionText, Track

from . import core_factories
from .core_factories import SpeakerFactory

event = core_factories.event
past_session = core_factories.past_session
session = core_factories.session


def _event_kwargs(**extra):
    start = timezone.now() + dt.timedelta(days=30)
    return {
        "slug": "new-conference",
        "title": "New conference",
        "start": start,
        "end": start + dt.timedelta(days=2),
        "languages": ["en", "es"],
        "default_language": "en",
        "time_zone": "America/Los_Angeles",
        **extra,
    }


def test_event_create_by_organiser(organiser, organisation):
    event = services.event_create(
        organisation=organisation, acting_user=organiser, **_event_kwargs()
    )
    assert event.status == "draft"
    assert list(EventText.objects.filter(event=event).values_list("language", "title")) == [
        ("en", "New conference")
    ]


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_event_create_refused_for_role(role, role_user, organisation):
    with pytest.raises(PermissionDenied):
        services.event_create(
            organisation=organisation, acting_user=role_user(role), **_event_kwargs()
        )
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"time_zone": "PST"}, "time_zone"),
        ({"languages": ["en", "xx"]}, "languages"),
        ({"default_language": "fr"}, "default_language"),
        ({"slug": "feed"}, "slug"),
        ({"end": timezone.now()}, "end"),
        ({"title": "  "}, "title"),
    ],
)
def test_event_create_rejects_bad_input(organiser, organisation, extra, field):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            organisation=organisation, acting_user=organiser, **_event_kwargs(**extra)
        )
    assert field in error.value.message_dict
    assert Event.objects.count() == 0


def test_event_create_view_bad_input_changes_nothing(client_as, organisation):
    response = client_as("organiser").post(
        reverse("events:event_create", args=[organisation.slug]),
        {"slug": "x", "title": "X", "languages": ["en"], "default_language": "es",
         "time_zone": "UTC", "start": "2030-01-01T10:00", "end": "2030-01-02T10:00",
         "mode": "online", "status": "draft", "recordings_visibility": "members",
         "meeting_link_minutes_before": "15"},
    )  # fmt: skip
    assert response.status_code == 400
    assert b"The main language must be one of the languages offered." in response.content
    assert Event.objects.count() == 0


def test_event_create_view_saves_in_event_zone(client_as, organisation):
    response = client_as("organiser").post(
        reverse("events:event_create", args=[organisation.slug]),
        {"slug": "pacific", "title": "Pacific day", "languages": ["en", "es"],
         "default_language": "en", "time_zone": "America/Los_Angeles",
         "start": "2030-01-01T09:00", "end": "2030-01-01T17:00", "mode": "online",
         "status": "registration", "recordings_visibility": "members",
         "meeting_link_minutes_before": "15"},
    )  # fmt: skip
    assert response.status_code == 302
    event = Event.objects.get(slug="pacific")
    assert event.start == dt.datetime(2030, 1, 1, 17, 0, tzinfo=dt.UTC)


def test_session_save_with_texts(organiser, event):
    speaker = SpeakerFactory(event=event)
    session = services.session_save(
        event=event,
        kind="talk",
        start=event.start,
        end=event.start + dt.timedelta(hours=1),
        texts={"en": ("Reading clubs", "About clubs."), "es": ("Clubes de lectura", "")},
        languages=["en"],
        interpreted_into=["es"],
        speakers=[speaker],
        acting_user=organiser,
    )
    assert dict(SessionText.objects.filter(session=session).values_list("language", "title")) == {
        "en": "Reading clubs",
        "es": "Clubes de lectura",
    }
    assert list(session.speakers.all()) == [speaker]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"languages": ["sv"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"kind": "party"}, "kind"),
        ({"texts": {"en": ("", "")}}, "__all__"),
        ({"start_offset": dt.timedelta(days=-5)}, "start"),
    ],
)
def test_session_save_rejects_bad_input(organiser, event, change, field):
    offset = change.pop("start_offset", dt.timedelta(0))
    kwargs = {
        "event": event,
        "kind": "talk",
        "start": event.start + offset,
        "end": event.start + offset + dt.timedelta(hours=1),
        "texts": {"en": ("Title", "")},
        "languages": ["en"],
        "acting_user": organiser,
        **change,
    }
    with pytest.raises(ValidationError) as error:
        services.session_save(**kwargs)
    assert field in error.value.message_dict
    assert Session.objects.count() == 0


def test_session_save_rejects_track_of_other_event(organiser, event, organisation):
    from .core_factories import EventFactory, TrackFactory

    foreign = TrackFactory(event=EventFactory(organisation=organisation))
    with pytest.raises(ValidationError):
        services.session_save(
            event=event, kind="talk", start=event.start,
            end=event.start + dt.timedelta(hours=1), texts={"en": ("T", "")},
            languages=["en"], track=foreign, acting_user=organiser,
        )  # fmt: skip
    assert Session.objects.count() == 0


def test_recording_refused_before_session(organiser, session):
    with pytest.raises(ValidationError):
        services.recording_save(
            session=session, url="https://v.example.org/1", acting_user=organiser
        )
    assert Recording.objects.count() == 0


def test_recording_refused_for_member(member, past_session):
    with pytest.raises(PermissionDenied):
        services.recording_save(
            session=past_session, url="https://v.example.org/2", acting_user=member
        )
    assert Recording.objects.get().url == "https://video.example.org/v/1"


def test_partner_logo_needs_alt_text(organiser, event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    logo = SimpleUploadedFile("logo.png", b"\x89PNG", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.partner_save(event=event, name="Partner", logo=logo, acting_user=organiser)
    assert "logo_alt" in error.value.message_dict
    assert event.partners.count() == 0


def test_item_delete_of_other_event_is_404(client_as, event, organisation):
    from .core_factories import EventFactory, TrackFactory

    foreign = TrackFactory(event=EventFactory(organisation=organisation))
    url = reverse("events:item_delete", args=[event.slug, "tracks", foreign.pk])
    assert client_as("organiser").post(url).status_code == 404
    assert Track.objects.filter(pk=foreign.pk).exists()


def test_item_delete_by_member_is_refused(client_as, event):
    from .core_factories import TrackFactory

    track = TrackFactory(event=event)
    url = reverse("events:item_delete", args=[event.slug, "tracks", track.pk])
    assert client_as("member").post(url).status_code == 403
    assert Track.objects.filter(pk=track.pk).exists()


def test_faq_in_language_not_offered_is_refused(organiser, event):
    with pytest.raises(ValidationError):
        services.faq_save(
            event=event, language="sv", question="Q", answer="A", acting_user=organiser
        )
    assert event.faq.count() == 0


def test_session_create_view(client_as, event):
    start = event.start.astimezone(__import__("zoneinfo").ZoneInfo(event.time_zone))
    response = client_as("organiser").post(
        reverse("events:session_create", args=[event.slug]),
        {"kind": "panel", "start": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
         "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
         "languages": ["en", "es"], "title_en": "Panel on access", "title_es": "Mesa redonda",
         "is_published": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.start == (event.start + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    assert session.texts.count() == 2
