from django.core.management.base import BaseCommand

from privacy import chain
from privacy.log import STREAM as PROCESSING
from privacy.security import STREAM as SECURITY


class Command(BaseCommand):
    help = (
        "Schrijft een ondertekend controlepunt (volgnummer, hash, tijd) van het verwerkingslog en "
        "het beveiligingslog naar LOG_CHECKPOINT_DIR (en syslog als LOG_CHECKPOINT_SYSLOG aan staat). "
        "Plan dit in, bijvoorbeeld elk kwartier."
    )

    def handle(self, *args, **options):
        for stream in (PROCESSING, SECURITY):
            record = chain.checkpoint(stream)
            self.stdout.write(
                f"{stream.label}: controlepunt bij regel {record['sequence']} "
                f"geschreven naar {chain.checkpoint_path(stream)}."
            )
