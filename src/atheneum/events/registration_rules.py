"""Who may register, keep an agenda, check in, and who runs registration and attendance.

Loaded from rules.py. Organisers are those of the event's organisation; site administrators
are named where they may act, never through Django's superuser shortcut.
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin

from .enums import EventStatus, RegistrationStatus

REGISTRATION_STATUSES = {EventStatus.REGISTRATION, EventStatus.RUNNING}


@rules.predicate
def is_event_organiser(user, event) -> bool:
    return event is not None and is_org_organiser.test(user, event.organisation)


@rules.predicate
def is_event_public(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


@rules.predicate
def is_registration_open(user, event) -> bool:
    return event is not None and event.status in REGISTRATION_STATUSES


@rules.predicate
def is_registration_owner(user, registration) -> bool:
    return (
        registration is not None
        and bool(user and user.is_authenticated)
        and registration.user_id == user.pk
    )


@rules.predicate
def is_active_registration(user, registration) -> bool:
    return registration is not None and registration.status != RegistrationStatus.CANCELLED


may_run_event = is_event_organiser | is_site_admin

# Objects: an Event.
rules.add_perm("events.see_event_for_registration", is_event_public | may_run_event)
rules.add_perm("events.register", rules.is_authenticated & is_event_public & is_registration_open)
rules.add_perm("events.manage_registration", may_run_event)
rules.add_perm("events.mark_attendance", may_run_event)
rules.add_perm("events.view_registration_dashboard", may_run_event)
# Objects: a Registration.
rules.add_perm("events.cancel_registration", is_registration_owner & is_active_registration)
rules.add_perm("events.change_agenda", is_registration_owner & is_active_registration)
