"""The record page: creating through the form, filtering, searching and paginating."""

import datetime
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atheneum.portfolio.models import Activity

from .factories import PDF_BYTES, ActivityFactory


def test_activity_create_page_saves_with_evidence(client_as, member, competency):
    response = client_as("member").post(
        reverse("portfolio:activity_create"),
        {
            "title": "Story sacks workshop",
            "kind": "course",
            "start": "2026-03-02T09:00",
            "end": "2026-03-02T12:00",
            "hours": "3",
            "competencies": [competency.pk],
            "evidence": SimpleUploadedFile("cert.pdf", PDF_BYTES),
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:activity_detail", args=[activity.pk])
    assert (activity.title, activity.hours, activity.mode) == (
        "Story sacks workshop",
        Decimal("3.00"),
        "participatory",
    )
    assert list(activity.competencies.all()) == [competency]
    assert activity.evidence.get().original_name == "cert.pdf"


def test_activity_create_page_bad_hours_changes_nothing(client_as, member):
    response = client_as("member").post(
        reverse("portfolio:activity_create"),
        {
            "title": "Marathon reading",
            "kind": "reading",
            "start": "2026-03-02T09:00",
            "end": "2026-03-02T12:00",
            "hours": "30",
        },
    )
    assert response.status_code == 400
    assert "can count at most 24 hours" in response.content.decode()
    assert Activity.objects.count() == 0


def test_activity_edit_page_saves(client_as, activity):
    response = client_as("member").post(
        reverse("portfolio:activity_edit", args=[activity.pk]),
        {
            "title": "Renamed",
            "kind": "reading",
            "start": "2026-03-02T09:00",
            "end": "2026-03-02T10:00",
            "hours": "1",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.mode, activity.competencies.count()) == (
        "Renamed",
        "self_directed",
        0,
    )


def test_activity_delete_needs_post(client_as, activity):
    client = client_as("member")
    assert client.get(reverse("portfolio:activity_delete", args=[activity.pk])).status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    client.post(reverse("portfolio:activity_delete", args=[activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()


def _titles(response) -> list[str]:
    """The titles in the record's table (its rows are rendered once and cached, not listed in
    the context)."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_record_filters(client_as, member, competency):
    base = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
    ActivityFactory(owner=member, title="Early webinar", start=base, kind="webinar")
    ActivityFactory(
        owner=member,
        title="Late reading",
        start=base + datetime.timedelta(days=20),
        kind="reading",
        provider="Open University",
    )
    ActivityFactory(
        owner=member,
        title="Tagged",
        start=base + datetime.timedelta(days=10),
        competencies=[competency],
        description="About puppets",
    )
    client = client_as("member")
    url = reverse("portfolio:activity_list")
    assert _titles(client.get(url, {"kind": "reading"})) == ["Late reading"]
    assert _titles(client.get(url, {"competency": competency.pk})) == ["Tagged"]
    assert _titles(client.get(url, {"q": "open univ"})) == ["Late reading"]
    assert _titles(client.get(url, {"q": "puppets"})) == ["Tagged"]
    assert _titles(client.get(url, {"period_start": "2026-03-05", "period_end": "2026-03-15"})) == [
        "Tagged"
    ]


def test_record_filter_bad_period_shows_message(client_as, member):
    ActivityFactory(owner=member)
    response = client_as("member").get(
        reverse("portfolio:activity_list"),
        {"period_start": "2026-03-05", "period_end": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "The end of the period must not be before its start." in response.content.decode()


def test_record_paginates_by_20(client_as, member):
    for _ in range(21):
        ActivityFactory(owner=member)
    client = client_as("member")
    assert len(_titles(client.get(reverse("portfolio:activity_list")))) == 20
    assert len(_titles(client.get(reverse("portfolio:activity_list"), {"page": 2}))) == 1


def test_export_bad_period_shows_form_again(client_as, member):
    response = client_as("member").get(
        reverse("portfolio:export"),
        {"format": "csv", "period_start": "2026-03-05", "period_end": "2026-03-01"},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
