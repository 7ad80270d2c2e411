from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Maakt een back-up in één archief: de database (SQLite: online back-up; PostgreSQL: pg_dump), "
        "de geüploade bestanden en de logcheckpoints. Zie docs/deploy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="het nieuwe archief, bv. /var/backups/groepsaanpak-2026-12-07.tar.gz"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            report = backup(options["path"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(f"{n} {kind}" for kind, n in report.files.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up geschreven naar {report.path} ({report.engine}, "
                f"{report.migrations} migraties; bestanden: {files})."
            )
        )
