from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atheneum.common.site_backup import DEFAULT_MAX_TOTAL_BYTES, BackupError, import_site


class Command(BaseCommand):
    help = (
        "Restores an archive written by export_site into a migrated database that holds no "
        "site data yet (or, with --replace, in place of the data it holds). See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive: a .zip file or an exported directory.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the restored tables first (in the same transaction) instead of refusing "
            "when the database already holds site data.",
        )
        parser.add_argument(
            "--max-size",
            type=int,
            default=DEFAULT_MAX_TOTAL_BYTES // 1024**3,
            help="Refuse archives that unpack to more than this many GiB (default %(default)s).",
        )

    def handle(self, *args, path, replace=False, max_size=0, **options):
        try:
            result = import_site(
                Path(path),
                replace=replace,
                max_total_bytes=max_size * 1024**3,
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except BackupError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {rows} rows and {result.media} files "
                f"(archive made {result.manifest['created']})."
            )
        )
