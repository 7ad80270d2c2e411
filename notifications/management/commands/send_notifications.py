"""Scheduled sending of notification e-mail (docs/deploy.md has the cron lines):

    manage.py send_notifications            # every few minutes: deadlines found, immediate mail
    manage.py send_notifications --digest   # once a day: the daily digest

Running it twice sends nothing twice (notifications/sending.py)."""

from django.core.management.base import BaseCommand

from notifications import sending, services


class Command(BaseCommand):
    help = "Verstuur de e-mail van meldingen (direct, of met --digest het dagelijkse overzicht)."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Verstuur het dagelijkse overzicht.")

    def handle(self, *args, digest=False, **options):
        found = services.run_producers()
        sent = sending.send_digest() if digest else sending.send_due()
        failed = services.failed_deliveries().count()
        self.stdout.write(
            f"meldingen aangemaakt: {found}; e-mails verstuurd: {sent}; mislukt (totaal): {failed}"
        )
