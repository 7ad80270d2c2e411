from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, restore
from privacy.log import verify_chain


class Command(BaseCommand):
    help = (
        "Zet een back-up van `manage.py backup` terug in een lege database (en MEDIA_ROOT en de "
        "logcheckpoints) en controleert daarna het verwerkingslog. Zie docs/deploy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="het archief van `manage.py backup`")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            report = restore(options["path"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(f"{n} {kind}" for kind, n in report.files.items()) or "geen"
        self.stdout.write(f"Teruggezet uit {report.path} ({report.engine}; bestanden: {files}).")
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Teruggezet, maar het verwerkingslog is NIET intact: regel {result.broken_sequence}: "
                f"{result.problem}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Verwerkingslog intact ({result.checked} regels). Draai nu `manage.py migrate` als deze "
                "versie nieuwere migraties heeft."
            )
        )
