from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation, Team
from atheneum.portfolio.models import Activity

from .enums import BudgetUnit, PlanEventKind, PlanStatus


class Cycle(models.Model):
    """A planning period of an organisation (usually a year)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="planning_cycles"
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    working_hours_per_person = models.DecimalField(
        _("working hours per person"),
        max_digits=7,
        decimal_places=1,
        default=1600,
        help_text=_("Used to turn a share of working time into hours."),
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("planning cycle")
        verbose_name_plural = _("planning cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="cycle_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Priority(models.Model):
    """A competency a team (or the whole organisation) wants to grow this cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="priorities")
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="priorities",
        help_text=_("Empty for an organisation-wide priority."),
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="priorities")
    target_level = models.PositiveSmallIntegerField(_("target level"))
    rationale = models.TextField(_("why it matters"), max_length=4000, blank=True)
    budget_unit = models.CharField(
        _("time budget unit"),
        max_length=8,
        choices=BudgetUnit.choices,
        default=BudgetUnit.HOURS_PER_PERSON,
    )
    budget_value = models.DecimalField(_("time budget"), max_digits=7, decimal_places=2, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("development priority")
        verbose_name_plural = _("development priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "team", "competency"], name="one_priority_per_competency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency} → {self.target_level}"


class Plan(models.Model):
    """A member's learning plan for one cycle, reviewed by the manager of their team."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_plans"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="learning_plans")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "team", "cycle"], name="one_plan_per_member_team_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.cycle}"


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("how I will get there"), max_length=4000, blank=True)
    competencies = models.ManyToManyField(Competency, related_name="plan_goals", blank=True)
    priorities = models.ManyToManyField(Priority, related_name="goals", blank=True)
    planned_activities = models.TextField(_("planned activities"), max_length=4000, blank=True)
    activities = models.ManyToManyField(
        Activity, related_name="plan_goals", blank=True, verbose_name=_("recorded activities")
    )
    target_hours = models.DecimalField(
        _("hours planned"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class PlanEvent(models.Model):
    """The conversation about a plan: submissions, comments, approvals, in order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=PlanEventKind.choices)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")

    def __str__(self) -> str:
        return f"{self.plan}: {self.kind}"
