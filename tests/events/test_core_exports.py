"""Frab XML and JSON validate against the c3voc schedule schemas; JSON-LD is well formed."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from django.urls import reverse

import atheneum.events
from atheneum.events.models import SessionText

from . import core_factories
from .core_factories import SessionFactory, SpeakerFactory, TrackFactory

event = core_factories.event

SCHEMAS = Path(atheneum.events.__file__).parent / "schemas"


def _json_schema():
    text = (SCHEMAS / "schedule.schema.json").read_text()
    return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))


@pytest.fixture
def full_event(event):
    track = TrackFactory(event=event, name="Reference & research")
    speaker = SpeakerFactory(event=event, name="Ana <Ruiz>")
    for index in range(3):
        session = SessionFactory(event=event, track=track, title=f"Talk <{index}> & more")
        session.speakers.set([speaker])
    SessionText.objects.create(session=session, language="es", title="Charla en español")
    return event


def test_frab_xml_is_valid(client, full_event):
    response = client.get(reverse("events:schedule_xml", args=[full_event.slug]))
    schema = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))
    schema.validate(response.content.decode())
    assert "Talk &lt;0&gt; &amp; more" in response.content.decode()


def test_frab_json_is_valid(client, full_event):
    response = client.get(reverse("events:schedule_json", args=[full_event.slug]))
    data = json.loads(response.content)
    jsonschema.validate(data, _json_schema())
    day_rooms = [room for day in data["schedule"]["conference"]["days"] for room in day["rooms"]]
    assert day_rooms == ["Reference & research"]
    assert data["schedule"]["conference"]["time_zone_name"] == "America/Los_Angeles"


def test_frab_json_in_spanish(client, full_event):
    url = reverse("events:schedule_json", args=[full_event.slug]) + "?lang=es"
    body = client.get(url).content.decode()
    assert "Charla en español" in body
    jsonschema.validate(json.loads(body), _json_schema())


def test_sessions_json_lists_sessions(client, full_event):
    data = json.loads(client.get(reverse("events:sessions_json", args=[full_event.slug])).content)
    assert [s["title"] for s in data["sessions"]] == [
        "Talk <0> & more",
        "Talk <1> & more",
        "Talk <2> & more",
    ]
    assert data["sessions"][0]["speakers"][0]["name"] == "Ana <Ruiz>"


def test_jsonld_in_page_cannot_break_out(client, event):
    from atheneum.events.models import EventText

    EventText.objects.filter(event=event).update(title="</script><script>alert(1)</script>")
    body = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    start = body.index('<script type="application/ld+json"')
    block = body[body.index(">", start) + 1 : body.index("</script>", start)]
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["inLanguage"] == ["en", "es"]
    assert data["offers"]["price"] == "0"


def test_exports_rebuilt_after_change(client, full_event):
    url = reverse("events:sessions_json", args=[full_event.slug])
    assert "Renamed" not in client.get(url).content.decode()
    session = full_event.sessions.first()
    SessionText.objects.filter(session=session, language="en").update(title="Renamed")
    session.save()
    assert "Renamed" in client.get(url).content.decode()
