"""A trigram index for the search box on PostgreSQL (bench/RESULTS.md, issue 8).

The search page matches signals with `icontains` on location, description and area, which
Django writes as UPPER(col) LIKE UPPER('%…%'): without this index every search reads every
signal of the municipality (~150 ms at 100,000 signals), with it well under a millisecond.
SQLite has no such index; there the scan stays (see RESULTS.md). Creating the extension
needs the CREATE privilege on the database (pg_trgm is a trusted extension); without it the
index is skipped with a notice rather than failing the deployment.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "intake_signal_text_trgm"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON intake_signal USING gin ("
    "(UPPER(location::text)) gin_trgm_ops, (UPPER(description::text)) gin_trgm_ops, "
    "(UPPER(area::text)) gin_trgm_ops)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(CREATE)
    except DatabaseError as exc:
        print(f"\n  {INDEX} overgeslagen (pg_trgm niet beschikbaar: {exc}); zoeken blijft werken, trager.")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_signal_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
