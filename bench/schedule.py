# ruff: noqa: E501 - the data builder is code kept in a string
"""Schedule benchmark: an event of 300 sessions, 400 speakers and 5,000 registrations, served by
gunicorn (2 sync workers) on 127.0.0.1. Prints requests per second for the schedule page and every
export, and each as a ratio to a constant 20 KB Django page served the same way.

Uses DATABASE_URL if set, else an SQLite file under var/. Bounded: a few seconds per URL.
Run: .venv/bin/python bench/schedule.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import bench_env, prepare, report, serve_and_hammer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8766"))
SLUG = "bench-conference"
PAGES = [
    "/bench/reference/",
    f"/events/{SLUG}/schedule/",
    f"/events/{SLUG}/schedule.xml",
    f"/events/{SLUG}/schedule.json",
    f"/events/{SLUG}/sessions.json",
    f"/events/{SLUG}/calendar.ics",
]

BUILD = f"""
import datetime as dt
from django.db import transaction
from django.utils import timezone
from atheneum.accounts.models import User
from atheneum.organisations.models import Organisation
from atheneum.events.models import (Event, EventText, Registration, RegistrationForm, Session,
    SessionText, Speaker, Track)

if not Event.objects.filter(slug="{SLUG}").exists():
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(slug="bench-org", defaults={{"name": "Bench"}})
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
        event = Event.objects.create(organisation=org, slug="{SLUG}", languages=["en", "es"],
            time_zone="America/Los_Angeles", start=start, end=start + dt.timedelta(days=3),
            status="registration", capacity=6000)
        EventText.objects.create(event=event, language="en", title="Bench conference")
        tracks = [Track.objects.create(event=event, name=f"Track {{i}}", position=i) for i in range(6)]
        sessions = Session.objects.bulk_create([
            Session(event=event, kind="talk", track=tracks[i % 6], languages=["en"] if i % 2 else ["es"],
                interpreted_into=["es"] if i % 2 else ["en"],
                start=start + dt.timedelta(minutes=60 * (i // 6) % (72 * 60)),
                end=start + dt.timedelta(minutes=60 * (i // 6) + 45), is_published=True,
                meeting_url=f"https://meet.example.org/{{i}}")
            for i in range(300)])
        SessionText.objects.bulk_create(
            [SessionText(session=s, language=lang, title=f"Session {{s.pk}} ({{lang}})",
                abstract="An abstract of a few words. " * 10)
             for s in sessions for lang in ("en", "es")])
        speakers = Speaker.objects.bulk_create(
            [Speaker(event=event, name=f"Speaker {{i}}", bio="Bio. " * 20) for i in range(400)])
        through = Session.speakers.through
        links = []
        for i, s in enumerate(sessions):
            links.append(through(session_id=s.pk, speaker_id=speakers[i].pk))
            if i < 100:
                links.append(through(session_id=s.pk, speaker_id=speakers[300 + i].pk))
        through.objects.bulk_create(links)
        form = RegistrationForm.objects.create(event=event, language="en")
        users = User.objects.bulk_create(
            [User(email=f"bench{{i}}@example.org", display_name=f"Bench {{i}}") for i in range(5000)])
        Registration.objects.bulk_create(
            [Registration(event=event, user=u, form=form, follow_language="en", status="confirmed")
             for u in users])
print(Session.objects.filter(event__slug="{SLUG}").count(), "sessions")
"""


def main() -> int:
    env = bench_env(f"sqlite:///{ROOT / 'var' / 'bench-schedule.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    prepare(env, ["shell", "-c", BUILD])
    results = serve_and_hammer(env, PAGES, port=PORT, warm=4)  # renders and caches per worker
    return report(env, results, title="event: 300 sessions, 400 speakers, 5,000 registrations")


if __name__ == "__main__":
    sys.exit(main())
