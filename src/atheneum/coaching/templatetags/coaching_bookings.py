"""Template tags for coaching bookings: the viewer's bookings, and times in a given zone."""

from django import template

from ..booking_selectors import bookings_for_user, coach_rounds_for_user, time_html
from ..slots import zone_for

register = template.Library()


@register.inclusion_tag("coaching/booking_my_list.html", takes_context=True)
def my_bookings(context):
    """The signed-in viewer's live bookings, as coachee and as coach, and the rounds where they
    can offer time (two queries whatever the number of bookings)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    as_coachee, as_coach = bookings_for_user(user=user)
    return {
        "as_coachee": as_coachee,
        "as_coach": as_coach,
        "coach_rounds": coach_rounds_for_user(user=user),
        "request": request,
        "timezone_name": context.get("timezone_name", "UTC"),
    }


@register.simple_tag
def in_zone(value, zone_name, fmt="DATETIME_FORMAT"):
    """A moment on the wall clock of `zone_name`, with the zone named, in a <time>."""
    if value is None:
        return ""
    return time_html(value, zone_for(zone_name), zone_name, fmt)
