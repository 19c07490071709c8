"""Time-zone names the site accepts: the IANA database as Python ships it."""

import zoneinfo
from functools import cache


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str | None) -> bool:
    return bool(name) and name in available_timezones()


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]
