"""Remove or anonymise the personal data of closed cases whose retention period has passed,
per category, and the records that expire on their own term (see
privacy.retention.apply_retention; each app's shredder removes what it holds). Run daily
from the scheduler; idempotent; a tombstone per removed record.

    python manage.py apply_retention [--dry-run] [--today YYYY-MM-DD]
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Verwijdert of anonimiseert de persoonsgegevens van afgesloten casussen waarvan de "
        "bewaartermijn is verstreken (per categorie; niet bij een bewaarplicht), signalen en groepen "
        "die nooit een casus werden, idempotentiesleutels ouder dan 24 uur, mislukte inlogpogingen "
        "en beveiligingslogregels na hun eigen termijn. Laat per verwijderd gegeven een grafsteen "
        "achter. Het verwerkingslog blijft."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat zien wat er zou gebeuren; wijzigt niets."
        )
        parser.add_argument("--today", help="Rekendatum (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("Gebruik --today JJJJ-MM-DD, bijvoorbeeld 2026-03-31.") from exc
        report = apply_retention(today=today, dry_run=options["dry_run"])
        out = self.stdout
        prefix = "[proefdraai, er is niets gewijzigd] " if report.dry_run else ""
        out.write(f"{prefix}Bewaartermijnen toegepast per {report.today:%d-%m-%Y}.")
        for case in report.cases:
            rows = ", ".join(f"{label} {n}" for label, n in sorted(case.rows.items())) or "geen"
            out.write(
                f"- casus {case.case_id} ({case.group}): {case.persons_anonymised} personen geanonimiseerd, "
                f"{case.persons_kept} behouden (nog in een andere lopende casus); verwijderd: {rows}"
            )
        if report.on_hold:
            out.write(
                "Overgeslagen wegens bewaarplicht: casus " + ", ".join(str(pk) for pk in report.on_hold)
            )
        if report.done_before:
            out.write(
                "Al eerder verwerkt (niets meer te verwijderen): casus "
                + ", ".join(str(pk) for pk in report.done_before)
            )
        for label, n in sorted(report.expired.items()):
            out.write(f"Eigen termijn verstreken: {label} {n}")
        if report.security_events_removed:
            out.write(
                f"Beveiligingslog: {report.security_events_removed} gebeurtenissen ouder dan "
                f"{settings.SECURITY_LOG_RETENTION_DAYS} dagen verwijderd."
            )
        if report.tombstones:
            out.write(f"Grafstenen geschreven (wat, welke casus, wanneer, welke regel): {report.tombstones}")
        out.write(
            f"Totaal: {len(report.cases)} casussen, {report.persons_anonymised} personen geanonimiseerd, "
            f"{report.rows_removed} gegevens verwijderd of losgekoppeld."
        )
