"""Load test with locust against a `seed_scale` dataset on PostgreSQL: `make bench-load`.

Needs DATABASE_URL (PostgreSQL; SQLite is refused) holding a scale dataset:

    DATABASE_URL=postgres://... .venv/bin/python manage.py seed_scale [--members 2000]
    DATABASE_URL=postgres://... .venv/bin/python bench/load.py

Starts gunicorn on 127.0.0.1 (bench/run.py), runs locust headless with a bounded number of
users (BENCH_USERS, default 20) for a bounded time (BENCH_SECONDS, default 120) with the mix in
bench/locustfile.py, and prints one table: each page's requests per second, p50/p95/p99, errors,
and its ratio to the reference page `/bench/reference/` measured in the same run.

In a mixed run every page's request rate is set by how often the mix asks for it, so the
"ratio" column compares cost instead: the reference page's mean response time over the page's
(about the page's requests per second alone over the reference's alone). The issue's bar: p95 at
most 5 x the reference p95, and that ratio at least 1/4. The users think 1-3 s between pages, so
the server is not saturated: on a saturated server every figure is queueing and the ratios say
nothing. A first run of BENCH_WARM_SECONDS (default 20) is not counted, and the counted run's
figures start once every user has started: users sign in as they start, and signing in hashes
a password on purpose (~0.5 s of a worker, with every other request queueing behind it), so
sign-in is not in the table (a sign-in inside the counted time would be, and is not held to
the bar).
REDIS_URL is honoured (sessions and cache in Redis, mail queued for Celery), as in production.
Never part of `make test`.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

from run import ROOT, WORKERS, bench_env, fetch, prepare, serving

PORT = int(os.environ.get("BENCH_PORT", "8766"))
USERS = int(os.environ.get("BENCH_USERS", "20"))
SECONDS = int(float(os.environ.get("BENCH_SECONDS", "120")))
# A first, uncounted run of the same mix, so that every page has been served by every worker
# (templates compiled, caches filled) before the measured run: the figures are steady state.
WARM_SECONDS = int(float(os.environ.get("BENCH_WARM_SECONDS", "20")))
REFERENCE = "/bench/reference/"
# Signing in hashes the password on purpose (slow by design): shown, but not held to the bar.
NOT_HELD = {"/accounts/login/", "POST /accounts/login/"}
P95_BAR = 5.0
RPS_BAR = 0.25


def run_locust(base: str, manifest: Path, prefix: Path, seconds: int = SECONDS) -> None:
    env = {**os.environ, "SCALE_MANIFEST": str(manifest)}
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--users", str(USERS), "--spawn-rate", "2",
        "--run-time", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", "5",
        # Users sign in as they start (each sign-in hashes a password for ~0.5 s on a worker,
        # and everything else queues behind it): the figures start once all have started.
        "--reset-stats",
    ]  # fmt: skip
    # Locust exits non-zero when any request failed; the table below says which. Its own
    # summary goes to a log beside the CSV files, so that this prints one table.
    with Path(f"{prefix}_locust.log").open("w", encoding="utf-8") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log, check=False)  # noqa: S603


def read_stats(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open(encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "rps": float(row["Requests/s"]),
                "mean": float(row["Average Response Time"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "errors": int(row["Failure Count"]),
            }
    return rows


def report(rows: dict[str, dict]) -> int:
    if REFERENCE not in rows:
        print("The reference page was not measured; nothing to compare with.")
        return 1
    ref = rows[REFERENCE]
    print(
        f"gunicorn {WORKERS} sync workers, locust {USERS} users, {SECONDS} s, PostgreSQL "
        f"(ratio = reference mean / page mean; bar: p95 <= {P95_BAR:g} x reference p95 "
        f"= {ref['p95'] * P95_BAR:.0f} ms, ratio >= {RPS_BAR:g})"
    )
    width = max(len(name) for name in rows) + 2
    header = "".join(f"{h:>9}" for h in ("requests", "rps", "p50 ms", "p95 ms", "p99 ms"))
    print(f"{'page':<{width}}{header}{'errors':>8}{'ratio':>8}  bar")
    short = []
    for name, r in sorted(rows.items(), key=lambda item: (item[0] != REFERENCE, item[0])):
        ratio = ref["mean"] / r["mean"] if r["mean"] else 0.0
        meets = r["p95"] <= P95_BAR * ref["p95"] and ratio >= RPS_BAR and not r["errors"]
        verdict = "ok" if meets else "SHORT"
        if name in NOT_HELD:
            verdict = "(not held: sign-in)"
        elif not meets:
            short.append(name)
        print(
            f"{name:<{width}}{r['count']:>9}{r['rps']:>9.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}"
            f"{r['p99']:>9.0f}{r['errors']:>8}{ratio:>8.2f}  {verdict}"
        )
    if short:
        print("Pages short of the bar: " + ", ".join(short))
    else:
        print("Every page meets the bar.")
    return 1 if any(r["errors"] for r in rows.values()) else 0


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/load.py needs PostgreSQL: set DATABASE_URL=postgres://... to a database "
            "holding a scale dataset (manage.py seed_scale). SQLite is not a fair load target.",
            file=sys.stderr,
        )
        return 2
    env = {**bench_env(), "LOG_LEVEL": "ERROR"}  # refused bookings (400) are expected here
    out = ROOT / "var"
    out.mkdir(exist_ok=True)
    manifest = out / "bench_load_manifest.json"
    prepare(env, ["seed_scale", "--manifest-only", "--manifest", str(manifest)])
    prefix = out / "bench_load"
    pages = [
        REFERENCE,
        "/",
        "/news/",
        "/events/",
        "/learning/",
        "/translations/",
        "/accounts/login/",
    ]
    with serving(env, port=PORT) as base:
        for _ in range(int(WORKERS) * 2):  # each worker loads its templates once, not in the run
            for page in pages:
                fetch(base + page)
        if WARM_SECONDS:
            run_locust(base, manifest, out / "bench_load_warm", seconds=WARM_SECONDS)
        run_locust(base, manifest, prefix)
    return report(read_stats(Path(f"{prefix}_stats.csv")))


if __name__ == "__main__":
    sys.exit(main())
