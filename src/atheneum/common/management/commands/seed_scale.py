import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atheneum.common import fragments, scale


class Command(BaseCommand):
    help = (
        "Builds a large, deterministic dataset for load tests (people at @scale.atheneum.test, "
        "short names starting with scale-). Every scale person signs in with the demo password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--activities-per-member", type=int, default=50)
        parser.add_argument(
            "--flush-scale", action="store_true", help="Remove a previous scale dataset first."
        )
        parser.add_argument(
            "--flush-only", action="store_true", help="Remove the scale dataset and stop."
        )
        parser.add_argument(
            "--manifest",
            metavar="PATH",
            help="Write what a load test needs (logins, events, round) as JSON to PATH.",
        )
        parser.add_argument(
            "--manifest-only",
            action="store_true",
            help="Only write the manifest of an existing scale dataset.",
        )

    def report(self, name: str, seconds: float, rows: int) -> None:
        self.stdout.write(f"  {name:<28}{seconds:>8.1f} s{rows:>12,} rows")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["manifest_only"]:
            self.write_manifest(options["manifest"])
            return
        if options["flush_scale"] or options["flush_only"]:
            scale.flush(report=self.report)
            fragments.bump(fragments.EVERYTHING)
            if options["flush_only"]:
                return
        try:
            size = scale.seed(
                members=options["members"],
                organisations=options["organisations"],
                activities_per_member=options["activities_per_member"],
                report=self.report,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Bulk inserts send no signals, so no cached fragment knows of the new rows: start afresh.
        fragments.bump(fragments.EVERYTHING)
        if options["manifest"]:
            self.write_manifest(options["manifest"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale dataset ready in {time.perf_counter() - started:.1f} s: "
                f"{size['members']:,} members in {size['organisations']:,} organisations, "
                f"{size['members'] * size['activities_per_member']:,} activities. "
                f"Sign in as {scale.email(0)} (and so on) with {scale.LOGIN_NOTE}."
            )
        )

    def write_manifest(self, path: str | None) -> None:
        if not path:
            raise CommandError("Give --manifest PATH.")
        if not scale.exists():
            raise CommandError("There is no scale dataset: run `manage.py seed_scale` first.")
        Path(path).write_text(json.dumps(scale.manifest(), indent=1), encoding="utf-8")
        self.stdout.write(f"Manifest written to {path}")
