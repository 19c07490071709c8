import os

from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand

from atheneum.common.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo


class Command(BaseCommand):
    help = "Loads the demo organisations, people and content (idempotent) and prints the logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet=False, **options):
        Site.objects.update_or_create(
            pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Atheneum"}
        )
        result = load_demo()
        if quiet:
            return
        write = self.stdout.write
        port = os.environ.get("PORT", "8000")
        write(
            self.style.SUCCESS(
                f"Demo data is ready. Sign in at http://127.0.0.1:{port}/accounts/login/"
            )
        )
        write(f"  password for every demo login: {DEMO_PASSWORD}")
        for key, user in result["users"].items():
            write(f"  {key:<10} {user.email}")
        write("  The organiser and the admin use two-factor sign-in. Add this secret to an")
        write(f"  authenticator app: {DEMO_TOTP_SECRET}  or use a recovery code:")
        for key, codes in result["recovery_codes"].items():
            write(f"    {key:<10} {', '.join(codes[:3])}")
