"""Demo learning records: a personal key for the demo member with a fixed key and secret (so
the README's curl examples work), and two statements a course platform sent with it — a
completed outside course (which became an activity in her record) and a failed quiz attempt
(stored only).

Running `load` twice changes nothing.
"""

import datetime
import uuid

from django.utils import timezone

from .ingest import statements_store
from .models import Credential
from .services import credential_create

DEMO_KEY = "demo-member-key"
DEMO_SECRET = "learn-together-xapi"  # noqa: S105 - public demo data, documented in the README
NAMESPACE = uuid.UUID("0f9a4c4e-2d0b-4d0e-9a51-3f1c2b7d6e10")


def _statement(email: str, *, name: str, verb: str, course: str, title: str, when, **extra):
    return {
        "id": str(uuid.uuid5(NAMESPACE, name)),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{email}"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en": verb}},
        "object": {
            "objectType": "Activity",
            "id": course,
            "definition": {"name": {"en": title}},
        },
        "timestamp": when.isoformat(),
        **extra,
    }


def load(*, organisations: dict, users: dict) -> None:
    if Credential.objects.filter(key=DEMO_KEY).exists():
        return
    member = users["member"]
    credential, _secret = credential_create(
        name="Open library school (course platform)",
        acting_user=member,
        key=DEMO_KEY,
        secret=DEMO_SECRET,
    )
    now = timezone.now().replace(microsecond=0)
    statements_store(
        credential=credential,
        version="1.0.3",
        batch=True,
        statements=[
            _statement(
                member.email,
                name="completed-cataloguing",
                verb="completed",
                course="https://courses.open-library-school.example/cataloguing-basics",
                title="Cataloguing basics for small libraries",
                when=now - datetime.timedelta(days=9),
                result={"completion": True, "duration": "PT2H30M"},
            ),
            _statement(
                member.email,
                name="failed-quiz",
                verb="failed",
                course="https://courses.open-library-school.example/cataloguing-basics/quiz-1",
                title="Cataloguing basics: first quiz",
                when=now - datetime.timedelta(days=10),
                result={"success": False, "score": {"scaled": 0.4}},
            ),
        ],
    )
