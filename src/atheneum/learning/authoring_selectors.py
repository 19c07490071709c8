"""Reads for authors: the modules a person may edit, and one module with all its content."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from atheneum.competencies.models import Competency
from atheneum.organisations.models import Organisation
from atheneum.organisations.rules import can
from atheneum.organisations.selectors import roles_for

from .models import Media, Module, Question, Resource, Topic


def modules_for_editing(*, user) -> QuerySet[Module]:
    """Modules `user` may change: those they author, their organisations' (as organiser), or
    every module for the site admin. Mirrors `learning.change_module`."""
    if not (user and user.is_authenticated):
        return Module.objects.none()
    modules = Module.objects.select_related("organisation").annotate(
        topic_count=Count("topics", distinct=True)
    )
    if not user.is_superuser:
        roles = roles_for(user)
        organised = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
        modules = modules.filter(Q(authors=user) | Q(organisation_id__in=organised)).distinct()
    return modules.order_by("organisation__name", "title")


def organisations_for_module_authoring(*, user) -> QuerySet[Organisation]:
    """Organisations where `user` may add modules (`learning.add_module`)."""
    if not (user and user.is_authenticated):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    roles = roles_for(user)
    organised = [org_id for org_id in roles.org_roles if roles.is_organiser(org_id)]
    return Organisation.objects.filter(pk__in=organised).order_by("name")


def module_get_for_editing(*, user, slug: str) -> Module:
    """The module, if `user` may change it; 404 for modules they can't even see, so drafts
    don't reveal that they exist, and PermissionDenied-by-404 for everything else too."""
    module = get_object_or_404(
        Module.objects.select_related("organisation").prefetch_related("authors"), slug=slug
    )
    module._author_ids = {author.pk for author in module.authors.all()}
    if not can(user, "learning.change_module", module):
        raise Http404
    return module


def module_content(*, module: Module) -> dict:
    """Topics (with their activities, media and resources) and questions (with choices)."""
    topics = list(
        module.topics.annotate(
            exercise_count=Count("exercises", distinct=True),
        ).prefetch_related(
            Prefetch("media", queryset=Media.objects.order_by("position", "pk")),
            Prefetch("resources", queryset=Resource.objects.order_by("position", "pk")),
        )
    )
    questions = list(module.questions.prefetch_related("choices"))
    return {"topics": topics, "questions": questions}


def module_competencies(*, module: Module) -> list[Competency]:
    return list(
        module.competencies.select_related("framework")
        .prefetch_related("texts")
        .order_by("framework__title", "position", "pk")
    )


def topic_get_for_editing(*, module: Module, pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.prefetch_related("exercises", "media", "resources"), module=module, pk=pk
    )


def question_get_for_editing(*, module: Module, pk: int) -> Question:
    return get_object_or_404(Question.objects.prefetch_related("choices"), module=module, pk=pk)


def competency_choices() -> QuerySet[Competency]:
    """Competencies of published frameworks, for a module's "competencies developed"."""
    return (
        Competency.objects.filter(framework__is_published=True)
        .select_related("framework")
        .prefetch_related("texts")
        .order_by("framework__title", "framework_id", "position", "pk")
    )
