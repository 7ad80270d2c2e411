"""Daily: e-mail a reminder about every open action whose deadline has passed (once per
action, recipient and deadline). Schedule it with cron or a systemd timer; see
docs/gebruikers/acties.md."""

from django.core.management.base import BaseCommand

from monitoring.actions import send_reminders


class Command(BaseCommand):
    help = (
        "Verstuurt herinneringen over acties waarvan de deadline is verstreken (elke herinnering één keer)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
