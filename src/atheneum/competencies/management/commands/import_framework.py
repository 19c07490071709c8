from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atheneum.competencies.interchange import detect_format, framework_import
from atheneum.organisations.models import Organisation


class Command(BaseCommand):
    help = "Imports a competency framework from a CSV or IMS CASE 1.0 JSON file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--organisation", help="Slug of the owner organisation.")
        parser.add_argument(
            "--format",
            choices=["csv", "case"],
            help="The file's format (default: case for .json files, else csv).",
        )
        parser.add_argument("--slug", default="", help="Short name in addresses for the result.")

    def handle(self, *args, path, organisation=None, slug="", **options):
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"No such file: {path}")
        owner = None
        if organisation:
            owner = Organisation.objects.filter(slug=organisation).first()
            if owner is None:
                raise CommandError(f"No organisation with the slug {organisation!r}.")
        try:
            result = framework_import(
                content=file_path.read_bytes(),
                file_format=options["format"] or detect_format(file_path.name),
                organisation=owner,
                acting_user=None,
                slug=slug,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in result.summary:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the framework {result.framework.slug!r} (not yet published)."
            )
        )
