"""A small, bounded load test: gunicorn on the configured database, loopback only.

Prints requests per second and p50/p95/p99 per page, the error count, and every figure as a
ratio to a constant 20 KB Django page served by the same gunicorn (machines here are noisy;
the ratio is what we compare over time). Run with `make bench`; never part of `make test`.
"""

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
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


def bench_env(database_url: str | None = None) -> dict:
    """The environment for a benchmark server: local settings, bench endpoints, quiet logs."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "atheneum.config.settings.local"}
    env.update({"DEBUG": "false", "BENCH_ENDPOINTS": "true", "LOG_LEVEL": "WARNING"})
    if database_url and not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict, *commands: list[str]) -> None:
    """migrate, then each `manage.py` command given (building data), then collectstatic."""
    python = sys.executable
    for command in [["migrate", "-v0"], *commands, ["collectstatic", "--noinput", "-v0"]]:
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextlib.contextmanager
def serving(env: dict, *, port: int) -> Iterator[str]:
    """Runs gunicorn on 127.0.0.1:port until the block ends; yields its base URL once healthy."""
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "gunicorn", "atheneum.config.wsgi",
            # The production settings file (its hooks included); the command line wins.
            "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "-b", f"127.0.0.1:{port}", "-w", WORKERS, "--log-level", "warning",
        ],
        cwd=ROOT,
        env={**env, "ACCESS_LOG": ""},
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            if fetch(base + "/healthz")[0] == 200:
                break
            time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def serve_and_hammer(env: dict, pages: list[str], *, port: int, warm: int = 1) -> dict:
    """Starts gunicorn on 127.0.0.1, warms each page up, hammers each in turn, stops."""
    with serving(env, port=port) as base:
        for page in pages:
            for _ in range(warm):
                fetch(base + page)
        return {page: hammer(base + page) for page in pages}


def report(env: dict, results: dict, *, title: str = "") -> int:
    """Prints each page's figures and its ratio to the first (the reference page)."""
    reference = next(iter(results.values()))["rps"] or 1
    db = "PostgreSQL" if "postgres" in env.get("DATABASE_URL", "") else "SQLite"
    print(f"gunicorn {WORKERS} sync workers, {THREADS} client threads, {SECONDS:.0f} s/page, {db}")
    if title:
        print(title)
    width = max(len(page) for page in results) + 2
    columns = "".join(f"{name:>9}" for name in ("rps", "ratio", "p50 ms", "p95 ms", "p99 ms"))
    print(f"{'page':<{width}}{columns}{'errors':>8}")
    for page, r in results.items():
        print(
            f"{page:<{width}}{r['rps']:>9.1f}{r['rps'] / reference:>9.2f}"
            f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}"
        )
    print(f"median ratio: {statistics.median(r['rps'] / reference for r in results.values()):.2f}")
    return 1 if any(r["errors"] for r in results.values()) else 0


def main() -> int:
    env = bench_env()
    prepare(env, ["load_demo", "--quiet"])
    return report(env, serve_and_hammer(env, PAGES, port=PORT))


if __name__ == "__main__":
    sys.exit(main())
