# ruff: noqa: E501 - the data builder is code kept in a string
"""Learning and coaching benchmark: a catalogue of 200 modules (8 topics and 7 questions each)
and a coaching round of 40 coaches with 60 slots each and 600 bookings, served by gunicorn
(2 sync workers) on 127.0.0.1. Prints requests per second for the catalogue, a module, a topic,
the programme page and the free-slots page, each as a ratio to a constant 20 KB Django page.

Uses DATABASE_URL if set, else an SQLite file under var/. Bounded: a few seconds per URL.
Run: .venv/bin/python bench/learning_coaching.py
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import bench_env, prepare, report, serve_and_hammer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8767"))

BUILD = """
import datetime as dt
from django.db import transaction
from django.utils import timezone
from atheneum.accounts.models import User
from atheneum.organisations.models import Organisation
from atheneum.learning.models import Choice, Module, Question, Topic
from atheneum.coaching.models import Booking, Coach, Programme, Round, Slot

if not Module.objects.filter(slug="bench-module-0").exists():
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(slug="bench-org", defaults={"name": "Bench"})
        modules = Module.objects.bulk_create([
            Module(organisation=org, slug=f"bench-module-{i}", title=f"Module {i}",
                summary="A summary of a few words. " * 4, introduction="Intro. " * 50,
                objectives="One\\nTwo\\nThree", estimated_minutes=30 + i % 90,
                language=("en", "fr", "es", "ar")[i % 4], status="published",
                published_at=timezone.now())
            for i in range(200)])
        Topic.objects.bulk_create([
            Topic(module=m, position=p, title=f"Topic {p}", body="Some **text**. " * 80,
                examples="- an example\\n- another")
            for m in modules for p in range(8)])
        questions = Question.objects.bulk_create([
            Question(module=m, position=p, kind="single", text=f"Question {p}?", feedback="Why.")
            for m in modules for p in range(7)])
        Choice.objects.bulk_create([
            Choice(question=q, position=c, text=f"Answer {c}", is_correct=c == 0, feedback="Because.")
            for q in questions for c in range(4)])

if not Programme.objects.filter(slug="bench-coaching").exists():
    with transaction.atomic():
        org = Organisation.objects.get(slug="bench-org")
        programme = Programme.objects.create(organisation=org, slug="bench-coaching",
            title="Bench coaching", is_published=True)
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        start = now + dt.timedelta(days=10)
        round_ = Round.objects.create(programme=programme, title="Bench round",
            booking_opens=now - dt.timedelta(days=1), booking_closes=start,
            coaching_starts=start, coaching_ends=start + dt.timedelta(days=5), is_published=True)
        zones = ["Europe/Stockholm", "America/Bogota", "Africa/Nairobi", "Asia/Singapore", "Pacific/Auckland"]
        coaches_users = User.objects.bulk_create(
            [User(email=f"bench-coach{i}@example.org", display_name=f"Coach {i}") for i in range(40)])
        coaches = Coach.objects.bulk_create([
            Coach(programme=programme, user=u, languages=[("en", "es", "fr", "ar")[i % 4], "en"],
                topics=["leadership", "cataloguing"][: 1 + i % 2], time_zone=zones[i % 5])
            for i, u in enumerate(coaches_users)])
        slots = Slot.objects.bulk_create([
            Slot(round=round_, coach=c, start=start + dt.timedelta(hours=s),
                end=start + dt.timedelta(hours=s, minutes=45))
            for c in coaches for s in range(60)])
        coachees = User.objects.bulk_create(
            [User(email=f"bench-coachee{i}@example.org", display_name=f"Coachee {i}") for i in range(600)])
        Booking.objects.bulk_create([
            Booking(slot=slot, round=round_, coach_id=slot.coach_id, coachee=coachees[i],
                start=slot.start, end=slot.end, goals="A goal.")
            for i, slot in enumerate(slots[::4][:600])])
round_ = Round.objects.get(programme__slug="bench-coaching")
module = Module.objects.get(slug="bench-module-0")
print(f"ROUND={round_.pk} TOPIC={module.topics.first().pk}")
"""


def main() -> int:
    (ROOT / "var").mkdir(exist_ok=True)
    env = bench_env(f"sqlite:///{ROOT / 'var' / 'bench-learning-coaching.sqlite3'}")
    prepare(env)
    built = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", BUILD],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ids = dict(part.split("=") for part in built.stdout.split()[-2:])
    pages = [
        "/bench/reference/",
        "/learning/",
        "/learning/?level=introductory&language=en",
        "/learning/bench-module-0/",
        f"/learning/bench-module-0/topics/{ids['TOPIC']}/",
        "/coaching/bench-coaching/",
        f"/coaching/bench-coaching/rounds/{ids['ROUND']}/slots/",
        f"/coaching/bench-coaching/rounds/{ids['ROUND']}/slots/?language=es",
    ]
    results = serve_and_hammer(env, pages, port=PORT, warm=2)
    return report(
        env,
        results,
        title="200 modules × 8 topics × 7 questions; 40 coaches × 60 slots, 600 bookings",
    )


if __name__ == "__main__":
    sys.exit(main())
