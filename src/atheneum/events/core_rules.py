"""Who may see and run conferences, sessions and recordings.

Objects: an Event for the `*_event` rules, an Organisation for `events.add_event`, a Session
for the session and recording rules, and a Speaker, Track, EventPartner or FaqEntry for
`events.change_item`.
"""

import rules

from atheneum.organisations.rules import is_org_organiser, is_site_admin

from .enums import EventStatus, RecordingVisibility


@rules.predicate
def is_event_organiser(user, event) -> bool:
    return event is not None and is_org_organiser.test(user, event.organisation)


@rules.predicate
def is_event_public(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


@rules.predicate
def is_session_organiser(user, session) -> bool:
    return session is not None and is_event_organiser.test(user, session.event)


@rules.predicate
def is_session_public(user, session) -> bool:
    return (
        session is not None and session.is_published and is_event_public.test(user, session.event)
    )


@rules.predicate
def is_item_organiser(user, item) -> bool:
    """Tracks, partners, FAQ entries and speaker profiles belong to their event's organisers."""
    event = getattr(item, "event", None)
    return event is not None and is_event_organiser.test(user, event)


@rules.predicate
def may_watch_recording(user, session) -> bool:
    """The event's recording visibility, checked on the server."""
    from .selectors import has_confirmed_registration

    if session is None:
        return False
    visibility = session.event.recordings_visibility
    if visibility == RecordingVisibility.PUBLIC:
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    if visibility == RecordingVisibility.MEMBERS:
        return True
    return has_confirmed_registration(user=user, event=session.event)


may_organise_event = is_event_organiser | is_site_admin

rules.add_perm("events.view_event", is_event_public | may_organise_event)
rules.add_perm("events.change_event", may_organise_event)
rules.add_perm("events.add_event", is_org_organiser | is_site_admin)
rules.add_perm("events.view_session", is_session_public | is_session_organiser | is_site_admin)
rules.add_perm("events.change_session", is_session_organiser | is_site_admin)
rules.add_perm(
    "events.watch_recording",
    (is_session_public & may_watch_recording) | is_session_organiser | is_site_admin,
)
rules.add_perm("events.change_item", is_item_organiser | is_site_admin)
