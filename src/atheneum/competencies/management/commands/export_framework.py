from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atheneum.competencies.interchange import export_case_json, export_csv
from atheneum.competencies.models import Framework


class Command(BaseCommand):
    help = "Exports a competency framework as CSV (every language) or IMS CASE 1.0 JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The framework's short name.")
        parser.add_argument("--format", choices=["csv", "case"], default="csv")
        parser.add_argument("--language", help="CASE only: the document's language.")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, slug, output=None, language=None, **options):
        framework = Framework.objects.filter(slug=slug).first()
        if framework is None:
            raise CommandError(f"No framework with the slug {slug!r}.")
        if options["format"] == "case":
            content = export_case_json(framework=framework, language=language)
        else:
            content = export_csv(framework=framework)
        if output:
            Path(output).write_text(content, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
        else:
            self.stdout.write(content, ending="")
