"""One small run of `seed_scale`; the full-size run is a benchmark (bench/load.py), not a test."""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from atheneum.accounts.models import User
from atheneum.coaching.models import Booking, Slot
from atheneum.competencies.models import Rating
from atheneum.events.models import Event, Registration
from atheneum.learning.models import Enrolment, Module
from atheneum.news.models import Post
from atheneum.organisations.models import Membership, Organisation, Team, TeamMembership
from atheneum.portfolio.models import Activity
from atheneum.translations.models import Campaign

pytestmark = pytest.mark.django_db

ARGS = ["--members", "40", "--organisations", "2", "--activities-per-member", "3"]


def _names():
    return (
        list(User.objects.filter(email__endswith="@scale.atheneum.test").values_list("email")),
        [
            sorted(model.objects.filter(slug__startswith="scale-").values_list("slug", flat=True))
            for model in (Organisation, Event, Post, Module, Campaign)
        ],
        sorted(Activity.objects.values_list("owner__email", "title", "kind")),
    )


def test_seed_scale_small_run_is_complete_deterministic_and_refuses_a_second_run():
    started = time.perf_counter()
    call_command("seed_scale", *ARGS, stdout=StringIO())
    first = _names()

    assert User.objects.filter(email__endswith="@scale.atheneum.test").count() == 40
    assert Organisation.objects.filter(slug__startswith="scale-").count() == 2
    assert Membership.objects.count() == 40
    assert Team.objects.count() == 2 * 5
    assert TeamMembership.objects.filter(role="manager").count() == 10
    assert Activity.objects.count() == 40 * 3
    assert Rating.objects.count() == 40 * 9
    assert Event.objects.count() == 2
    assert Registration.objects.count() == 40 * 2
    assert Post.objects.count() == 2 * 5
    assert Enrolment.objects.count() == 40 * 2
    assert Slot.objects.count() == 2 * 40
    assert Booking.objects.count() == 2 * 10
    assert Campaign.objects.count() == 2

    output = StringIO()
    call_command("seed_scale", *ARGS, "--flush-scale", stdout=output)

    assert _names() == first
    assert "portfolio activities" in output.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_scale", *ARGS, stdout=StringIO())
    assert _names() == first
    assert time.perf_counter() - started < 10
