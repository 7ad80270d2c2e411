"""The processing log is append-only: the database itself refuses UPDATE and DELETE.

A DELETE is let through only while a row exists in privacy_log_purge_permit, a table
Django does not manage (so its flush leaves it alone); only the log's own retention
service and the test harness write a permit. UPDATE is always refused.
"""

from django.db import migrations

TABLE = "privacy_processinglogentry"
MESSAGE = "verwerkingslog is alleen-toevoegen (append-only)"

SQLITE = [
    "CREATE TABLE IF NOT EXISTS privacy_log_purge_permit (granted integer NOT NULL)",
    f"""CREATE TRIGGER privacy_log_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER privacy_log_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT EXISTS (SELECT 1 FROM privacy_log_purge_permit)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_log_no_update",
    "DROP TRIGGER IF EXISTS privacy_log_no_delete",
    "DROP TABLE IF EXISTS privacy_log_purge_permit",
]
POSTGRES = [
    "CREATE TABLE IF NOT EXISTS privacy_log_purge_permit (granted integer NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION privacy_log_guard() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION '{MESSAGE}';
          END IF;
          IF NOT EXISTS (SELECT 1 FROM privacy_log_purge_permit) THEN
            RAISE EXCEPTION '{MESSAGE}';
          END IF;
          IF TG_OP = 'TRUNCATE' THEN RETURN NULL; END IF;
          RETURN OLD;
        END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER privacy_log_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION privacy_log_guard()""",
    f"""CREATE TRIGGER privacy_log_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION privacy_log_guard()""",
]
POSTGRES_REVERSE = [
    f"DROP TRIGGER IF EXISTS privacy_log_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS privacy_log_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS privacy_log_guard()",
    "DROP TABLE IF EXISTS privacy_log_purge_permit",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError("Alleen SQLite en PostgreSQL worden ondersteund.")
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
