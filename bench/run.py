"""A small, bounded load test: gunicorn on the configured database, loopback only.

Prints requests per second and p50/p95/p99 per page, the error count, and every figure as a
ratio to a constant 20 KB Django page served by the same gunicorn (machines here are noisy;
the ratio is what we compare over time). Run with `make bench`; never part of `make test`.
"""

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
PAGES = ["/bench/reference/", "/", "/news/", "/organisations/", "/accounts/login/"]


def fetch(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            response.read()
            status = response.status
    except Exception:  # noqa: BLE001 - every failure counts as an error
        status = 0
    return status, time.perf_counter() - start


def hammer(url: str) -> dict:
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def loop():
        nonlocal errors
        while time.perf_counter() < deadline:
            status, elapsed = fetch(url)
            with lock:
                if status == 200:
                    timings.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=loop) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()

    def pct(p):
        return timings[min(len(timings) - 1, int(len(timings) * p))] * 1000 if timings else 0

    return {
        "rps": len(timings) / SECONDS,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
    }


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "atheneum.config.settings.local"}
    env.update({"DEBUG": "false", "BENCH_ENDPOINTS": "true", "LOG_LEVEL": "WARNING"})
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "load_demo", "--quiet"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(  # noqa: S603
        [
            python, "-m", "gunicorn", "atheneum.config.wsgi", "-b", f"127.0.0.1:{PORT}",
            "-w", WORKERS, "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(50):
            if fetch(base + "/healthz")[0] == 200:
                break
            time.sleep(0.2)
        for page in PAGES:  # warm up
            fetch(base + page)
        results = {page: hammer(base + page) for page in PAGES}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    reference = results[PAGES[0]]["rps"] or 1
    db = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"
    print(f"gunicorn {WORKERS} sync workers, {THREADS} client threads, {SECONDS:.0f} s/page, {db}")
    print(f"{'page':<22}{'rps':>8}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for page, r in results.items():
        print(
            f"{page:<22}{r['rps']:>8.1f}{r['rps'] / reference:>8.2f}"
            f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}"
        )
    print(f"median ratio: {statistics.median(r['rps'] / reference for r in results.values()):.2f}")
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
