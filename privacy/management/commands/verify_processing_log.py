import time

from django.core.management.base import BaseCommand, CommandError

from privacy.log import verify_chain


class Command(BaseCommand):
    help = "Rekent de hashketen van het verwerkingslog na en noemt de eerste regel die niet klopt."

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = verify_chain()
        seconds = time.perf_counter() - started
        if not result.ok:
            raise CommandError(
                f"Verwerkingslog NIET intact: regel {result.broken_sequence}: {result.problem} "
                f"({result.checked} regels daarvoor zijn in orde)."
            )
        rate = result.checked / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Verwerkingslog intact: {result.checked} regels gecontroleerd ({rate:,.0f} regels/s)."
            )
        )
