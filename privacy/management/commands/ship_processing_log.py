from django.core.management.base import BaseCommand, CommandError

from privacy import shipping


class Command(BaseCommand):
    help = (
        "Verzendt de nieuwe regels van het verwerkingslog naar LOG_SHIP_URL (Logboek Dataverwerkingen, "
        "JSON-regels), in volgorde, met ondertekende controlepunten; gaat na een storing verder waar de "
        "ontvanger was. Plan dit in, bijvoorbeeld elke minuut. --public-key toont de publieke sleutel "
        "waarmee de ontvanger de controlepunten controleert."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-batches", type=int, default=None, help="ten hoogste zoveel zendingen")
        parser.add_argument(
            "--public-key", action="store_true", help="toon de publieke sleutel (PEM) en stop"
        )
        parser.add_argument(
            "--subject-id", metavar="PSEUDONIEM", help="toon het verzonden id van deze betrokkene en stop"
        )

    def handle(self, *args, max_batches=None, public_key=False, subject_id=None, **options):
        if subject_id:
            self.stdout.write(shipping.subject_id(subject_id))
            return
        if public_key:
            self.stdout.write(shipping.public_key_pem().decode(), ending="")
            return
        try:
            outcome = shipping.ship(max_batches=max_batches)
        except shipping.ShipError as exc:
            raise CommandError(str(exc)) from exc
        if outcome.error:
            raise CommandError(
                f"Verzenden mislukt: {outcome.error}. Verzonden tot en met regel {outcome.through}; "
                f"de volgende keer gaat het daar verder."
            )
        self.stdout.write(
            f"{outcome.shipped} regels verzonden in {outcome.batches} zendingen; "
            f"de ontvanger heeft alles tot en met regel {outcome.through}."
        )
