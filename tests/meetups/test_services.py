import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from atheneum.meetups import selectors, services
from atheneum.meetups.enums import SeriesAccess
from atheneum.meetups.models import Occurrence, Rsvp
from atheneum.organisations.enums import TeamRole

from ..factories import UserFactory, add_to_team


def test_rsvp_creates_occurrence_on_first_answer(series, member):
    date = selectors.upcoming_dates(series=series, user=member)[0]
    services.rsvp_set(series=series, start=date.start, response="yes", acting_user=member)
    services.rsvp_set(series=series, start=date.start, response="no", acting_user=member)
    assert Occurrence.objects.filter(series=series).count() == 1
    assert list(Rsvp.objects.values_list("response", flat=True)) == ["no"]


def test_rsvp_by_uninvited_member_is_refused(series, other_member):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    with pytest.raises(PermissionDenied):
        services.rsvp_set(series=series, start=date.start, response="yes", acting_user=other_member)
    assert not Occurrence.objects.exists()


def test_rsvp_for_a_moment_outside_the_series_is_refused(series, member):
    with pytest.raises(ValidationError):
        services.rsvp_set(
            series=series,
            start=timezone.now() + datetime.timedelta(days=3, minutes=7),
            response="yes",
            acting_user=member,
        )
    assert not Occurrence.objects.exists()


def test_rsvp_for_a_past_date_is_refused(series, member):
    past = selectors.recurrence.dates_between(
        rule=selectors.series_rule(series),
        time_zone=series.time_zone,
        start=series.first_start,
        end=timezone.now() - datetime.timedelta(days=1),
    )[0]
    with pytest.raises(ValidationError):
        services.rsvp_set(series=series, start=past, response="yes", acting_user=member)
    assert not Occurrence.objects.exists()


def test_rota_goes_through_managers_in_joining_order(series, team, manager):
    second = UserFactory(display_name="Second Manager")
    add_to_team(second, team, role=TeamRole.MANAGER)
    dates = selectors.upcoming_dates(series=series, user=None)
    rule = selectors.series_rule(series)
    for date in dates:
        position = selectors.recurrence.ordinal(
            rule=rule, time_zone=series.time_zone, moment=date.start
        )
        assert date.host == [manager, second][position % 2]
        assert date.host_from_rota is True


def test_assigned_host_wins_over_rota(series, organiser, other_member):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    services.hosts_assign(series=series, hosts={date.start: other_member.pk}, acting_user=organiser)
    date = selectors.upcoming_dates(series=series, user=None)[0]
    assert date.host == other_member
    assert date.host_from_rota is False


def test_no_rota_without_rotate_hosts(series):
    series.rotate_hosts = False
    series.save()
    assert [d.host for d in selectors.upcoming_dates(series=series, user=None)] == [None] * 6


def test_hosts_assign_refuses_outsiders(series, organiser, other_org_manager):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    with pytest.raises(ValidationError):
        services.hosts_assign(
            series=series, hosts={date.start: other_org_manager.pk}, acting_user=organiser
        )
    assert not Occurrence.objects.exists()


def test_hosts_assign_by_member_is_refused(series, member):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    with pytest.raises(PermissionDenied):
        services.hosts_assign(series=series, hosts={date.start: member.pk}, acting_user=member)
    assert not Occurrence.objects.exists()


def test_open_to_members_keeps_the_series(series, organiser):
    pk, uid = series.pk, series.uid
    services.series_open_to_members(series=series, acting_user=organiser)
    series.refresh_from_db()
    assert (series.pk, series.uid, series.access) == (pk, uid, SeriesAccess.MEMBERS)


def test_series_update_with_bad_zone_changes_nothing(series, organiser):
    with pytest.raises(ValidationError):
        services.series_update(
            series=series,
            team=series.team,
            title="Changed",
            description="",
            language="en",
            rrule="FREQ=MONTHLY;BYDAY=1WE",
            first_start=series.first_start,
            time_zone="Mars/Olympus",
            duration_minutes=60,
            meeting_url="",
            access=series.access,
            rotate_hosts=True,
            is_active=True,
            acting_user=organiser,
        )
    series.refresh_from_db()
    assert series.title == "Story-time circle"


def test_host_reminder_sent_once(series, manager, django_capture_on_commit_callbacks):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    now = date.start - datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.host_reminders_send(now=now) == 1
        assert services.host_reminders_send(now=now) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@example.org"]
    assert mail.outbox[0].subject == "You host the next \u201cStory-time circle\u201d meetup"
    assert "https://meet.example.org/secret-room" in mail.outbox[0].body
    occurrence = Occurrence.objects.get(series=series, start=date.start)
    assert occurrence.host == manager
    assert occurrence.host_reminded_at == now


def test_host_reminder_task_runs(series, manager):
    from atheneum.meetups.tasks import send_host_reminders

    assert send_host_reminders.delay().get() in {0, 1}


def test_no_reminder_for_cancelled_date(series, organiser):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    services.occurrence_set_cancelled(
        series=series, start=date.start, cancelled=True, acting_user=organiser
    )
    assert services.host_reminders_send(now=date.start - datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_notes_are_rendered_sanitised(client_as, series, organiser):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    services.notes_save(
        series=series,
        start=date.start,
        notes="**Good** <script>alert(1)</script>",
        acting_user=organiser,
    )
    from django.urls import reverse

    response = client_as("member").get(
        reverse("meetups:occurrence_detail", args=[series.slug, date.key])
    )
    assert b"<strong>Good</strong>" in response.content
    assert b"<script>alert(1)" not in response.content


def test_notes_by_member_refused(series, member):
    date = selectors.upcoming_dates(series=series, user=None)[0]
    with pytest.raises(PermissionDenied):
        services.notes_save(series=series, start=date.start, notes="x", acting_user=member)
    assert Occurrence.objects.filter(notes="x").count() == 0
