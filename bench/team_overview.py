"""Times the team overview for a large team: 500 members × 120 competencies × 20 activities.

Builds the data with bulk_create in the configured database (DATABASE_URL if set, else a
throwaway SQLite file under var/), then requests /planning/teams/<id>/ 20 times as the team's
manager with Django's test Client and prints the median response time and the query count.
On a shared database its rows are removed again at the end. Not a test; run it by hand:

    .venv/bin/python bench/team_overview.py
"""

import datetime
import os
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atheneum.config.settings.local")
THROWAWAY = ROOT / "var" / "bench_team_overview.sqlite3"
if not os.environ.get("DATABASE_URL"):
    THROWAWAY.parent.mkdir(exist_ok=True)
    THROWAWAY.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{THROWAWAY}"
os.environ.setdefault("DEBUG", "false")

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "500"))
COMPETENCIES = int(os.environ.get("BENCH_COMPETENCIES", "120"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))


def build():
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from atheneum.accounts.models import User
    from atheneum.competencies.enums import RatingKind, RatingSource
    from atheneum.competencies.models import (
        Competency,
        CompetencyText,
        Framework,
        ProficiencyLevel,
        Rating,
        RatingSharing,
    )
    from atheneum.organisations.enums import TeamRole
    from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership
    from atheneum.planning.enums import PlanStatus
    from atheneum.planning.models import Cycle, Goal, Plan, Priority
    from atheneum.portfolio.enums import ActivityKind, LearningMode
    from atheneum.portfolio.models import Activity

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    run = uuid.uuid4().hex[:8]
    started = time.perf_counter()

    organisation = Organisation.objects.create(name=f"Bench library {run}", slug=f"bench-{run}")
    team = Team.objects.create(organisation=organisation, name="Bench team", slug="bench")
    manager = User.objects.create(email=f"manager-{run}@bench.example.org", display_name="M")
    Membership.objects.create(user=manager, organisation=organisation)
    TeamMembership.objects.create(user=manager, team=team, role=TeamRole.MANAGER)
    User.objects.bulk_create(
        [
            User(email=f"m{n}-{run}@bench.example.org", display_name=f"Member {n}")
            for n in range(MEMBERS)
        ],
        batch_size=500,
    )
    members = list(
        User.objects.filter(email__endswith=f"-{run}@bench.example.org").exclude(pk=manager.pk)
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation) for u in members], batch_size=500
    )
    TeamMembership.objects.bulk_create(
        [TeamMembership(user=u, team=team) for u in members], batch_size=500
    )
    RatingSharing.objects.bulk_create(
        [RatingSharing(user=u, share_with_managers=n % 3 == 0) for n, u in enumerate(members)],
        batch_size=500,
    )

    framework = Framework.objects.create(
        organisation=organisation, title="Bench framework", slug=f"bench-{run}"
    )
    ProficiencyLevel.objects.bulk_create(
        [ProficiencyLevel(framework=framework, value=v, label=f"Level {v}") for v in range(1, 6)]
    )
    Competency.objects.bulk_create(
        [Competency(framework=framework, code=f"B{n}", position=n) for n in range(COMPETENCIES)]
    )
    competencies = list(Competency.objects.filter(framework=framework).order_by("position"))
    CompetencyText.objects.bulk_create(
        [CompetencyText(competency=c, language="en", title=f"Skill {c.code}") for c in competencies]
    )
    Rating.objects.bulk_create(
        [
            Rating(
                user=u,
                competency=c,
                kind=kind,
                source=RatingSource.SELF,
                level=(u.pk + c.pk) % 5 + 1 if kind == RatingKind.CURRENT else 4,
            )
            for u in members
            for c in competencies
            for kind in (RatingKind.CURRENT, RatingKind.TARGET)
        ],
        batch_size=2000,
    )

    today = timezone.localdate()
    cycle = Cycle.objects.create(
        organisation=organisation,
        name="Bench cycle",
        start=today - datetime.timedelta(days=180),
        end=today + datetime.timedelta(days=180),
    )
    for competency in competencies[:5]:
        Priority.objects.create(
            cycle=cycle, team=team, competency=competency, target_level=4, budget_value=10
        )
    moment = timezone.now() - datetime.timedelta(days=30)
    Activity.objects.bulk_create(
        [
            Activity(
                owner=u,
                title=f"Activity {n}",
                kind=ActivityKind.WEBINAR,
                mode=LearningMode.PARTICIPATORY,
                start=moment,
                end=moment + datetime.timedelta(hours=1),
                hours=Decimal("1.5"),
            )
            for u in members
            for n in range(ACTIVITIES)
        ],
        batch_size=2000,
    )
    activity_ids = list(Activity.objects.filter(owner__in=members).values_list("pk", flat=True))
    Activity.competencies.through.objects.bulk_create(
        [
            Activity.competencies.through(
                activity_id=pk, competency_id=competencies[pk % len(competencies)].pk
            )
            for pk in activity_ids
        ],
        batch_size=2000,
    )
    Plan.objects.bulk_create(
        [
            Plan(member=u, team=team, cycle=cycle, status=list(PlanStatus)[n % 5])
            for n, u in enumerate(members)
        ],
        batch_size=500,
    )
    plans = list(Plan.objects.filter(cycle=cycle))
    Goal.objects.bulk_create([Goal(plan=p, title="Grow") for p in plans], batch_size=500)
    Goal.competencies.through.objects.bulk_create(
        [
            Goal.competencies.through(goal=g, competency=competencies[g.pk % 5])
            for g in Goal.objects.filter(plan__cycle=cycle)
        ],
        batch_size=2000,
    )
    return manager, team, members, time.perf_counter() - started


def measure(manager, team, members, built: float) -> None:
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from atheneum.competencies.models import Rating

    # Keep one connection across requests, as a long-running web process does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(manager)
    url = f"/planning/teams/{team.pk}/"
    response = client.get(url)  # warm up
    assert response.status_code == 200, response.status_code
    connection.queries_log.clear()  # a full log (maxlen) would hide the new queries
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)
    timings = []
    for _ in range(REQUESTS):
        begin = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - begin)
        assert response.status_code == 200

    print(f"database: {connection.vendor}; data built in {built:.1f} s")
    print(
        f"team overview, {MEMBERS} members × {COMPETENCIES} competencies × "
        f"{ACTIVITIES} activities each ({Rating.objects.filter(user__in=members).count()} "
        f"ratings):"
    )
    print(
        f"  median {statistics.median(timings) * 1000:.0f} ms over {REQUESTS} requests "
        f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}); "
        f"{query_count} SQL queries per request; {len(response.content) // 1024} KiB"
    )


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    from atheneum.accounts.models import User

    manager, team, members, built = build()
    try:
        measure(manager, team, members, built)
    finally:
        if THROWAWAY.exists():
            connection.close()
            THROWAWAY.unlink()
        else:
            run = manager.email.split("-", 1)[1]
            User.objects.filter(email__endswith=f"-{run}").delete()
            team.organisation.delete()


if __name__ == "__main__":
    main()
