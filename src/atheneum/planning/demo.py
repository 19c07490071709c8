"""Demo steering: planning cycles, development priorities and Amina's learning plans.

Running `load` twice changes nothing: cycles, priorities, plans and goals are found by their
natural keys first, and a plan's conversation is written only when the plan is new.
Competencies come from whatever frameworks exist for the organisation (its own or published
ones), so load the competencies demo first; without any, the plans simply name none.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from atheneum.organisations.models import Team

from . import selectors
from .enums import BudgetUnit, PlanEventKind, PlanStatus
from .models import Cycle, Goal, Plan, PlanEvent, Priority


def _cycle(organisation, *, name, start, end, hours) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={"start": start, "end": end, "working_hours_per_person": hours},
    )
    return cycle


def _priority(*, cycle, team, competency, user, **fields) -> Priority:
    priority, _ = Priority.objects.get_or_create(
        cycle=cycle, team=team, competency=competency, defaults={**fields, "created_by": user}
    )
    return priority


def _goal(plan, *, title, position, competencies, **fields) -> Goal:
    goal, created = Goal.objects.get_or_create(
        plan=plan, title=title, defaults={**fields, "position": position}
    )
    if created and competencies:
        goal.competencies.set(competencies)
        goal.priorities.set(
            [
                priority
                for priority in selectors.priorities_for_team(cycle=plan.cycle, team=plan.team)
                if priority.competency in competencies
            ]
        )
    return goal


def _pick(organisation_id: int, codes: list[str]) -> list:
    available = list(selectors.competencies_available(organisation_id=organisation_id))
    by_code = {competency.code: competency for competency in available}
    chosen = [by_code[code] for code in codes if code in by_code]
    return chosen if len(chosen) == len(codes) else available[: len(codes)]


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    riverside = organisations["riverside"]
    association = organisations["association"]
    amina, lars = users["member"], users["manager"]
    organiser = users["organiser"]
    children = Team.objects.get(organisation=riverside, slug="children")
    cpd_section = Team.objects.get(organisation=association, slug="cpd-section")

    riverside_2026 = _cycle(
        riverside,
        name="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        hours=Decimal(1650),
    )
    riverside_2027 = _cycle(
        riverside,
        name="2027",
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 12, 31),
        hours=Decimal(1650),
    )
    association_cycle = _cycle(
        association,
        name="2026–2027",
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2027, 6, 30),
        hours=Decimal(1600),
    )

    # Reading promotion and digital confidence from Riverside's own framework, coaching from
    # the published one; any competencies at all when those are missing.
    riverside_competencies = _pick(riverside.pk, ["R12", "R7"])
    association_competencies = _pick(association.pk, ["G2"])
    if len(riverside_competencies) >= 2:
        first, second = riverside_competencies[0], riverside_competencies[1]
        _priority(
            cycle=riverside_2026,
            team=children,
            competency=first,
            user=lars,
            target_level=3,
            rationale=(
                "More families come to us with children who read in two languages. We want "
                "every colleague on the children's desk to feel at ease guiding them."
            ),
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(16),
        )
        _priority(
            cycle=riverside_2026,
            team=None,
            competency=second,
            user=lars,
            target_level=3,
            rationale=(
                "The new library system arrives in spring; everyone should be confident with "
                "it before the summer reading campaign."
            ),
            budget_unit=BudgetUnit.PERCENT_OF_TIME,
            budget_value=Decimal("1.5"),
        )
        _priority(
            cycle=riverside_2027,
            team=children,
            competency=first,
            user=lars,
            target_level=4,
            rationale="Next year we lead the regional multilingual reading week.",
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(20),
        )
    if association_competencies:
        _priority(
            cycle=association_cycle,
            team=None,
            competency=association_competencies[0],
            user=organiser,
            target_level=3,
            rationale=(
                "Our volunteers coach colleagues across time zones; the section wants each of "
                "them to have practised at least one coaching round."
            ),
            budget_unit=BudgetUnit.HOURS_PER_PERSON,
            budget_value=Decimal(12),
        )

    plan, created = Plan.objects.get_or_create(
        member=amina,
        team=children,
        cycle=riverside_2026,
        defaults={
            "summary": (
                "This year I want to grow the Arabic and Swedish story hours into a real "
                "programme, and stop being afraid of the new library system."
            ),
            "status": PlanStatus.APPROVED,
        },
    )
    _goal(
        plan,
        title="Run a monthly bilingual story hour with a partner school",
        position=1,
        competencies=riverside_competencies[:1],
        description="Plan four sessions with the school's mother-tongue teacher, then evaluate.",
        planned_activities=(
            "The regional course on reading promotion for multilingual children; "
            "two visits to the central library's language café."
        ),
        target_hours=Decimal(14),
    )
    _goal(
        plan,
        title="Become the team's go-to person for the new loans module",
        position=2,
        competencies=riverside_competencies[1:2],
        planned_activities="The vendor's webinars, then a lunch session for the team.",
        target_hours=Decimal(6),
    )
    if created:
        for actor, kind, comment in [
            (amina, PlanEventKind.SUBMITTED, "Here is my plan for the year. Happy to talk."),
            (
                lars,
                PlanEventKind.CHANGES_REQUESTED,
                "Lovely ideas. Could you add how many hours the story hours will take, so I "
                "can plan the desk rota?",
            ),
            (amina, PlanEventKind.SUBMITTED, "Added the hours: about fourteen in all."),
            (lars, PlanEventKind.APPROVED, "Approved. Let us check in after the summer."),
        ]:
            PlanEvent.objects.create(plan=plan, actor=actor, kind=kind, comment=comment)

    draft, _ = Plan.objects.get_or_create(
        member=amina,
        team=cpd_section,
        cycle=association_cycle,
        defaults={"summary": "Volunteering ideas for the association, still a draft."},
    )
    _goal(
        draft,
        title="Coach two colleagues in the next coaching round",
        position=1,
        competencies=association_competencies[:1],
        planned_activities="The coach preparation session, then two online meetings.",
        target_hours=Decimal(8),
    )
