"""An organisation's learning record stores and activity maps pages: every role, bad input,
the secret never shown, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.portfolio.enums import ActivityKind
from atheneum.xapi.models import ActivityMap, Delivery, DeliveryState, Destination

from ..competencies.factories import CompetencyFactory, FrameworkFactory
from .test_outbound import RecordingStore

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
EXPECTED = {
    "anonymous": 302,
    "member": 403,
    "other_member": 403,
    "manager": 403,
    "other_org_manager": 403,
    "organiser": 200,
    "admin": 200,
}
SECRET = "very-s3cret-value"


@pytest.fixture
def lrs():
    store = RecordingStore().start()
    yield store
    store.stop()


@pytest.fixture
def destination(organisation):
    return Destination.objects.create(
        organisation=organisation,
        name="Riverside LRS",
        endpoint="https://lrs.example.org/xapi/statements",
        username="key-1",
        password=SECRET,
    )


@pytest.fixture
def activity_map(organisation):
    return ActivityMap.objects.create(
        organisation=organisation, iri_prefix="https://lms.example.org/", kind=ActivityKind.COURSE
    )


@pytest.fixture
def pages(organisation, destination, activity_map):
    slug = organisation.slug
    return {
        "destination_list": reverse("xapi:destination_list", args=[slug]),
        "destination_create": reverse("xapi:destination_create", args=[slug]),
        "destination_edit": reverse("xapi:destination_edit", args=[slug, destination.pk]),
        "destination_delete": reverse("xapi:destination_delete", args=[slug, destination.pk]),
        "map_list": reverse("xapi:map_list", args=[slug]),
        "map_create": reverse("xapi:map_create", args=[slug]),
        "map_edit": reverse("xapi:map_edit", args=[slug, activity_map.pk]),
        "map_delete": reverse("xapi:map_delete", args=[slug, activity_map.pk]),
    }


PAGE_NAMES = [
    "destination_list",
    "destination_create",
    "destination_edit",
    "destination_delete",
    "map_list",
    "map_create",
    "map_edit",
    "map_delete",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_page(client_as, pages, role, page):
    response = client_as(role).get(pages[page])
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert "login" in response["Location"]


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_pages_of_an_unknown_organisation_are_not_found(client_as, pages, organisation, page):
    url = pages[page].replace(f"/{organisation.slug}/", "/no-such-place/")
    assert client_as("organiser").get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["destination_edit", "destination_delete", "map_edit", "map_delete"]
)
def test_another_organisations_settings_are_not_found_here(
    client_as, organisation, other_organisation, name
):
    """An organiser of Riverside asks for Hill Town's store through Riverside's address."""
    if name.startswith("destination"):
        other = Destination.objects.create(
            organisation=other_organisation, name="HT", endpoint="https://x.org/", username="a"
        )
    else:
        other = ActivityMap.objects.create(
            organisation=other_organisation, iri_prefix="https://x.org/"
        )
    url = reverse(f"xapi:{name}", args=[organisation.slug, other.pk])
    assert client_as("organiser").get(url).status_code == 404
    assert client_as("organiser").post(url, {"name": "Taken"}).status_code == 404
    assert Destination.objects.filter(organisation=other_organisation).count() == (
        1 if name.startswith("destination") else 0
    )
    assert ActivityMap.objects.filter(organisation=other_organisation).count() == (
        0 if name.startswith("destination") else 1
    )


@pytest.mark.parametrize("role", ["member", "manager", "other_org_manager"])
def test_others_cannot_change_anything(client_as, pages, destination, lrs, role):
    activity_map = ActivityMap.objects.get()
    client = client_as(role)
    data = {"name": "X", "endpoint": lrs.endpoint, "username": "u", "password": "p"}
    assert client.post(pages["destination_create"], {**data, "version": "1.0.3"}).status_code == 403
    assert client.post(pages["destination_edit"], {**data, "version": "1.0.3"}).status_code == 403
    assert client.post(pages["destination_delete"]).status_code == 403
    test_url = reverse(
        "xapi:destination_test", args=[destination.organisation.slug, destination.pk]
    )
    assert client.post(test_url).status_code == 403
    map_data = {"iri_prefix": "https://other.example.org/", "kind": ActivityKind.WEBINAR}
    assert client.post(pages["map_create"], map_data).status_code == 403
    assert client.post(pages["map_edit"], map_data).status_code == 403
    assert client.post(pages["map_delete"]).status_code == 403
    destination.refresh_from_db()
    activity_map.refresh_from_db()
    assert (destination.name, destination.password) == ("Riverside LRS", SECRET)
    assert activity_map.iri_prefix == "https://lms.example.org/"
    assert Destination.objects.count() == 1
    assert ActivityMap.objects.count() == 1
    assert not Delivery.objects.exists()
    assert lrs.requests == []


# --- Destinations ------------------------------------------------------------------------------


def test_list_explains_what_is_sent_and_that_reflections_are_not(client_as, pages):
    response = client_as("organiser").get(pages["destination_list"])
    html = response.content.decode()
    assert "never by their email address" in html
    assert "Reflections are private: they are never sent to these stores." in html
    assert "Riverside LRS" in html
    assert SECRET not in html


def test_create_a_destination(client_as, pages, organisation):
    response = client_as("organiser").post(
        pages["destination_create"],
        {
            "name": "County LRS",
            "endpoint": "https://lrs.county.example/xapi/statements",
            "username": "county-key",
            "password": "county-secret",
            "version": "2.0.0",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == pages["destination_list"]
    created = Destination.objects.get(name="County LRS")
    assert created.organisation == organisation
    assert (created.password, created.version, created.active) == ("county-secret", "2.0.0", True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"endpoint": "ftp://lrs.example.org/x"},
            "endpoint",
            "starting with https:// or http://",
        ),
        ({"endpoint": "not an address"}, "endpoint", "starting with https:// or http://"),
        ({"password": ""}, "password", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"version": "9.9"}, "version", "Select a valid choice."),
    ],
)
@pytest.mark.usefixtures("destination")
def test_create_rejects_bad_input(client_as, pages, changes, field, message):
    data = {
        "name": "County LRS",
        "endpoint": "https://lrs.county.example/xapi/statements",
        "username": "k",
        "password": "s",
        "version": "1.0.3",
        **changes,
    }
    response = client_as("organiser").post(pages["destination_create"], data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert Destination.objects.count() == 1


def test_edit_never_shows_the_secret_and_keeps_it_when_left_empty(client_as, pages, destination):
    client = client_as("organiser")
    page = client.get(pages["destination_edit"]).content.decode()
    assert SECRET not in page
    assert "Leave empty to keep the secret" in page

    response = client.post(
        pages["destination_edit"],
        {
            "name": "Renamed LRS",
            "endpoint": "http://lrs.example.org/new",
            "username": "key-2",
            "password": "",
            "version": "1.0.3",
        },
    )
    assert response.status_code == 302
    destination.refresh_from_db()
    assert destination.name == "Renamed LRS"
    assert destination.username == "key-2"
    assert destination.password == SECRET
    assert destination.active is False  # unticked


def test_edit_replaces_the_secret_when_given(client_as, pages, destination):
    client_as("organiser").post(
        pages["destination_edit"],
        {
            "name": "LRS",
            "endpoint": destination.endpoint,
            "username": "k",
            "password": "new-secret",
            "version": "1.0.3",
            "active": "on",
        },
    )
    destination.refresh_from_db()
    assert destination.password == "new-secret"


def test_edit_rejects_a_bad_address_and_changes_nothing(client_as, pages, destination):
    response = client_as("organiser").post(
        pages["destination_edit"],
        {
            "name": "Renamed",
            "endpoint": "file:///etc/passwd",
            "username": "k",
            "version": "1.0.3",
        },
    )
    assert response.status_code == 400
    assert SECRET not in response.content.decode()
    destination.refresh_from_db()
    assert destination.name == "Riverside LRS"


def test_delete_a_destination(client_as, pages, destination):
    client = client_as("admin")
    assert "Delete “Riverside LRS”?" in client.get(pages["destination_delete"]).content.decode()
    response = client.post(pages["destination_delete"])
    assert response.status_code == 302
    assert not Destination.objects.exists()


def test_send_a_test_statement_from_the_page(
    client_as, organisation, destination, lrs, django_capture_on_commit_callbacks
):
    destination.endpoint = lrs.endpoint
    destination.save()
    url = reverse("xapi:destination_test", args=[organisation.slug, destination.pk])
    client = client_as("organiser")
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert Delivery.objects.get().state == DeliveryState.SENT
    assert len(lrs.requests) == 1
    page = client.get(reverse("xapi:destination_list", args=[organisation.slug]))
    assert "Sent" in page.content.decode()


def test_failed_delivery_shows_its_error(client_as, pages, destination):
    Delivery.objects.create(
        destination=destination,
        payload={"verb": {"display": {"en-US": "attended"}}},
        state=DeliveryState.FAILED,
        attempts=1,
        last_error="HTTP 401: bad key",
    )
    html = client_as("organiser").get(pages["destination_list"]).content.decode()
    assert "HTTP 401: bad key" in html
    assert "Failed" in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_destination_list_query_count_is_constant(client_as, pages, organisation):
    client = client_as("organiser")

    def grow(count):
        for index in range(count):
            destination = Destination.objects.create(
                organisation=organisation,
                name=f"Store {Destination.objects.count()}",
                endpoint="https://lrs.example.org/",
                username="k",
                password="p",
            )
            Delivery.objects.create(
                destination=destination,
                payload={"object": {"definition": {"name": {"en": f"Module {index}"}}}},
                state=DeliveryState.FAILED,
                last_error="HTTP 500",
            )

    grow(2)
    small = _count(client, pages["destination_list"])
    grow(20)
    large = _count(client, pages["destination_list"])
    assert small == large


# --- Activity maps -----------------------------------------------------------------------------


def test_create_an_activity_map_with_competencies(
    client_as, pages, organisation, other_organisation
):
    own = CompetencyFactory(
        framework=FrameworkFactory(organisation=organisation), title="Storytelling"
    )
    hidden = CompetencyFactory(
        framework=FrameworkFactory(organisation=other_organisation, is_published=False),
        title="Hidden skill",
    )
    client = client_as("organiser")
    form_page = client.get(pages["map_create"]).content.decode()
    assert "Storytelling" in form_page
    assert "Hidden skill" not in form_page

    response = client.post(
        pages["map_create"],
        {
            "iri_prefix": "https://moodle.example.org/course/",
            "kind": ActivityKind.WEBINAR,
            "competencies": [own.pk],
        },
    )
    assert response.status_code == 302
    created = ActivityMap.objects.get(iri_prefix="https://moodle.example.org/course/")
    assert list(created.competencies.all()) == [own]

    refused = client.post(
        pages["map_create"],
        {"iri_prefix": "https://other.example.org/", "kind": "course", "competencies": [hidden.pk]},
    )
    assert refused.status_code == 400
    assert not ActivityMap.objects.filter(iri_prefix="https://other.example.org/").exists()


def test_duplicate_prefix_gets_a_clear_message(client_as, pages, activity_map):
    response = client_as("organiser").post(
        pages["map_create"], {"iri_prefix": activity_map.iri_prefix, "kind": "course"}
    )
    assert response.status_code == 400
    assert (
        "This organisation already has a map for activities starting with this address."
        in response.content.decode()
    )
    assert ActivityMap.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"iri_prefix": "no address", "kind": "course"}, "iri_prefix"),
        ({"iri_prefix": "", "kind": "course"}, "iri_prefix"),
        ({"iri_prefix": "https://x.org/", "kind": "dancing"}, "kind"),
        (
            {"iri_prefix": "https://x.org/", "kind": "course", "competencies": ["abc"]},
            "competencies",
        ),
    ],
)
def test_map_bad_input_changes_nothing(client_as, pages, activity_map, data, field):
    response = client_as("organiser").post(pages["map_edit"], data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    activity_map.refresh_from_db()
    assert (activity_map.iri_prefix, activity_map.kind) == ("https://lms.example.org/", "course")


def test_edit_and_delete_an_activity_map(client_as, pages, activity_map):
    client = client_as("organiser")
    response = client.post(
        pages["map_edit"], {"iri_prefix": "https://lms.example.org/v2/", "kind": "webinar"}
    )
    assert response.status_code == 302
    activity_map.refresh_from_db()
    assert (activity_map.iri_prefix, activity_map.kind) == (
        "https://lms.example.org/v2/",
        "webinar",
    )
    assert client.post(pages["map_delete"]).status_code == 302
    assert not ActivityMap.objects.exists()


def test_map_list_query_count_is_constant(client_as, pages, organisation):
    framework = FrameworkFactory(organisation=organisation)
    client = client_as("organiser")

    def grow(count):
        for _ in range(count):
            activity_map = ActivityMap.objects.create(
                organisation=organisation,
                iri_prefix=f"https://lms.example.org/{ActivityMap.objects.count()}/",
            )
            activity_map.competencies.add(
                CompetencyFactory(framework=framework), CompetencyFactory(framework=framework)
            )

    grow(2)
    small = _count(client, pages["map_list"])
    grow(20)
    large = _count(client, pages["map_list"])
    assert small == large
    assert "lms.example.org/21/" in client.get(pages["map_list"]).content.decode()


def test_map_form_query_count_is_constant(client_as, pages, organisation):
    framework = FrameworkFactory(organisation=organisation)
    client = client_as("organiser")
    for _ in range(3):
        CompetencyFactory(framework=framework)
    small = _count(client, pages["map_create"])
    for _ in range(30):
        CompetencyFactory(framework=framework)
    large = _count(client, pages["map_create"])
    assert small == large
