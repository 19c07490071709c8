from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atheneum.learning.porting import import_folder
from atheneum.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Imports a module from a folder with module.yaml (all or nothing), as a draft; "
        "see docs/learning-import-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The module folder (holding module.yaml).")
        parser.add_argument("--organisation", required=True, help="Slug of the owner organisation.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Rewrite the module with the same slug in place (keeps status and learners).",
        )

    def handle(self, *args, folder, organisation, update=False, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"No such folder: {folder}")
        owner = Organisation.objects.filter(slug=organisation).first()
        if owner is None:
            raise CommandError(f"No organisation with the slug {organisation!r}.")
        try:
            module = import_folder(folder=path, organisation=owner, acting_user=None, update=update)
        except ValidationError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from error
        verb = "Updated" if update else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the module {module.slug!r} ({module.get_status_display().lower()})."
            )
        )
