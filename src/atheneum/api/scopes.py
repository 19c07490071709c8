"""What a personal access token may touch: one read and one write scope per area.

A token names its scopes (`portfolio:read`, `portfolio:write`…); `write` implies `read`. Signing
in on the site's own pages (session) grants every scope: the permission rules still decide.
"""

from django.utils.translation import gettext_lazy as _

AREAS = {
    "profile": _("Profile"),
    "portfolio": _("Portfolio activities and reflections"),
    "competencies": _("Competency frameworks and self-assessments"),
    "events": _("Events, sessions, registrations and agenda"),
    "learning": _("Modules and progress"),
    "coaching": _("Coaching slots and bookings"),
    "translations": _("Translation campaigns and coverage"),
}
READ = "read"
WRITE = "write"
ALL_SCOPES = tuple(f"{area}:{level}" for area in AREAS for level in (READ, WRITE))


def grants(scopes, area: str, *, write: bool = False) -> bool:
    """Whether a token's scope list allows reading (or writing) the area."""
    if f"{area}:{WRITE}" in scopes:
        return True
    return not write and f"{area}:{READ}" in scopes


def scope_choices():
    """(value, label) pairs for the token form, in area order."""
    choices = []
    for area, label in AREAS.items():
        choices.append((f"{area}:{READ}", _("%(area)s: read") % {"area": label}))
        choices.append((f"{area}:{WRITE}", _("%(area)s: read and write") % {"area": label}))
    return choices
