"""A realistic mix of visitors for `bench/load.py` (locust), against a `seed_scale` dataset.

Reads the dataset's manifest (SCALE_MANIFEST, written by `manage.py seed_scale --manifest-only
--manifest PATH`): the scale logins (all share the demo password, which it holds too), events,
teams and coaching round. Requests are grouped by page, so the report has one row per page; the
constant reference page `/bench/reference/` is requested in the same mix.

A refused registration or booking ("just taken", "already booked", "closed") is a success:
the bar is that nothing answers with a server error.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

MANIFEST = json.loads(Path(os.environ["SCALE_MANIFEST"]).read_text(encoding="utf-8"))
MEMBERS = itertools.cycle(MANIFEST["members"])
MANAGERS = itertools.cycle(MANIFEST["managers"])
SLOT_LINK = re.compile(r"/slots/(\d+)/book/")
OK_REFUSALS = {200, 302, 303, 400, 403, 404, 409}
pick = random.Random(2026)  # noqa: S311 - load test choices, not secrets


def _checked(response, allowed=frozenset({200})):
    if response.status_code in allowed:
        response.success()
    else:
        response.failure(f"HTTP {response.status_code}")


class Visitor(HttpUser):
    """Someone browsing without signing in."""

    abstract = True
    # Real think times: the server should not be saturated, or every page's time is queueing.
    wait_time = between(1, 3)

    def get(self, path: str, name: str, allowed=frozenset({200})):
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            _checked(response, allowed)
            return response

    def post(self, path: str, name: str, data: dict, allowed=frozenset({200, 302})):
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        headers = {"Referer": self.host + path}
        with self.client.post(
            path, data=data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            _checked(response, allowed)
            return response

    def log_in(self, email: str) -> None:
        self.get("/accounts/login/", "/accounts/login/")
        self.post(
            "/accounts/login/",
            "POST /accounts/login/",
            {"login": email, "password": MANIFEST["password"]},
            allowed=frozenset({302}),
        )


class Anonymous(Visitor):
    weight = 8

    # Asked often: the ratios divide by the reference's mean, which a handful of samples leaves
    # at the mercy of one slow request. The page costs ~3 ms, so it hardly loads the server.
    @task(12)
    def reference(self):
        self.get("/bench/reference/", "/bench/reference/")

    @task(3)
    def news(self):
        self.get("/news/", "/news/")

    @task(3)
    def events(self):
        self.get("/events/", "/events/")

    @task(2)
    def event(self):
        self.get(f"/events/{pick.choice(MANIFEST['events'])}/", "/events/[slug]/")

    @task(2)
    def schedule(self):
        self.get(f"/events/{pick.choice(MANIFEST['events'])}/schedule/", "/events/[slug]/schedule/")

    @task(3)
    def catalogue(self):
        self.get("/learning/", "/learning/")

    @task(2)
    def programme(self):
        self.get(MANIFEST["programme"], "/coaching/[programme]/")

    @task(2)
    def translations(self):
        self.get("/translations/", "/translations/")


class Member(Visitor):
    weight = 8

    def on_start(self):
        self.me = next(MEMBERS)
        self.log_in(self.me["email"])

    @task(3)
    def portfolio(self):
        self.get("/portfolio/", "/portfolio/")

    @task(2)
    def agenda(self):
        if self.me["event"]:
            self.get(f"/events/{self.me['event']}/my-agenda/", "/events/[slug]/my-agenda/")

    @task(2)
    def gaps(self):
        self.get("/competencies/me/gaps/", "/competencies/me/gaps/")

    @task(2)
    def my_learning(self):
        self.get("/learning/my/", "/learning/my/")


class Manager(Visitor):
    weight = 2

    def on_start(self):
        self.me = next(MANAGERS)
        self.log_in(self.me["email"])

    @task
    def team_overview(self):
        self.get(f"/planning/teams/{self.me['team']}/", "/planning/teams/[id]/")


class Burst(Visitor):
    """Registers for events and books coaching slots in quick succession."""

    weight = 2
    wait_time = between(0.3, 1)

    def on_start(self):
        self.me = next(MEMBERS)
        self.log_in(self.me["email"])

    @task(2)
    def register(self):
        slug = pick.choice(MANIFEST["open_events"])
        self.get(f"/events/{slug}/register/", "/events/[slug]/register/")
        self.post(
            f"/events/{slug}/register/",
            "POST /events/[slug]/register/",
            {"form_language": "en", "follow_language": "en"},
            allowed=OK_REFUSALS,
        )

    @task(1)
    def book(self):
        page = self.get(MANIFEST["round"] + "slots/", "/coaching/[round]/slots/")
        free = SLOT_LINK.findall(page.text or "")
        if not free:
            return
        path = f"{MANIFEST['round']}slots/{pick.choice(free)}/book/"
        self.post(
            path,
            "POST /coaching/[round]/slots/[id]/book/",
            {"goals": "Prepare for a new role in the reference team."},
            allowed=OK_REFUSALS,
        )
