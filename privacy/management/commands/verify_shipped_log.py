from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy import shipped, shipping


class Command(BaseCommand):
    help = (
        "Controleert een verzonden verwerkingslog (een bestand met de JSON-regels zoals de ontvanger ze "
        "kreeg): de keten van regel tot regel en de ondertekende controlepunten. Zonder --public-key met "
        "de publieke sleutel van deze installatie. Werkt zonder database-inhoud; buiten de applicatie: "
        "python -m privacy.shipped BESTAND --public-key SLEUTEL.pem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--public-key", action="append", default=[], help="PEM-bestand; mag vaker")

    def handle(self, *args, file, public_key, **options):
        pems = [Path(p).read_bytes() for p in public_key] or [shipping.public_key_pem()]
        try:
            with open(file, encoding="utf-8") as handle:
                verdict = shipped.verify_lines(handle, pems)
        except OSError as exc:
            raise CommandError(f"{file} is niet te lezen: {exc.strerror}") from exc
        if not verdict.ok:
            raise CommandError("Het verzonden log klopt niet:\n- " + "\n- ".join(verdict.problems))
        self.stdout.write(
            f"In orde: {verdict.entries} regels (volgnummer {verdict.first} tot en met {verdict.last}), "
            f"{verdict.checkpoints} ondertekende controlepunten, {verdict.duplicates} herhaald ontvangen."
        )
