"""Demo modules: three published modules on disability and accessibility, imported from the
folders in `demo_modules/` with the same importer authors use, and the demo member part-way
through the first one (so "resume" shows).

Running `load` twice changes nothing: a module whose slug exists is left alone.
"""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from atheneum.common import fragments

from . import selectors
from .authoring_services import publish_problems
from .enums import ModuleStatus
from .models import Enrolment, Module, TopicProgress
from .porting import import_folder

FOLDERS = Path(__file__).resolve().parent / "demo_modules"
SLUGS = [
    "disability-awareness-library-staff",
    "accessible-library",
    "assistive-technology-library",
]


def _import(slug: str, *, organisation, author) -> Module:
    module = Module.objects.filter(slug=slug).first()
    if module is not None:
        return module
    module = import_folder(
        folder=FOLDERS / slug,
        organisation=organisation,
        acting_user=None,
        skip_unknown_competencies=True,
    )
    problems = publish_problems(module)
    if problems:  # the demo folders are ours: fail loudly rather than publish a broken module
        raise RuntimeError(f"Demo module {slug} can't be published: {problems}")
    module.authors.set([author])
    module.created_by = author
    module.status = ModuleStatus.PUBLISHED
    module.published_at = timezone.now()
    module.save(update_fields=["created_by", "status", "published_at", "updated_at"])
    return module


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    modules = [
        _import(slug, organisation=organisations["association"], author=users["organiser"])
        for slug in SLUGS
    ]
    first = modules[0]
    topic = first.topics.order_by("position", "pk").first()
    enrolment, _created = Enrolment.objects.get_or_create(
        module=first,
        user=users["member"],
        defaults={"last_topic": topic, "version_major_seen": first.version_major},
    )
    TopicProgress.objects.get_or_create(enrolment=enrolment, topic=topic)
    fragments.bump(selectors.learner_tag(enrolment.user_id))
