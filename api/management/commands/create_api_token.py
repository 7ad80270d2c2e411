"""Create an API token for a user and print it alone on stdout (for scripts and CI)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from api import services


class Command(BaseCommand):
    help = "Maakt een API-token voor een gebruiker en drukt alleen het token af."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Beheercommando", help="Naam van het token.")
        parser.add_argument("--days", type=int, default=90, help="Geldigheid in dagen (1–365).")

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief.")
        if not 1 <= days <= 365:
            raise CommandError("--days moet tussen 1 en 365 liggen.")
        _token, key = services.create_token(user, name=name, days=days)
        self.stdout.write(key)
