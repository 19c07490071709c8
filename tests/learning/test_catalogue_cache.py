"""The catalogue's cards, count and filter choices are cached, and every change to what they
show (modules, publication, organisations, competencies) is visible on the next request."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.learning import authoring_services
from atheneum.learning.enums import Level, ModuleStatus

from ..competencies.factories import CompetencyFactory
from .factories import ModuleFactory, TopicFactory

URL = reverse("learning:catalogue")


def _page(client, params=None, **headers) -> str:
    response = client.get(URL, params or {}, **headers)
    assert response.status_code == 200
    return response.content.decode()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        _page(client, params)
    return len(context)


def test_catalogue_warm_cache_reads_nothing(client, organisation):
    competency = CompetencyFactory()
    ModuleFactory(organisation=organisation, competencies=[competency])

    cold = _queries(client)
    warm = _queries(client)

    assert cold == 5  # languages, competencies, their texts, the count, the page
    assert warm == 0


def test_catalogue_filtered_warm_cache_reads_nothing(client, organisation):
    competency = CompetencyFactory()
    ModuleFactory(organisation=organisation, title="Alpha", competencies=[competency])
    params = {"competency": competency.pk, "level": Level.INTRODUCTORY}

    _page(client, params)
    html = ""
    with CaptureQueriesContext(connection) as context:
        html = _page(client, params)

    assert len(context) == 0
    assert f'<option value="{competency.pk}" selected>' in html
    assert ">Alpha</a></h3>" in html


def test_catalogue_shows_a_module_update_by_service_at_once(client, organisation, organiser):
    module = ModuleFactory(organisation=organisation, title="Old title")
    module.authors.set([organiser])
    assert ">Old title</a></h3>" in _page(client)

    authoring_services.module_update(module=module, acting_user=organiser, title="New title")

    html = _page(client)
    assert ">New title</a></h3>" in html
    assert "Old title" not in html


def test_catalogue_drops_an_unpublished_module_at_once(client, organisation, organiser):
    module = ModuleFactory(organisation=organisation, title="Going away")
    ModuleFactory(organisation=organisation, title="Staying")
    assert "Going away" in _page(client)

    authoring_services.module_set_status(
        module=module, status=ModuleStatus.ARCHIVED, acting_user=organiser
    )

    html = _page(client)
    assert "Going away" not in html
    assert ">Staying</a></h3>" in html


def test_catalogue_shows_a_newly_published_module_and_its_count(client, organisation, organiser):
    for index in range(21):
        ModuleFactory(organisation=organisation, title=f"Module {index:02}")
    assert "Page 1 of 2" in _page(client)
    draft = ModuleFactory(organisation=organisation, title="Zz new", status=ModuleStatus.DRAFT)
    TopicFactory(module=draft)

    authoring_services.module_publish(module=draft, acting_user=organiser)

    assert "Page 1 of 2" in _page(client)
    assert ">Zz new</a></h3>" in _page(client, {"page": 2})


def test_catalogue_shows_model_changes_made_outside_services(client, organisation):
    competency = CompetencyFactory()
    module = ModuleFactory(organisation=organisation, title="Before", competencies=[competency])
    _page(client)

    module.title = "After"
    module.save()
    organisation.name = "Renamed Library"
    organisation.save()
    text = competency.texts.get(language="en")
    text.title = "Renamed competency"
    text.save()

    html = _page(client)
    assert ">After</a></h3>" in html
    assert "Renamed Library" in html
    assert "Renamed competency</option>" in html


def test_catalogue_filter_choices_follow_module_competencies(client, organisation):
    module = ModuleFactory(organisation=organisation)
    added = CompetencyFactory()
    assert f'<option value="{added.pk}"' not in _page(client)

    module.competencies.add(added)

    assert f'<option value="{added.pk}"' in _page(client)


def test_catalogue_languages_do_not_share_fragments(client, organisation):
    ModuleFactory(organisation=organisation, level=Level.ADVANCED)
    english = Client()
    swedish = Client()
    swedish.cookies["atheneum_language"] = "sv"

    first_english = _main(_page(english))
    first_swedish = _main(_page(swedish))

    assert first_english == _main(_page(english))
    assert first_swedish == _main(_page(swedish))
    assert "Any competency" in first_english
    assert "Any competency" not in first_swedish
    assert first_english != first_swedish


def test_catalogue_filter_shows_what_was_asked_not_the_cached_form(client, organisation):
    ModuleFactory(organisation=organisation, title="Alpha")
    _page(client)

    html = _page(client, {"q": "alp"})

    assert 'value="alp"' in html
    assert "Clear the filter" in html
    assert 'value="alp"' not in _page(client)


def test_catalogue_pages_follow_djangos_rules_from_the_cached_count(client, organisation):
    for index in range(25):
        ModuleFactory(organisation=organisation, title=f"Module {index:02}")

    first = _page(client)
    second = _page(client, {"page": 2})

    assert "Page 1 of 2" in first
    assert ">Module 00</a></h3>" in first
    assert "Page 2 of 2" in second
    assert ">Module 24</a></h3>" in second
    assert ">Module 00</a></h3>" not in second
    assert "Page 1 of 2" in _page(client, {"page": "abc"})
    assert "Page 2 of 2" in _page(client, {"page": 999})
    assert 'href="?page=2&amp;level=introductory" rel="next"' in _page(
        client, {"page": 1, "level": Level.INTRODUCTORY}
    )
