from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atheneum.common.site_backup import BackupError, export_site


class Command(BaseCommand):
    help = (
        "Writes every app's data and every uploaded file to one archive (a .zip, or a directory "
        "with --dir) that import_site restores. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive; must not exist yet.")
        parser.add_argument(
            "--dir",
            dest="as_directory",
            action="store_true",
            help="Write a directory instead of a zip file.",
        )

    def handle(self, *args, path, as_directory=False, **options):
        try:
            result = export_site(Path(path), as_directory=as_directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        rows = sum(manifest["models"].values())
        media = len(manifest["files"]) - 1
        self.stdout.write(
            self.style.SUCCESS(f"Exported {rows} rows and {media} files to {result.path}")
        )
        for name in result.missing:
            self.stderr.write(
                self.style.WARNING(f"  missing from storage, not in the archive: {name}")
            )
