"""Who may do what with meetup series. Views, templates, selectors and services ask these.

An invitation-only series exists only for the people invited, the managers of the team that
runs it and the organisers of its organisation: everyone else gets a 404 and never sees it
listed. Ask with `atheneum.organisations.rules.can` (no superuser shortcut): the site
administrator is named where they may act.
"""

import rules

from atheneum.organisations.rules import is_org_member, is_org_organiser, is_site_admin
from atheneum.organisations.selectors import roles_for

from .enums import SeriesAccess


@rules.predicate
def is_series_organiser(user, series) -> bool:
    return series is not None and is_org_organiser.test(user, series.organisation)


@rules.predicate
def is_series_team_manager(user, series) -> bool:
    return (
        series is not None
        and series.team_id is not None
        and roles_for(user).manages_team(series.team_id)
    )


@rules.predicate
def is_invited(user, series) -> bool:
    if series is None or not user or not user.is_authenticated:
        return False
    return series.invitations.filter(user=user).exists()


@rules.predicate
def is_open_to_viewer(user, series) -> bool:
    """Open to every member of the organisation, and the viewer is one."""
    return (
        series is not None
        and series.access == SeriesAccess.MEMBERS
        and is_org_member.test(user, series.organisation)
    )


@rules.predicate
def is_occurrence_host(user, occurrence) -> bool:
    return (
        occurrence is not None
        and bool(user and user.is_authenticated)
        and occurrence.host_id == user.pk
    )


@rules.predicate
def is_occurrence_organiser(user, occurrence) -> bool:
    return occurrence is not None and is_series_organiser.test(user, occurrence.series)


may_see = (
    is_series_organiser | is_series_team_manager | is_open_to_viewer | is_invited | is_site_admin
)

# Objects: an Organisation.
rules.add_perm("meetups.add_series", is_org_organiser | is_site_admin)
# Objects: a MeetupSeries.
rules.add_perm("meetups.view_series", may_see)
rules.add_perm("meetups.rsvp", rules.is_authenticated & may_see)
rules.add_perm("meetups.change_series", is_series_organiser | is_site_admin)
# Objects: an Occurrence (with its series).
rules.add_perm("meetups.write_notes", is_occurrence_organiser | is_occurrence_host | is_site_admin)
