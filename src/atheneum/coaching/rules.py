"""Who may do what in coaching programmes.

A booking is seen only by its coachee and its coach: organisers see totals and averages, never
what a coachee wants to work on, and a coach's notes are the coach's alone. Published
programmes and their coach profiles are public; unpublished ones exist only for the
organisation's organisers and the site admin. Ask with `atheneum.organisations.rules.can`.

Objects: a Programme for `*_programme` and the organiser rules, a Round for `book`, a Coach
for `change_coach`, a Booking for the booking rules.
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin

from .enums import CoachStatus


@rules.predicate
def is_programme_organiser(user, programme) -> bool:
    return programme is not None and is_org_organiser.test(user, programme.organisation)


@rules.predicate
def is_programme_published(user, programme) -> bool:
    return programme is not None and programme.is_published


@rules.predicate
def is_round_open_to_view(user, round_) -> bool:
    return (
        round_ is not None
        and round_.is_published
        and is_programme_published.test(user, round_.programme)
    )


@rules.predicate
def is_round_organiser(user, round_) -> bool:
    return round_ is not None and is_programme_organiser.test(user, round_.programme)


@rules.predicate
def is_coach_self(user, coach) -> bool:
    return coach is not None and bool(user and user.is_authenticated) and coach.user_id == user.pk


@rules.predicate
def is_coach_organiser(user, coach) -> bool:
    return coach is not None and is_programme_organiser.test(user, coach.programme)


@rules.predicate
def is_coach_listed(user, coach) -> bool:
    return (
        coach is not None
        and coach.status == CoachStatus.ACTIVE
        and is_programme_published.test(user, coach.programme)
    )


@rules.predicate
def is_booking_coachee(user, booking) -> bool:
    return (
        booking is not None
        and bool(user and user.is_authenticated)
        and booking.coachee_id == user.pk
    )


@rules.predicate
def is_booking_coach(user, booking) -> bool:
    return (
        booking is not None
        and bool(user and user.is_authenticated)
        and booking.coach.user_id == user.pk
    )


may_organise = is_programme_organiser | is_site_admin

# Objects: an Organisation.
rules.add_perm("coaching.add_programme", is_org_organiser | is_site_admin)
# Objects: a Programme.
rules.add_perm("coaching.view_programme", is_programme_published | may_organise)
rules.add_perm("coaching.apply_as_coach", rules.is_authenticated & is_programme_published)
rules.add_perm("coaching.change_programme", may_organise)
rules.add_perm("coaching.review_applications", may_organise)
rules.add_perm("coaching.view_dashboard", may_organise)
rules.add_perm("coaching.edit_guide", may_organise)
# Objects: a Round.
rules.add_perm("coaching.view_round", is_round_open_to_view | is_round_organiser | is_site_admin)
rules.add_perm("coaching.book", rules.is_authenticated & is_round_open_to_view)
rules.add_perm("coaching.ask_for_coach", rules.is_authenticated & is_round_open_to_view)
rules.add_perm("coaching.match_requests", is_round_organiser | is_site_admin)
# Objects: a Coach.
rules.add_perm(
    "coaching.view_coach", is_coach_listed | is_coach_self | is_coach_organiser | is_site_admin
)
rules.add_perm("coaching.change_coach", is_coach_self | is_coach_organiser | is_site_admin)
rules.add_perm("coaching.set_availability", is_coach_self | is_coach_organiser)
rules.add_perm("coaching.pause_coach", is_coach_self | is_coach_organiser | is_site_admin)
# Objects: a Booking.
rules.add_perm("coaching.view_booking", is_booking_coachee | is_booking_coach)
rules.add_perm("coaching.cancel_booking", is_booking_coachee | is_booking_coach)
rules.add_perm("coaching.coachee_feedback", is_booking_coachee)
rules.add_perm("coaching.coach_feedback", is_booking_coach)
