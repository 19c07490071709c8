import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from atheneum.badges.services import credential_issue_for_source
from atheneum.portfolio.enums import ActivityKind
from atheneum.portfolio.services import record_activity
from tests.learning.factories import ModuleFactory


@pytest.fixture
def module(organisation):
    return ModuleFactory(
        organisation=organisation,
        title="Reference interviews",
        summary="Finding out what a reader needs.",
    )


@pytest.fixture
def credential(member, module):
    return credential_issue_for_source(recipient=member, source_key=f"learning:module:{module.pk}")


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """Records a portfolio activity the way other apps do, running the after-commit signal."""

    def make(user, source_key: str):
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            activity, _created = record_activity(
                owner=user,
                source_key=source_key,
                title="Observed",
                kind=ActivityKind.COURSE,
                start=now - dt.timedelta(hours=1),
                end=now,
                hours=Decimal(1),
            )
        return activity

    return make
