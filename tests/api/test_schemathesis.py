"""Property-based contract test of the whole API with schemathesis.

Every operation the OpenAPI document lists (so new routers are covered as they land) is called
with a few generated requests, as each role (and with no token), and every answer must:

* not be a server error;
* use a documented status code and content type;
* match the schema declared for that status;
* never carry another member's private marker text (each person's activities and reflections
  hold a unique marker; a response to one person may contain only their own).

Errors are RFC 9457 problems for any operation ("problems are global"); the published document
does not list them yet, so `with_problems` declares them here before testing.

Failures are collected across all operations and roles and reported together, so one run shows
everything that is wrong (operation, role, request as curl, what failed).
"""

import copy
import itertools
import re
import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from atheneum.api import problems
from atheneum.api.scopes import ALL_SCOPES
from atheneum.api.services import token_create
from atheneum.api.v1 import api
from tests.coaching.factories import BookingFactory, CoachFactory, RoundFactory, SlotFactory
from tests.coaching.factories import ProgrammeFactory as CoachingProgrammeFactory
from tests.competencies.factories import CompetencyFactory, FrameworkFactory, RatingFactory
from tests.events.core_factories import EventFactory, SessionFactory, register
from tests.learning.factories import ModuleFactory
from tests.portfolio.factories import ActivityFactory, ReflectionFactory
from tests.translations.factories import CampaignFactory

pytestmark = pytest.mark.django_db

ROLES = ["member", "other_member", "manager", "other_org_manager", "organiser", "admin"]
# Generated examples per operation, and per combination of real objects in its path. Requests
# with made-up path parameters mostly answer 404 for everyone, so they are sent only as the
# member and anonymously; requests about real objects are sent as every role.
FREE_EXAMPLES = 3
KNOWN_EXAMPLES = 2
FEW_ROLES = ("member", "anonymous")
# The whole run must stay well under a minute on two cores.
TIME_BUDGET_SECONDS = 60


def with_problems(document: dict) -> dict:
    """The published document already declares the problem answers (atheneum.api.problems)."""
    return problems.declare(copy.deepcopy(document))


@contextmanager
def wsgi_inside_test_transaction():
    """Django closes the connection before and after each request when it looks unusable (on
    PostgreSQL, a connection inside the test's transaction does); that would end the test's
    transaction. The test Client avoids it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(organisation, role_user):
    """A small site: each person has private activities and reflections with their own marker
    text, and there is an event, a module, a coaching round with a booking, and a campaign."""
    people = {role: role_user(role) for role in ROLES}
    member, organiser = people["member"], people["organiser"]
    markers = {role: f"PRIVATE-MARKER-{role.upper()}-{user.pk}" for role, user in people.items()}
    known: dict[str, list] = {}
    for role, user in people.items():
        for n in range(2):
            activity = ActivityFactory(
                owner=user, title=f"Course {n}", description=f"Notes {markers[role]}"
            )
            reflection = ReflectionFactory(activity=activity, part_1=f"I learnt {markers[role]}")
            known.setdefault("activities", []).append(activity.pk)
            known.setdefault("reflections", []).append(reflection.pk)
    event = EventFactory(organisation=organisation, slug="library-futures")
    session = SessionFactory(event=event)
    register(member, event)
    module = ModuleFactory(organisation=organisation, slug="reference-interviews")
    programme = CoachingProgrammeFactory(organisation=organisation, slug="career-coaching")
    coaching_round = RoundFactory(programme=programme)
    coach = CoachFactory(programme=programme, user=organiser)
    slot = SlotFactory(coach=coach, round=coaching_round)
    SlotFactory(
        coach=coach,
        round=coaching_round,
        start=slot.end + (slot.end - slot.start),
    )
    booking = BookingFactory(slot=slot, coachee=member)
    campaign = CampaignFactory(organisation=organisation, slug="reading-poster")
    framework = FrameworkFactory(
        organisation=organisation, slug="library-skills", is_published=True
    )
    competency = CompetencyFactory(framework=framework)
    for user in people.values():
        RatingFactory(user=user, competency=competency)
    known.update(
        {
            "events": [event.slug],
            "sessions": [str(session.uid)],
            "agenda": [str(session.uid)],
            "modules": [module.slug],
            "programmes": [programme.slug],
            "coaches": [coach.pk],
            "bookings": [str(booking.uid)],
            "campaigns": [campaign.slug],
            "frameworks": [framework.slug],
            "competencies": [competency.pk],
            "ratings": [competency.pk],
            "levels": [2],
        }
    )
    # The member's first activity and reflection, asked for by everyone, cross every boundary.
    known["activities"] = known["activities"][:1]
    known["reflections"] = known["reflections"][:1]
    tokens = {
        role: token_create(user=user, name="schemathesis", scopes=list(ALL_SCOPES))[1]
        for role, user in people.items()
    }
    tokens["anonymous"] = None
    return {"markers": markers, "known": known, "tokens": tokens}


def known_path_parameters(operation, known: dict) -> list[dict]:
    """Combinations of real objects for the operation's path parameters, guessed from the path
    segment before each parameter (`/events/{slug}` → event slugs)."""
    segments = operation.path.strip("/").split("/")
    choices = {}
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"\{(\w+)\}", segment)
        if not match:
            continue
        collection = segments[index - 1] if index else ""
        if collection not in known:
            return []
        choices[match.group(1)] = known[collection]
    if not choices:
        return []
    names = list(choices)
    combinations = itertools.product(*choices.values())
    return [dict(zip(names, values, strict=True)) for values in combinations]


def leaked_markers(body: str, role: str, markers: dict) -> list[str]:
    return [marker for owner, marker in markers.items() if owner != role and marker in body]


def test_every_operation_keeps_its_contract_for_every_role(world, settings):
    settings.API_RATE_LIMIT = "100000/min"
    started = time.monotonic()
    schema = schemathesis.openapi.from_dict(with_problems(api.get_openapi_schema()))
    checks = [
        schemathesis.checks.not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    failures: dict[tuple, str] = {}
    seen_statuses: dict[str, set] = {}
    calls = 0
    own_marker_seen: set[str] = set()

    def run(operation, app, strategy, examples, roles):
        @settings_for(examples)
        @given(case=strategy)
        def examine(case):
            nonlocal calls
            for role in roles:
                raw = world["tokens"][role]
                headers = {"Authorization": f"Bearer {raw}"} if raw else {}
                # Each call in a savepoint rolled back afterwards: every example and role sees
                # the same seeded site, and a failing write cannot poison the transaction.
                with transaction.atomic():
                    response = case.call(app=app, headers=headers)
                    transaction.set_rollback(True)
                calls += 1
                seen_statuses.setdefault(operation.label, {}).setdefault(role, set()).add(
                    response.status_code
                )
                try:
                    case.validate_response(response, checks=checks, headers=headers)
                except FailureGroup as group:
                    key = (operation.label, role, type(group.exceptions[0]).__name__)
                    failures.setdefault(key, f"{case.as_curl_command(headers=headers)}\n{group}")
                if role in world["markers"] and world["markers"][role] in response.text:
                    own_marker_seen.add(role)
                leaks = leaked_markers(response.text, role, world["markers"])
                if leaks:
                    key = (operation.label, role, "private data of another person")
                    failures.setdefault(
                        key, f"{case.as_curl_command(headers=headers)}\nleaked: {leaks}"
                    )

        examine()

    with wsgi_inside_test_transaction() as app:
        for result in schema.get_all_operations():
            operation = result.ok()
            has_path_parameters = "{" in operation.path
            free_roles = FEW_ROLES if has_path_parameters else tuple(world["tokens"])
            run(operation, app, operation.as_strategy(), FREE_EXAMPLES, free_roles)
            for path_parameters in known_path_parameters(operation, world["known"]):
                strategy = operation.as_strategy(path_parameters=path_parameters)
                run(operation, app, strategy, KNOWN_EXAMPLES, tuple(world["tokens"]))

    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {len(seen_statuses)} operations, {calls} calls, {elapsed:.1f} s")
    for label, by_role in sorted(seen_statuses.items()):
        answers = "; ".join(f"{role} {sorted(codes)}" for role, codes in by_role.items())
        print(f"  {label}: {answers}")
    report = "\n\n".join(
        f"== {label} as {role}: {kind}\n{detail}"
        for (label, role, kind), detail in sorted(failures.items())
    )
    assert not failures, f"{len(failures)} contract failures:\n\n{report}"
    # The leak check is not vacuous: people do get their own private text back.
    assert own_marker_seen == set(ROLES)
    assert elapsed < TIME_BUDGET_SECONDS


def settings_for(examples: int):
    return hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def test_problem_answers_are_declared_on_every_operation():
    document = api.get_openapi_schema()
    for item in document["paths"].values():
        for operation in item.values():
            assert set(problems.PROBLEM_STATUSES) <= set(operation["responses"])
