"""Schedule exports: Frab-format XML and JSON (the c3voc schedule schema that Giggity, ConfClerk
and EventFahrplan read), Atheneum's own JSON, and schema.org JSON-LD.

Each body is rendered once per change of the event (`selectors.schedule_version`) and kept in the
cache, so serving one costs the same few queries at 10 or 300 sessions.
"""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - we only build XML, never parse it
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from . import selectors
from .enums import AttendanceMode, EventStatus
from .models import Event

GENERATOR = {"name": "Atheneum", "version": "1"}
TIME_ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _zone(event: Event) -> ZoneInfo:
    try:
        return ZoneInfo(event.time_zone or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def acronym_for(event: Event) -> str:
    """The event's slug as a Frab acronym: lower case, underscores, at least four characters."""
    acronym = re.sub(r"[^a-z0-9_]", "_", event.slug.lower())
    return acronym.ljust(4, "_")


def _duration(start: dt.datetime, end: dt.datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(event: Event, rows: list[dict]) -> list[tuple[int, dt.date, list[dict]]]:
    """The event's days in its own zone, each with its sessions; every day of the event."""
    zone = _zone(event)
    by_date: dict[dt.date, list[dict]] = defaultdict(list)
    for row in rows:
        by_date[row["start"].astimezone(zone).date()].append(row)
    first = event.start.astimezone(zone).date()
    last = max([event.end.astimezone(zone).date(), *by_date.keys()])
    first = min([first, *by_date.keys()])
    days = []
    day = first
    index = 1
    while day <= last:
        days.append((index, day, by_date.get(day, [])))
        day += dt.timedelta(days=1)
        index += 1
    return days


def _room(row: dict) -> str:
    return row["room"] or row["track"] or "Online"


def _slug(event: Event, row: dict) -> str:
    return f"{acronym_for(event)}-{row['id']}"


def _language(event: Event, row: dict) -> str:
    return (row["languages"] or [event.default_language])[0]


def _event_title(event: Event, language: str) -> str:
    return selectors.event_title(event, language)


def frab_json(event: Event, *, language: str) -> str:
    data = selectors.schedule_data(event=event, language=language)
    zone = _zone(event)
    rows = data["sessions"]
    days = []
    for index, day, day_rows in _days(event, rows):
        rooms: dict[str, list] = defaultdict(list)
        for row in day_rows:
            start = row["start"].astimezone(zone)
            rooms[_room(row)].append(
                {
                    "id": row["id"],
                    "guid": row["uid"],
                    "date": start.isoformat(),
                    "start": start.strftime("%H:%M"),
                    "duration": _duration(row["start"], row["end"]),
                    "room": _room(row),
                    "slug": _slug(event, row),
                    "url": _absolute(row["url"]),
                    "title": row["title"],
                    "subtitle": "",
                    "track": row["track"] or None,
                    "type": row["kind"],
                    "language": _language(event, row),
                    "abstract": row["abstract"],
                    "description": "",
                    "persons": [
                        {"name": person["name"], "guid": person["uid"]}
                        for person in row["speakers"]
                    ],
                    "links": [],
                }
            )
        start_of_day = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start_of_day.isoformat(),
                "day_end": (start_of_day + dt.timedelta(days=1, seconds=-1)).isoformat(),
                "rooms": dict(rooms),
            }
        )
    room_names = sorted({_room(row) for row in rows})
    conference = {
        "acronym": acronym_for(event),
        "title": _event_title(event, language),
        "start": event.start.astimezone(zone).date().isoformat(),
        "end": event.end.astimezone(zone).date().isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "url": _absolute(reverse("events:schedule", args=[event.slug])),
        "tracks": [{"name": name} for _pk, name in data["tracks"]],
        "rooms": [{"name": name, "guid": str(_room_guid(event, name))} for name in room_names],
        "days": days,
    }
    if TIME_ZONE_PATTERN.match(event.time_zone or ""):
        conference["time_zone_name"] = event.time_zone
    body = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": GENERATOR,
        "schedule": {
            "version": data["version"],
            "base_url": _absolute("/"),
            "conference": conference,
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def _room_guid(event: Event, name: str):
    import uuid

    return uuid.uuid5(event.uid, f"room:{name}")


def frab_xml(event: Event, *, language: str) -> str:
    data = selectors.schedule_data(event=event, language=language)
    zone = _zone(event)
    rows = data["sessions"]
    root = ET.Element("schedule")
    ET.SubElement(root, "version").text = data["version"]
    conference = ET.SubElement(root, "conference")
    ET.SubElement(conference, "title").text = _event_title(event, language)
    ET.SubElement(conference, "acronym").text = acronym_for(event)
    ET.SubElement(conference, "start").text = event.start.astimezone(zone).date().isoformat()
    ET.SubElement(conference, "end").text = event.end.astimezone(zone).date().isoformat()
    days = _days(event, rows)
    ET.SubElement(conference, "days").text = str(len(days))
    ET.SubElement(conference, "timeslot_duration").text = "00:05"
    for index, day, day_rows in days:
        start_of_day = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
        day_element = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day.isoformat(),
            start=start_of_day.isoformat(),
            end=(start_of_day + dt.timedelta(days=1, seconds=-1)).isoformat(),
        )
        rooms: dict[str, list] = defaultdict(list)
        for row in day_rows:
            rooms[_room(row)].append(row)
        for room_name, room_rows in rooms.items():
            room = ET.SubElement(day_element, "room", name=room_name)
            for row in room_rows:
                start = row["start"].astimezone(zone)
                item = ET.SubElement(room, "event", id=str(row["id"]), guid=row["uid"])
                ET.SubElement(item, "date").text = start.isoformat()
                ET.SubElement(item, "start").text = start.strftime("%H:%M")
                ET.SubElement(item, "duration").text = _duration(row["start"], row["end"])
                ET.SubElement(item, "room").text = room_name
                ET.SubElement(item, "slug").text = _slug(event, row)
                ET.SubElement(item, "title").text = row["title"]
                ET.SubElement(item, "subtitle").text = ""
                ET.SubElement(item, "track").text = row["track"]
                ET.SubElement(item, "type").text = row["kind"]
                ET.SubElement(item, "language").text = _language(event, row)
                ET.SubElement(item, "abstract").text = row["abstract"]
                ET.SubElement(item, "description").text = ""
                persons = ET.SubElement(item, "persons")
                for person in row["speakers"]:
                    ET.SubElement(persons, "person", id=str(person["id"])).text = person["name"]
                links = ET.SubElement(item, "links")
                ET.SubElement(links, "link", href=_absolute(row["url"])).text = row["title"]
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def sessions_json(event: Event, *, language: str) -> str:
    """Atheneum's own JSON: every published session with UTC times, languages and speakers."""
    data = selectors.schedule_data(event=event, language=language)
    body = {
        "event": {
            "slug": event.slug,
            "uid": str(event.uid),
            "title": _event_title(event, language),
            "organisation": event.organisation.name,
            "time_zone": event.time_zone,
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
            "mode": event.mode,
            "languages": event.languages,
            "status": event.status,
            "url": _absolute(reverse("events:event_detail", args=[event.slug])),
        },
        "language": language,
        "sessions": [
            {
                "id": row["id"],
                "uid": row["uid"],
                "title": row["title"],
                "title_language": row["title_language"],
                "abstract": row["abstract"],
                "kind": row["kind"],
                "start": row["start"].isoformat(),
                "end": row["end"].isoformat(),
                "track": row["track"] or None,
                "room": row["room"] or None,
                "given_in": row["languages"],
                "interpreted_into": row["interpreted_into"],
                "speakers": [{"name": s["name"], "uid": s["uid"]} for s in row["speakers"]],
                "competencies": row["competencies"],
                "has_recording": row["has_recording"],
                "url": _absolute(row["url"]),
            }
            for row in data["sessions"]
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


ATTENDANCE_MODES = {
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_jsonld(event: Event, *, language: str) -> dict:
    """schema.org Event data (uses the event's prefetched `texts`)."""
    chosen = selectors.event_texts_for(event=event, language=language)
    url = _absolute(reverse("events:event_detail", args=[event.slug]))
    locations = []
    if event.mode in {AttendanceMode.ONLINE, AttendanceMode.HYBRID}:
        locations.append({"@type": "VirtualLocation", "url": url})
    if event.mode in {AttendanceMode.IN_PERSON, AttendanceMode.HYBRID}:
        locations.append({"@type": "Place", "name": event.venue or event.organisation.name})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "name": chosen.text.title if chosen else event.slug,
        "description": chosen.text.summary if chosen else "",
        "url": url,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[event.mode],
        "eventStatus": "https://schema.org/EventScheduled",
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": event.languages or [event.default_language],
        "organizer": {"@type": "Organization", "name": event.organisation.name},
        "isAccessibleForFree": True,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/InStock"
            if event.status == EventStatus.REGISTRATION
            else "https://schema.org/PreOrder",
        },
    }
    return data


def jsonld_script_body(data: dict) -> str:
    """JSON safe to put inside a <script> element: no way to close it or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


EXPORTS = {
    "frab_xml": (frab_xml, "application/xml; charset=utf-8"),
    "frab_json": (frab_json, "application/json; charset=utf-8"),
    "sessions_json": (sessions_json, "application/json; charset=utf-8"),
}


def export_body(event: Event, *, kind: str, language: str) -> tuple[bytes, str]:
    """The export's body and content type, rendered once per change of the event."""
    build, content_type = EXPORTS[kind]
    version = selectors.schedule_version(event)
    key = f"events:export:{kind}:{version}:{language}"
    body = cache.get(key)
    if body is None:
        body = build(event, language=language).encode()
        cache.set(key, body, selectors.CACHE_SECONDS)
    return body, content_type
