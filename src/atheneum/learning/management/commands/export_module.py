from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atheneum.learning.models import Module
from atheneum.learning.porting import export_folder


class Command(BaseCommand):
    help = "Writes a module as a folder with module.yaml, ready for import_module."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The module's short name.")
        parser.add_argument("folder", help="The folder to write (created if needed).")

    def handle(self, *args, slug, folder, **options):
        module = Module.objects.filter(slug=slug).first()
        if module is None:
            raise CommandError(f"No module with the slug {slug!r}.")
        path = Path(folder)
        if path.exists() and any(path.iterdir()):
            raise CommandError(f"The folder {folder} is not empty.")
        export_folder(module=module, folder=path)
        self.stdout.write(self.style.SUCCESS(f"Exported {slug!r} to {path}."))
