"""The record page is cached per member: every change shows at once, nobody sees another's."""

import datetime
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from atheneum.competencies.models import CompetencyText
from atheneum.portfolio import services
from atheneum.portfolio.enums import ActivityKind, ReflectionTemplate
from atheneum.portfolio.models import Activity, Reflection

from ..factories import add_member
from .factories import (
    PDF_BYTES,
    ActivityFactory,
    CompetencyFactory,
    EvidenceFactory,
    FrameworkFactory,
)

URL = "/portfolio/"


def _titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def _page(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url: str = URL) -> list[str]:
    """The page's queries of the record and the competencies (not of signing in)."""
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return [q["sql"] for q in context if '"portfolio_' in q["sql"] or '"competencies_' in q["sql"]]


def test_record_page_with_a_warm_cache_reads_nothing_of_the_record(client_as, member, competency):
    ActivityFactory.create_batch(3, owner=member, competencies=[competency])
    client = client_as("member")

    cold = _queries(client)
    warm = _queries(client)
    filtered = _queries(client, URL + "?kind=webinar&page=1")

    # Cold: the competencies to link and their texts, the summary, the rows and the rows'
    # links to competencies (labelled from the cached competencies).
    assert len(cold) == 5
    assert warm == []
    assert len(filtered) == 4  # a new filter: the summary, the count, the rows and links
    assert _queries(client, URL + "?kind=webinar&page=1") == []


def test_record_page_shows_changes_made_through_the_services(client_as, member, competency):
    client = client_as("member")
    assert _titles(_page(client)) == []
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)

    activity = services.activity_create(
        owner=member,
        acting_user=member,
        title="Puppetry course",
        kind=ActivityKind.COURSE,
        start=start,
        end=start + datetime.timedelta(hours=3),
        hours=Decimal("3.00"),
        competency_ids=[competency.pk],
    )
    html = _page(client)
    assert _titles(html) == ["Puppetry course"]
    assert "<td>A1 Storytelling</td>" in html

    services.activity_update(
        activity=activity,
        acting_user=member,
        title="Puppetry masterclass",
        kind=ActivityKind.COURSE,
        mode="",
        provider="",
        start=start,
        end=start + datetime.timedelta(hours=3),
        hours=Decimal("3.00"),
        link="",
        language="",
        description="",
        competency_ids=[],
    )
    html = _page(client)
    assert _titles(html) == ["Puppetry masterclass"]
    assert "<td>A1 Storytelling</td>" not in html

    services.evidence_add(
        activity=activity,
        acting_user=member,
        files=[_upload()],
    )
    assert "<td>1 file</td>" in _page(client)

    services.activity_delete(activity=activity, acting_user=member)
    assert _titles(_page(client)) == []


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("notes.pdf", PDF_BYTES, content_type="application/pdf")


def test_record_page_shows_a_reflection_added_and_removed(client_as, member):
    activity = ActivityFactory(owner=member, reflection_requested=True)
    client = client_as("member")
    assert "Add a reflection" in _page(client)

    reflection = services.reflection_create(
        activity=activity,
        acting_user=member,
        template=ReflectionTemplate.THREE_TWO_ONE,
        part_1="Three",
        part_2="Two",
        part_3="One",
    )
    assert "Add a reflection" not in _page(client)

    services.reflection_delete(reflection=reflection, acting_user=member)
    assert "Add a reflection" in _page(client)


def test_record_page_shows_changes_made_through_the_models(client_as, member, competency):
    client = client_as("member")
    _page(client)

    activity = ActivityFactory(owner=member, title="Written directly")
    assert _titles(_page(client)) == ["Written directly"]

    Activity.objects.filter(pk=activity.pk).first().competencies.add(competency)
    assert "<td>A1 Storytelling</td>" in _page(client)

    EvidenceFactory(activity=activity)
    assert "<td>1 file</td>" in _page(client)

    activity.reflection_requested = True
    activity.save()
    assert "Add a reflection" in _page(client)
    reflection = Reflection.objects.create(  # its activity not loaded: looked up for the tag
        activity_id=activity.pk, template=ReflectionTemplate.FREE, part_1="Thoughts"
    )
    assert "Add a reflection" not in _page(client)
    Reflection.objects.get(pk=reflection.pk).delete()
    assert "Add a reflection" in _page(client)

    CompetencyText.objects.filter(competency=competency).update(title="Oral storytelling")
    competency.texts.get().save()  # a text saved through the model
    html = _page(client)
    assert "<td>A1 Oral storytelling</td>" in html
    assert ">Library competencies: A1 Oral storytelling</option>" in html  # the filter too

    Activity.objects.get(pk=activity.pk).delete()
    assert _titles(_page(client)) == []


def test_record_pages_are_private_to_each_member(client_as, member, other_member):
    ActivityFactory(owner=member, title="Mira's course")
    ActivityFactory(owner=other_member, title="Omar's course")

    assert _titles(_page(client_as("member"))) == ["Mira&#x27;s course"]
    assert _titles(_page(client_as("other_member"))) == ["Omar&#x27;s course"]
    assert _titles(_page(client_as("member"))) == ["Mira&#x27;s course"]
    page_2 = URL + "?page=1&kind=webinar"
    assert _titles(_page(client_as("other_member"), page_2)) == ["Omar&#x27;s course"]
    assert _titles(_page(client_as("member"), page_2)) == ["Mira&#x27;s course"]


def test_record_page_follows_the_language_and_the_time_zone(client_as, member):
    ActivityFactory(owner=member, kind=ActivityKind.READING)
    client = client_as("member")
    english = _page(client)
    with translation.override("sv"):
        caption = translation.gettext("Activities in your record, newest first")
        reading = str(ActivityKind.READING.label)
    assert caption != "Activities in your record, newest first"

    member.interface_language = "sv"
    member.save()
    swedish = _page(client)
    assert caption in swedish
    assert f"<td>{reading}</td>" in swedish
    assert caption not in english

    assert "(UTC)</time>" in swedish
    member.time_zone = "Asia/Tokyo"
    member.save()
    assert "(Asia/Tokyo)</time>" in _page(client)


def test_filter_offers_each_member_only_the_frameworks_they_may_use(
    client_as, member, other_member, other_organisation
):
    private = FrameworkFactory(
        organisation=other_organisation, is_published=False, title="Hill Town private"
    )
    CompetencyFactory(framework=private, code="H1", title="Hill skills")
    published = FrameworkFactory(title="Open framework")
    CompetencyFactory(framework=published, code="O1", title="Open skills")
    hill_option = ">Hill Town private: H1 Hill skills</option>"

    assert hill_option not in _page(client_as("member"))
    add_member(member, other_organisation)
    joined = _page(client_as("member"))
    riverside = _page(client_as("other_member"))

    assert hill_option in joined
    assert hill_option not in riverside
    assert ">Open framework: O1 Open skills</option>" in riverside


def test_filter_by_a_competency_the_member_may_not_use_is_refused(
    client_as, member, private_framework_competency
):
    response = client_as("member").get(URL, {"competency": private_framework_competency.pk})

    assert response.status_code == 400
    assert "Select a valid choice. That choice is not one of the available choices." in (
        response.content.decode()
    )


def test_record_labels_competencies_the_member_may_no_longer_link(
    client_as, member, competency, private_framework_competency
):
    ActivityFactory(owner=member, competencies=[competency, private_framework_competency])

    html = _page(client_as("member"))

    assert "<td>A1 Storytelling; H1 Hill only</td>" in html
    assert "H1 Hill only</option>" not in html
