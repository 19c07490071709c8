"""xAPI intake benchmark: 10,000 statements POSTed in batches of 100 to /xapi/statements on
gunicorn (2 sync workers) on 127.0.0.1, with one member's personal key. One statement in five
is `completed` (stored and turned into a portfolio activity); the rest are stored only.
Prints statements per second.

Uses DATABASE_URL if set (PostgreSQL; 2 client threads), else a fresh SQLite file under var/
(1 client thread: SQLite takes one writer at a time). Bounded: well under a minute.
Run: .venv/bin/python bench/xapi.py   (BENCH_STATEMENTS / BENCH_BATCH to change the sizes)
"""

import base64
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import WORKERS, bench_env, prepare, serving  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8769"))
TOTAL = int(os.environ.get("BENCH_STATEMENTS", "10000"))
BATCH = int(os.environ.get("BENCH_BATCH", "100"))
KEY, SECRET = "bench-xapi-key", "bench-xapi-secret"  # noqa: S105 - loopback benchmark only
EMAIL = "bench-xapi@example.org"

BUILD = f"""
from atheneum.accounts.models import User
from atheneum.xapi.models import Credential
from atheneum.xapi.services import credential_create
user, _ = User.objects.get_or_create(email="{EMAIL}", defaults={{"display_name": "Bench"}})
if not Credential.objects.filter(key="{KEY}").exists():
    credential_create(name="Bench tool", acting_user=user, key="{KEY}", secret="{SECRET}")
"""


def batch(number: int) -> list[dict]:
    statements = []
    for index in range(BATCH):
        verb = "completed" if index % 5 == 0 else ("experienced", "failed", "attempted")[index % 3]
        statements.append(
            {
                "id": str(uuid.uuid4()),
                "actor": {"objectType": "Agent", "mbox": f"mailto:{EMAIL}"},
                "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en": verb}},
                "object": {
                    "objectType": "Activity",
                    "id": f"https://courses.example.org/c{number}/unit{index}",
                    "definition": {"name": {"en": f"Unit {index} of course {number}"}},
                },
                "result": {"completion": verb == "completed", "duration": "PT45M"},
                "timestamp": "2026-03-02T10:00:00Z",
            }
        )
    return statements


def post(base: str, body: list[dict]) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + "/xapi/statements",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3",
            "Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        print(error.code, error.read()[:300], file=sys.stderr)
        return error.code


def main() -> int:
    (ROOT / "var").mkdir(exist_ok=True)
    sqlite = ROOT / "var" / "bench-xapi.sqlite3"
    env = bench_env(f"sqlite:///{sqlite}")
    postgres = "postgres" in env.get("DATABASE_URL", "")
    if not postgres:
        sqlite.unlink(missing_ok=True)
    env["XAPI_RATE_LIMIT"] = "1000000/min"
    prepare(env)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", BUILD], cwd=ROOT, env=env, check=True
    )
    batches = [batch(number) for number in range(TOTAL // BATCH)]
    threads = 2 if postgres else 1
    errors = 0
    lock = threading.Lock()
    with serving(env, port=PORT) as base:
        post(base, batch(-1))  # warm up both code paths
        queue = list(batches)

        def work():
            nonlocal errors
            while True:
                with lock:
                    if not queue:
                        return
                    body = queue.pop()
                if post(base, body) != 200:
                    with lock:
                        errors += 1

        start = time.perf_counter()
        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - start
    sent = len(batches) * BATCH
    db = "PostgreSQL" if postgres else "SQLite"
    print(f"gunicorn {WORKERS} sync workers, {threads} client thread(s), {db}")
    print(f"{sent} statements in {len(batches)} POSTs of {BATCH}: {elapsed:.1f} s")
    rate = f"{sent / elapsed:.0f} statements/s ({len(batches) / elapsed:.1f} POSTs/s)"
    print(f"{rate}, errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
