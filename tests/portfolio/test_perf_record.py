"""The record page counts the whole record once: its summary and its pager share one query."""

import datetime
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.common import fragments
from atheneum.portfolio import selectors
from atheneum.portfolio.caching import record_tag
from atheneum.portfolio.enums import ActivityKind

from .factories import ActivityFactory, EvidenceFactory, ReflectionFactory


def _this_year(days: int) -> datetime.datetime:
    """A moment this calendar year (UTC, the factories' zone), `days` after 1 January."""
    year = timezone.now().year
    return datetime.datetime(year, 1, 1, 12, tzinfo=datetime.UTC) + datetime.timedelta(days=days)


def test_record_overview_counts_hours_waiting_and_activities(member, other_member):
    ActivityFactory(owner=member, start=_this_year(1), hours=Decimal("1.50"))
    asked = ActivityFactory(
        owner=member, start=_this_year(2), hours=Decimal("2.00"), reflection_requested=True
    )
    answered = ActivityFactory(owner=member, start=_this_year(3), reflection_requested=True)
    ReflectionFactory(activity=answered)
    last_year = _this_year(0) - datetime.timedelta(days=30)
    ActivityFactory(owner=member, start=last_year, hours=Decimal("7.00"), reflection_requested=True)
    ActivityFactory(owner=other_member, start=_this_year(1), hours=Decimal("9.00"))

    overview = selectors.record_overview(owner=member)

    assert overview == {
        "hours_this_year": Decimal("5.50"),
        "awaiting_reflection": 2,
        "activity_count": 4,
    }
    assert selectors.record_summary(owner=member) == {
        "hours_this_year": Decimal("5.50"),
        "awaiting_reflection": 2,
    }
    assert asked.pk in {a.pk for a in selectors.awaiting_reflection(owner=member)}


def test_record_overview_of_an_empty_record_is_zero(member):
    assert selectors.record_overview(owner=member) == {
        "hours_this_year": Decimal(0),
        "awaiting_reflection": 0,
        "activity_count": 0,
    }


def _titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def test_record_pages_through_the_whole_record(client_as, member):
    for index in range(23):
        ActivityFactory(
            owner=member,
            title=f"Session {index:02}",
            start=timezone.now() - datetime.timedelta(days=index + 1),
        )
    client = client_as("member")

    first = client.get("/portfolio/").content.decode()
    second = client.get("/portfolio/?page=2").content.decode()
    beyond = client.get("/portfolio/?page=9").content.decode()

    assert _titles(first) == [f"Session {index:02}" for index in range(20)]
    assert _titles(second) == ["Session 20", "Session 21", "Session 22"]
    assert _titles(beyond) == _titles(second)  # past the end: the last page, as before
    assert "page=2" in first


def test_filtered_record_pages_through_the_matches_only(client_as, member):
    for index in range(22):
        ActivityFactory(
            owner=member,
            title=f"Book {index:02}",
            kind=ActivityKind.READING if index % 2 else ActivityKind.WEBINAR,
            start=timezone.now() - datetime.timedelta(days=index + 1),
        )
    response = client_as("member").get("/portfolio/", {"kind": ActivityKind.READING})

    assert _titles(response.content.decode()) == [f"Book {i:02}" for i in range(1, 22, 2)]
    assert "page=2" not in response.content.decode()


def test_record_shows_each_activity_type_in_words(client_as, member):
    ActivityFactory(owner=member, kind=ActivityKind.READING)

    html = client_as("member").get("/portfolio/").content.decode()

    assert f"<td>{ActivityKind.READING.label}</td>" in html


def test_record_page_counts_the_record_once(client_as, member):
    ActivityFactory.create_batch(3, owner=member)
    client = client_as("member")
    client.get("/portfolio/")
    fragments.bump(record_tag(member.pk))  # build the cached page again

    with CaptureQueriesContext(connection) as context:
        client.get("/portfolio/")

    pager_counts = [q["sql"] for q in context if 'COUNT(*) AS "__count"' in q["sql"]]
    evidence = [q["sql"] for q in context if 'FROM "portfolio_evidence"' in q["sql"]]
    assert pager_counts == []  # the summary's query counted the record
    assert len(evidence) == 1
    assert 'FROM "portfolio_activity"' in evidence[0]  # counted in the page's query


def test_record_counts_each_activity_evidence_files(client_as, member):
    with_files = ActivityFactory(owner=member, title="With files", start=_this_year(2))
    EvidenceFactory(activity=with_files)
    EvidenceFactory(activity=with_files)
    single = ActivityFactory(owner=member, title="One file", start=_this_year(1))
    EvidenceFactory(activity=single)
    ActivityFactory(owner=member, title="No file", start=_this_year(0))

    html = client_as("member").get("/portfolio/").content.decode()
    cells = re.findall(r"<td>(\d+ files?)</td>", html)

    assert cells == ["2 files", "1 file", "0 files"]
