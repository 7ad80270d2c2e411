from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from privacy.roles import app_role_sql


class Command(BaseCommand):
    help = (
        "PostgreSQL: maakt (of toont) de rol waarmee de applicatie draait: mag het verwerkingslog en "
        "het beveiligingslog alleen lezen en aanvullen, is geen eigenaar (kan de triggers niet "
        "uitzetten) en kan zichzelf geen verwijdervergunning geven. Uitvoeren als de eigenaar die "
        "de migraties draait. Zie docs/deploy.md, 'Databaserollen'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rol", "--role", dest="role", default="groepsaanpak_app", help="naam van de applicatierol"
        )
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--print", action="store_true", help="toon de SQL")
        mode.add_argument("--apply", action="store_true", help="voer de SQL uit op DATABASE_URL")

    def handle(self, *args, role, apply=False, **options):
        database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else "<database>"
        try:
            statements = app_role_sql(role, database)
        except ValueError as exc:
            raise CommandError(f"Ongeldige rolnaam {role!r}: {exc}.") from exc
        if not apply:
            self.stdout.write(";\n\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Databaserollen bestaan alleen op PostgreSQL; op SQLite is er niets te doen.")
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rol {role} ingericht. Geef haar een wachtwoord (ALTER ROLE {role} PASSWORD ...) en laat "
                f"de applicatie met die rol verbinden; migraties blijven bij de eigenaar."
            )
        )
