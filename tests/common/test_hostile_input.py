# ruff: noqa: F811 - the fixtures are imported by name from the apps' support modules
"""Hostile values in forms and filters: huge strings, control characters and NUL, invalid
UTF-8, SQL and <script> fragments, impossible dates, unknown time zones and languages. A
page answers 200, 302 or 400 with a message; never a server error, never the script back
unescaped."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atheneum.accounts.models import User
from atheneum.learning.models import Attempt, Enrolment
from atheneum.translations.enums import LanguageState
from tests.coaching.factories import BookingFactory
from tests.coaching.test_booking_support import (  # noqa: F401 (fixtures)
    coach,
    coach_user,
    programme,
    round_,
    slot,
)
from tests.events.test_registration_support import event, form_en  # noqa: F401 (fixtures)
from tests.factories import PASSWORD, UserFactory
from tests.learning.factories import make_course
from tests.portfolio.factories import ActivityFactory, ReflectionFactory
from tests.translations.test_work_support import claimed_target

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE_VALUES = [
    SCRIPT,
    f'"><{SCRIPT[1:]}',
    "'; DROP TABLE portfolio_activity; --",
    "1' OR '1'='1",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m\x7f",
    "\u202eevil\u202c",
    "A" * 100_000,
    "9999-12-31T23:59",
    "9999-12-31",
    "-0001-01-01T00:00",
    "0000-00-00",
    "2026-02-30T25:61",
    "1900-01-01",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "Mars/Olympus_Mons",
    "Etc/GMT+99",
    "../../etc/passwd",
    "xx-INVALID-tag-that-is-long",
    "zz",
    "",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
HYPOTHESIS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
DRAWS = 12
MESSAGE_MARKERS = ("errorlist", 'role="alert"', 'class="messages"', 'role="status"')
IGNORED_NAMES = {"csrfmiddlewaretoken", "next"}
_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
_ACTION = re.compile(r'<form\b[^>]*\baction="([^"]*)"')


def _field_names(html: str) -> list[str]:
    return sorted(set(_NAME.findall(html)) - IGNORED_NAMES)


def _assert_safe(client, response, markers=()) -> None:
    """A handled answer, with a message when refused, and no script echoed unescaped."""
    assert response.status_code in {200, 302, 400, 409}, response.status_code
    if response.status_code == 302:
        response = client.get(response["Location"])
        assert response.status_code in {200, 302, 404}
    content = response.content.decode("utf-8", "replace")
    assert SCRIPT not in content
    if response.status_code in {400, 409}:
        assert any(marker in content for marker in (*MESSAGE_MARKERS, *markers)), content


def _values(names: list[str], data) -> dict[str, str]:
    """A drawn value for each name. Always the same number of draws, as the fields on a page
    may change once an example has been saved (Hypothesis wants each run to draw alike)."""
    drawn = data.draw(st.lists(VALUES, min_size=DRAWS, max_size=DRAWS))
    return {name: drawn[index % DRAWS] for index, name in enumerate(names)}


def _post_hostile(client, page_url: str, post_url: str, data, markers=()) -> None:
    names = _field_names(client.get(page_url).content.decode())
    assert names, "the page shows no form"
    _assert_safe(client, client.post(post_url, _values(names, data)), markers)


def _get_hostile(client, url: str, data) -> None:
    names = _field_names(client.get(url).content.decode()) + ["page", "q", "sort"]
    values = {name: value[:2000] for name, value in _values(names, data).items()}
    _assert_safe(client, client.get(url, values))


# --- Forms ----------------------------------------------------------------------------------


@HYPOTHESIS
@given(data=st.data())
def test_activity_form_survives_hostile_values(client, member, data):
    client.force_login(member)
    url = reverse("portfolio:activity_create")
    _post_hostile(client, url, url, data)


@HYPOTHESIS
@given(data=st.data())
def test_reflection_form_survives_hostile_values(client, member, data):
    client.force_login(member)
    activity = ActivityFactory(owner=member)
    url = reverse("portfolio:reflection_create", args=[activity.pk])
    _post_hostile(client, url, url, data)


@HYPOTHESIS
@given(data=st.data())
def test_event_registration_survives_hostile_values(client, member, event, form_en, data):
    client.force_login(member)
    url = reverse("events:register", args=[event.slug])
    _post_hostile(client, url, url, data)


@HYPOTHESIS
@given(data=st.data())
def test_coaching_booking_survives_hostile_values(client, member, slot, data):
    client.force_login(member)
    url = reverse("coaching:booking_create", args=["career-coaching", slot.round.pk, slot.pk])
    # Once an example has booked the slot, the page says so instead of showing the form.
    _post_hostile(client, url, url, data, markers=["That time was just taken."])


@HYPOTHESIS
@given(data=st.data())
def test_assessment_survives_hostile_values(client, member, course, data):
    client.force_login(member)
    url = reverse("learning:assessment", args=[course.slug])
    _post_hostile(client, url, url, data)


@pytest.fixture
def course(organisation):
    return make_course(organisation, slug="hostile-course", title="Hostile course")


@pytest.fixture
def translation_target(organisation, member):
    target, _segments = claimed_target(organisation, member, state=LanguageState.IN_TRANSLATION)
    return target


@HYPOTHESIS
@given(data=st.data())
def test_segment_save_survives_hostile_values(client, member, translation_target, data):
    client.force_login(member)
    target = translation_target
    args = [target.campaign.slug, target.language]
    segment = target.campaign.segments.order_by("position").first()
    page = reverse("translations:translate", args=args)
    post = reverse("translations:segment_save", args=[*args, segment.pk])
    _post_hostile(client, page, post, data)


# --- Filters --------------------------------------------------------------------------------


@HYPOTHESIS
@given(data=st.data())
def test_catalogue_filters_survive_hostile_values(client, member, course, data):
    client.force_login(member)
    _get_hostile(client, reverse("learning:catalogue"), data)


@HYPOTHESIS
@given(data=st.data())
def test_event_schedule_survives_hostile_values(client, event, data):
    _get_hostile(client, reverse("events:schedule", args=[event.slug]), data)


@HYPOTHESIS
@given(data=st.data())
def test_coaching_slots_survive_hostile_values(client, member, slot, data):
    client.force_login(member)
    _get_hostile(
        client,
        reverse("coaching:round_slots", args=[slot.round.programme.slug, slot.round.pk]),
        data,
    )


@HYPOTHESIS
@given(data=st.data())
def test_translations_board_survives_hostile_values(client, translation_target, data):
    _get_hostile(
        client, reverse("translations:campaign", args=[translation_target.campaign.slug]), data
    )


# --- Bytes that are not UTF-8 ---------------------------------------------------------------

RAW_QUERIES = [
    "q=%FF%FE%FD",
    "q=%ED%A0%80",  # a lone surrogate, encoded as UTF-8 would if it could
    "q=%C0%AF&page=%00",
    "region=%E0%80&state=%F8%88%80%80%80&sort=%5C%00",
    "q=" + quote(SCRIPT) + "&page=-1",
]


@pytest.fixture
def filter_urls(event, slot, translation_target):
    return [
        reverse("learning:catalogue"),
        reverse("portfolio:activity_list"),
        reverse("events:schedule", args=[event.slug]),
        reverse("coaching:round_slots", args=[slot.round.programme.slug, slot.round.pk]),
        reverse("translations:campaign", args=[translation_target.campaign.slug]),
    ]


@pytest.mark.parametrize("query", RAW_QUERIES)
def test_filter_pages_survive_invalid_utf8(client, member, filter_urls, query):
    client.force_login(member)
    for url in filter_urls:
        response = client.get(
            f"{url}?{query}", headers={"accept-language": "zz-ZZ, <script>;q=0.9, \x7f"}
        )
        _assert_safe(client, response)


@pytest.mark.parametrize("body", ["title=%FF%FE&hours=%ED%A0%80", "title=a%00b&start=%C0"])
def test_activity_form_survives_invalid_utf8_body(client, member, body):
    client.force_login(member)
    response = client.post(
        reverse("portfolio:activity_create"),
        body,
        content_type="application/x-www-form-urlencoded",
    )
    _assert_safe(client, response)


# --- Accounts: reset tokens, enumeration, other members' things --------------------------
# (Sign-in lockout is tested in tests/accounts/test_auth_flows.py.)


def _reset_link(client, email: str) -> str:
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": email})
    return re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)


def _set_password(client, link: str, password: str):
    response = client.get(link, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else link
    return client.post(form_path, {"password1": password, "password2": password})


def test_password_reset_link_works_only_once(client):
    user = UserFactory(email="forgot@example.org")
    link = _reset_link(client, "forgot@example.org")
    _set_password(client, link, "brand new passphrase 7")

    response = _set_password(client, link, "attacker passphrase 8")

    assert b"Bad Token" in response.content
    user.refresh_from_db()
    assert user.check_password("brand new passphrase 7")


def test_password_reset_link_expires(client, monkeypatch, settings):
    user = UserFactory(email="forgot@example.org")
    link = _reset_link(client, "forgot@example.org")
    later = datetime.datetime.now() + datetime.timedelta(  # noqa: DTZ005 (as Django's)
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = _set_password(client, link, "attacker passphrase 8")

    assert b"Bad Token" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _page_without_echo(response, email: str) -> str:
    content = response.content.decode()
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
    return content.replace(email, "EMAIL")


def test_sign_in_does_not_tell_known_from_unknown_addresses(client):
    UserFactory(email="known@example.org")
    known = client.post("/accounts/login/", {"login": "known@example.org", "password": "guess"})
    unknown = client.post("/accounts/login/", {"login": "unknown@example.org", "password": "guess"})
    assert known.status_code == unknown.status_code == 200
    assert _page_without_echo(known, "known@example.org") == _page_without_echo(
        unknown, "unknown@example.org"
    )


def test_sign_up_does_not_tell_known_from_unknown_addresses(client):
    UserFactory(email="known@example.org")
    answers = []
    for email in ("known@example.org", "new@example.org"):
        client.cookies.clear()
        data = {
            "email": email,
            "password1": "a long passphrase 3",
            "password2": "a long passphrase 3",
        }
        answers.append(client.post("/accounts/signup/", data, follow=True))
    known, new = answers
    assert [r[1] for r in known.redirect_chain] == [r[1] for r in new.redirect_chain]
    assert known.redirect_chain[-1][0] == new.redirect_chain[-1][0]
    assert _page_without_echo(known, "known@example.org") == _page_without_echo(
        new, "new@example.org"
    )
    assert User.objects.filter(email="known@example.org").count() == 1


def test_password_reset_does_not_tell_known_from_unknown_addresses(client):
    UserFactory(email="known@example.org")
    known = client.post("/accounts/password/reset/", {"email": "known@example.org"}, follow=True)
    unknown = client.post(
        "/accounts/password/reset/", {"email": "unknown@example.org"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert _page_without_echo(known, "known@example.org") == _page_without_echo(
        unknown, "unknown@example.org"
    )


@pytest.fixture
def members_things(member, organisation, slot, translation_target):
    activity = ActivityFactory(owner=member)
    reflection = ReflectionFactory(activity=activity)
    course = make_course(organisation, slug="private-course", title="Private course")
    enrolment = Enrolment.objects.create(module=course, user=member)
    attempt = Attempt.objects.create(enrolment=enrolment, score=40, passed=False)
    booking = BookingFactory(slot=slot, coachee=member)
    target = translation_target
    return {
        "portfolio activity": reverse("portfolio:activity_detail", args=[activity.pk]),
        "reflection": reverse("portfolio:reflection_edit", args=[reflection.pk]),
        "learning attempt": reverse("learning:attempt", args=[course.slug, attempt.pk]),
        "coaching booking": reverse("coaching:booking", args=[booking.uid]),
        "translation draft": reverse(
            "translations:translate", args=[target.campaign.slug, target.language]
        ),
    }


def _statuses(client, urls: dict) -> dict:
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_other_members_things_answer_404_not_403(client, member, other_member, members_things):
    client.force_login(member)
    assert _statuses(client, members_things) == dict.fromkeys(members_things, 200)
    client.force_login(other_member)
    assert _statuses(client, members_things) == dict.fromkeys(members_things, 404)
