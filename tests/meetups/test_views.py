"""Every page for every role."""

import pytest
from django.urls import reverse

from atheneum.meetups import selectors
from atheneum.meetups.models import Occurrence

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
SEES = {"member", "manager", "organiser", "admin"}
ORGANISERS = {"organiser", "admin"}


def can_see(role):
    if role == "anonymous":
        return 302
    return 200 if role in SEES else 404


def organiser_page(role):
    if role == "anonymous":
        return 302
    if role in ORGANISERS:
        return 200
    return 403 if role in SEES else 404


def next_key(series, user=None):
    return selectors.upcoming_dates(series=series, user=user)[0].key


@pytest.mark.parametrize("role", ROLES)
def test_series_list_for_role(client_as, role, series):
    response = client_as(role).get(reverse("meetups:series_list"))
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role != "anonymous":
        assert response.content.count(b"<h1") == 1
        assert (b"Story-time circle" in response.content) is (role in SEES)


@pytest.mark.parametrize("role", ROLES)
def test_series_detail_for_role(client_as, role, series):
    response = client_as(role).get(reverse("meetups:series_detail", args=[series.slug]))
    assert response.status_code == can_see(role)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"https://meet.example.org/secret-room" in response.content
        assert b"<strong>story times</strong>" in response.content
        assert b"<script>alert" not in response.content
        assert b"Maja Manager" in response.content  # the rota's only manager hosts
    else:
        assert b"secret-room" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_occurrence_detail_for_role(client_as, role, series):
    key = next_key(series)
    response = client_as(role).get(reverse("meetups:occurrence_detail", args=[series.slug, key]))
    assert response.status_code == can_see(role)
    if response.status_code != 200:
        assert b"secret-room" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_series_ics_for_role(client_as, role, series):
    response = client_as(role).get(reverse("meetups:series_ics", args=[series.slug]))
    assert response.status_code == can_see(role)
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"


@pytest.mark.parametrize(
    "name", ["meetups:series_edit", "meetups:series_invitations", "meetups:series_hosts"]
)
@pytest.mark.parametrize("role", ROLES)
def test_organiser_pages_for_role(client_as, role, name, series):
    response = client_as(role).get(reverse(name, args=[series.slug]))
    assert response.status_code == organiser_page(role)
    if response.status_code == 200:
        assert response.content.count(b"<h1") == 1
        assert b"novalidate" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_series_create_page_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("meetups:series_create"))
    expected = 302 if role == "anonymous" else (200 if role in ORGANISERS else 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_series_open_for_role(client_as, role, series):
    response = client_as(role).post(reverse("meetups:series_open", args=[series.slug]))
    expected = organiser_page(role)
    assert response.status_code == (302 if expected == 200 else expected)
    series.refresh_from_db()
    assert (series.access == "members") is (role in ORGANISERS)


@pytest.mark.parametrize("role", ROLES)
def test_rsvp_for_role(client_as, role, series):
    key = next_key(series)
    response = client_as(role).post(
        reverse("meetups:occurrence_rsvp", args=[series.slug, key]), {"response": "yes"}
    )
    assert response.status_code == (302 if role in SEES or role == "anonymous" else 404)
    assert Occurrence.objects.filter(series=series).count() == (1 if role in SEES else 0)


@pytest.mark.parametrize("role", ROLES)
def test_notes_for_role(client_as, role, series):
    key = next_key(series)
    response = client_as(role).post(
        reverse("meetups:occurrence_notes", args=[series.slug, key]), {"notes": "We met."}
    )
    # The manager hosts this date through the rota, so they may write notes too.
    writers = {"manager", "organiser", "admin"}
    if role == "anonymous" or role in writers:
        assert response.status_code == 302
    else:
        assert response.status_code == (403 if role in SEES else 404)
    saved = Occurrence.objects.filter(series=series, notes="We met.").count()
    assert saved == (1 if role in writers else 0)


def test_open_series_visible_to_other_member(client_as, open_series):
    response = client_as("other_member").get(
        reverse("meetups:series_detail", args=[open_series.slug])
    )
    assert response.status_code == 200
    assert b"https://meet.example.org/open-coffee" in response.content


def test_open_series_hidden_from_other_organisation(client_as, open_series):
    response = client_as("other_org_manager").get(reverse("meetups:series_list"))
    assert b"Open coffee" not in response.content


def test_rsvp_counts_and_own_answer_shown(client_as, series, manager):
    key = next_key(series)
    client = client_as("member")
    client.post(reverse("meetups:occurrence_rsvp", args=[series.slug, key]), {"response": "maybe"})
    response = client.get(reverse("meetups:occurrence_detail", args=[series.slug, key]))
    assert b"Coming: 0 \xc2\xb7 Maybe: 1 \xc2\xb7 Not coming: 0" in response.content
    assert b'value="maybe" required id="id_response_1" checked' in response.content


def test_bad_rsvp_changes_nothing(client_as, series):
    key = next_key(series)
    response = client_as("member").post(
        reverse("meetups:occurrence_rsvp", args=[series.slug, key]), {"response": "perhaps"}
    )
    assert response.status_code == 400
    assert Occurrence.objects.count() == 0


def test_unknown_date_is_404(client_as, series):
    response = client_as("member").get(
        reverse("meetups:occurrence_detail", args=[series.slug, "20990102T130000Z"])
    )
    assert response.status_code == 404
    response = client_as("member").get(
        reverse("meetups:occurrence_detail", args=[series.slug, "not-a-date"])
    )
    assert response.status_code == 404


def test_create_series_by_organiser(client_as, organisation, team):
    response = client_as("organiser").post(
        reverse("meetups:series_create"),
        {
            "organisation": organisation.pk,
            "title": "Digital help drop-in",
            "slug": "digital-drop-in",
            "description": "",
            "language": "en",
            "team": team.pk,
            "first_date": "2026-03-01",
            "start_time": "10:00",
            "time_zone": "Europe/Stockholm",
            "rrule": "FREQ=MONTHLY;BYDAY=1WE",
            "duration_minutes": "45",
            "meeting_url": "https://meet.example.org/drop-in",
            "access": "invitation",
            "rotate_hosts": "on",
        },
    )
    assert response.status_code == 302
    series = selectors.MeetupSeries.objects.get(slug="digital-drop-in")
    # The first meeting moves to the first date the rule gives: Wednesday 4 March.
    assert (
        series.first_start.astimezone(
            selectors.recurrence.zoneinfo.ZoneInfo("Europe/Stockholm")
        ).isoformat()
        == "2026-03-04T10:00:00+01:00"
    )


def test_create_series_with_bad_rule_changes_nothing(client_as, organisation):
    response = client_as("organiser").post(
        reverse("meetups:series_create"),
        {
            "organisation": organisation.pk,
            "title": "Broken",
            "slug": "broken",
            "language": "en",
            "first_date": "2026-03-01",
            "start_time": "10:00",
            "time_zone": "Europe/Stockholm",
            "rrule": "EVERY SECOND TUESDAY",
            "duration_minutes": "45",
            "access": "invitation",
        },
    )
    assert response.status_code == 400
    assert b"This is not a recurrence rule the site understands." in response.content
    assert not selectors.MeetupSeries.objects.exists()


def test_invitations_page_saves_invitees(client_as, series, member, other_member):
    response = client_as("organiser").post(
        reverse("meetups:series_invitations", args=[series.slug]),
        {"invited": [str(other_member.pk)]},
    )
    assert response.status_code == 302
    assert list(series.invitations.values_list("user_id", flat=True)) == [other_member.pk]


def test_invitation_of_outsider_changes_nothing(client_as, series, member, other_org_manager):
    response = client_as("organiser").post(
        reverse("meetups:series_invitations", args=[series.slug]),
        {"invited": [str(other_org_manager.pk)]},
    )
    assert response.status_code == 400
    assert list(series.invitations.values_list("user_id", flat=True)) == [member.pk]


def test_hosts_page_assigns_host(client_as, series, other_member):
    dates = selectors.upcoming_dates(series=series, user=None)
    data = {f"host_{date.key}": "" for date in dates}
    data[f"host_{dates[1].key}"] = str(other_member.pk)
    response = client_as("organiser").post(
        reverse("meetups:series_hosts", args=[series.slug]), data
    )
    assert response.status_code == 302
    assert Occurrence.objects.get(series=series, start=dates[1].start).host == other_member
    page = client_as("member").get(reverse("meetups:series_detail", args=[series.slug]))
    assert b"Omar Other" in page.content


def test_cancel_date_by_organiser(client_as, series):
    key = next_key(series)
    response = client_as("organiser").post(
        reverse("meetups:occurrence_cancel", args=[series.slug, key]), {"cancelled": "1"}
    )
    assert response.status_code == 302
    assert Occurrence.objects.get(series=series).cancelled is True


def test_cancel_date_by_member_is_forbidden(client_as, series):
    key = next_key(series)
    response = client_as("member").post(
        reverse("meetups:occurrence_cancel", args=[series.slug, key]), {"cancelled": "1"}
    )
    assert response.status_code == 403
    assert not Occurrence.objects.exists()
