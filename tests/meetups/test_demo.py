from atheneum.common.demo import load_demo
from atheneum.meetups import demo
from atheneum.meetups.models import MeetupSeries, Occurrence, SeriesInvitation
from atheneum.organisations.rules import can


def snapshot():
    return (
        list(MeetupSeries.objects.values_list("slug", "access", "first_start")),
        list(SeriesInvitation.objects.values_list("series_id", "user_id")),
        list(Occurrence.objects.values_list("series_id", "start", "notes")),
    )


def test_demo_loads_and_is_idempotent(db):
    world = load_demo()
    demo.load(organisations=world["organisations"], users=world["users"])
    first = snapshot()
    demo.load(organisations=world["organisations"], users=world["users"])
    assert snapshot() == first
    series = MeetupSeries.objects.get(slug=demo.SLUG)
    assert series.access == "invitation"
    assert can(world["users"]["member"], "meetups.view_series", series)
    assert not can(world["users"]["manager"], "meetups.view_series", series)
    assert Occurrence.objects.filter(series=series).exclude(notes="").count() == 1
    from atheneum.meetups import selectors

    assert {d.host.display_name for d in selectors.upcoming_dates(series=series, user=None)} == {
        "Keiko Tanaka",
        "Samuel Okoye",
    }
