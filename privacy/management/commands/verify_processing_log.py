import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy import chain, changes
from privacy.log import STREAM as PROCESSING
from privacy.security import STREAM as SECURITY


class Command(BaseCommand):
    help = (
        "Controleert het verwerkingslog en het beveiligingslog: de gesleutelde hashketen, de kop, "
        "de ondertekende controlepunten, de alleen-toevoegen-triggers en of de inrichting geschikt "
        "is voor productie. Noemt elk probleem en eindigt met een foutcode als er een is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strikt",
            "--strict",
            action="store_true",
            dest="strict",
            help="Ook een inrichting die niet geschikt is voor productie telt als fout "
            "(in productie altijd).",
        )

    def handle(self, *args, strict=False, **options):
        strict = strict or settings.ENVIRONMENT == "production"
        streams = (PROCESSING, SECURITY)
        fatal: list[str] = []
        for stream in streams:
            started = time.perf_counter()
            report = chain.verify(stream)
            seconds = time.perf_counter() - started
            chain.record_verification(stream, report)  # for the privacy officer's overview
            for note in report.notes:
                self.stdout.write(f"Let op: {note}.")
            if report.problems:
                fatal += report.problems
                for problem in report.problems:
                    self.stderr.write(f"PROBLEEM: {problem}.")
                self.stderr.write(
                    f"{stream.label} NIET intact ({report.chain.checked} regels daarvoor zijn in orde)."
                )
            else:
                rate = report.chain.checked / seconds if seconds else 0
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{stream.label} intact: {report.chain.checked} regels gecontroleerd "
                        f"({rate:,.0f} regels/s), {report.checkpoints} controlepunten."
                    )
                )
            for problem in report.config_problems:
                self.stderr.write(f"{'PROBLEEM' if strict else 'Waarschuwing'}: {problem}.")
                fatal += [problem] if strict else []
        checked, problems = changes.verify_seals()
        for problem in problems:
            self.stderr.write(f"PROBLEEM: {problem}.")
        fatal += problems
        if not problems:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wijzigingsverzoeken (vier ogen): {checked} in overeenstemming met het beveiligingslog."
                )
            )
        for problem in chain.check_config(streams):
            self.stderr.write(f"{'PROBLEEM' if strict else 'Waarschuwing'} (inrichting): {problem}.")
            fatal += [problem] if strict else []
        if fatal:
            raise CommandError("De logs zijn niet in orde: " + "; ".join(fatal) + ".")
