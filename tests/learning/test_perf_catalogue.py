"""The catalogue reads without DISTINCT over whole rows and names levels and licences once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atheneum.common import fragments
from atheneum.learning import selectors
from atheneum.learning.enums import Level, Licence, ModuleStatus

from ..competencies.factories import CompetencyFactory
from .factories import ModuleFactory


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+" lang="[^"]*" dir="auto">([^<]+)</a></h3>', html)


def test_competency_filter_lists_each_module_once(organisation):
    first, second = CompetencyFactory(), CompetencyFactory()
    module = ModuleFactory(organisation=organisation, title="Both", competencies=[first, second])
    ModuleFactory(organisation=organisation, title="Other", competencies=[second])

    found = list(
        selectors.module_catalogue(filters=selectors.CatalogueFilter(competency_id=first.pk))
    )

    assert found == [module]


def test_catalogue_competencies_are_those_of_published_modules_once_each(organisation):
    shared, draft_only, unused = CompetencyFactory(), CompetencyFactory(), CompetencyFactory()
    ModuleFactory(organisation=organisation, competencies=[shared])
    ModuleFactory(organisation=organisation, competencies=[shared])
    ModuleFactory(organisation=organisation, status=ModuleStatus.DRAFT, competencies=[draft_only])

    found = list(selectors.catalogue_competencies())

    assert found == [shared]
    assert unused not in found


def test_catalogue_page_by_competency_shows_matches(client, organisation):
    wanted = CompetencyFactory()
    ModuleFactory(organisation=organisation, title="Alpha", competencies=[wanted])
    ModuleFactory(organisation=organisation, title="Beta", competencies=[CompetencyFactory()])
    ModuleFactory(organisation=organisation, title="Gamma", competencies=[wanted])

    response = client.get(reverse("learning:catalogue"), {"competency": wanted.pk})

    assert _titles(response.content.decode()) == ["Alpha", "Gamma"]


def test_catalogue_cards_name_level_and_licence(client, organisation):
    ModuleFactory(organisation=organisation, level=Level.ADVANCED, licence=Licence.CC0)
    ModuleFactory(organisation=organisation, level=Level.INTERMEDIATE, licence=Licence.RESERVED)

    html = client.get(reverse("learning:catalogue")).content.decode()

    assert f"{Level.ADVANCED.label} · " in html
    assert f" · {Licence.CC0.label}</p>" in html
    assert f"{Level.INTERMEDIATE.label} · " in html
    assert f" · {Licence.RESERVED.label}</p>" in html


def test_catalogue_queries_use_no_distinct_over_modules(client, organisation):
    competency = CompetencyFactory()
    ModuleFactory(organisation=organisation, competencies=[competency])
    url = reverse("learning:catalogue")
    client.get(url)
    fragments.bump(selectors.CATALOGUE_TAG)  # every query of a first visit, not cached ones

    with CaptureQueriesContext(connection) as context:
        client.get(url, {"competency": competency.pk})

    module_queries = [q["sql"] for q in context if 'FROM "learning_module"' in q["sql"]]
    assert len(module_queries) == 3  # languages, the pager's count, the page
    assert not [sql for sql in module_queries if 'DISTINCT "learning_module"."id"' in sql]
    assert not [q["sql"] for q in context if 'DISTINCT "competencies_competency"' in q["sql"]]
