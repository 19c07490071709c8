"""Demo badges for the demo member: the conference session they attended and a module."""

from django.db import transaction

from atheneum.learning.enums import ModuleStatus
from atheneum.learning.models import Enrolment, Module
from atheneum.portfolio.models import Activity

from .models import Credential
from .services import credential_issue_for_source


@transaction.atomic
def load(*, organisations: dict, users: dict) -> None:
    member = users["member"]
    if Credential.objects.filter(recipient=member).exists():
        return
    # Attendance recorded by the events demo: the same badge the signal would issue.
    attended = (
        Activity.objects.filter(owner=member, source_key__startswith="events:session:")
        .order_by("pk")
        .values_list("source_key", flat=True)
    )
    for source_key in attended:
        credential_issue_for_source(recipient=member, source_key=source_key)
    # A module of the association that the member is not still working through.
    in_progress = Enrolment.objects.filter(user=member, completed_at__isnull=True).values(
        "module_id"
    )
    module = (
        Module.objects.filter(
            organisation=organisations["association"], status=ModuleStatus.PUBLISHED
        )
        .exclude(pk__in=in_progress)
        .order_by("pk")
        .first()
    )
    if module is not None:
        credential_issue_for_source(recipient=member, source_key=f"learning:module:{module.pk}")
