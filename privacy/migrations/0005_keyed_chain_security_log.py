"""The keyed chain and the security log (issue 14).

- processinglogentry.key_id: the existing rows keep their unkeyed SHA-256 hashes and are
  marked "sha256" (the column's default); new rows are HMAC-chained (privacy/chain.py).
  Added with plain ALTER TABLE ADD COLUMN, not through Django's AddField: on SQLite that
  would rebuild the table and drop the append-only triggers of 0002.
- privacy_securityevent: the security log, append-only by the same triggers (the same
  purge permit lets retention remove its oldest rows).
- privacy_log_purge_mark (unmanaged, like the permit table): per stream the last
  sequence retention removed and its hash, where verification starts.
- On PostgreSQL, privacy_log_purge(stream, before): the one way to remove old security
  events, SECURITY DEFINER (it runs as the owner that ran this migration), never younger
  than the retention period baked in here (manage.py db_roles --apply re-creates it with
  the configured period); the application's role gets only EXECUTE (docs/deploy.md).
"""

from django.conf import settings
from django.db import migrations, models

from privacy.migrations_sql import purge_function_sql

LOG = "privacy_processinglogentry"
SEC = "privacy_securityevent"
MESSAGE = "beveiligingslog is alleen-toevoegen (append-only)"
MARK = (
    "CREATE TABLE IF NOT EXISTS privacy_log_purge_mark (stream varchar(40) PRIMARY KEY, "
    "through_sequence bigint NOT NULL, through_hash varchar(64) NOT NULL)"
)


SQLITE = [
    f"ALTER TABLE {LOG} ADD COLUMN key_id varchar(16) NOT NULL DEFAULT 'sha256'",
    MARK,
    f"""CREATE TRIGGER privacy_seclog_no_update BEFORE UPDATE ON {SEC}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER privacy_seclog_no_delete BEFORE DELETE ON {SEC}
        WHEN NOT EXISTS (SELECT 1 FROM privacy_log_purge_permit)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_seclog_no_update",
    "DROP TRIGGER IF EXISTS privacy_seclog_no_delete",
    "DROP TABLE IF EXISTS privacy_log_purge_mark",
    f"ALTER TABLE {LOG} DROP COLUMN key_id",
]


def postgres():
    return [
        f"ALTER TABLE {LOG} ADD COLUMN key_id varchar(16) NOT NULL DEFAULT 'sha256'",
        MARK,
        f"""CREATE TRIGGER privacy_seclog_no_change BEFORE UPDATE OR DELETE ON {SEC}
            FOR EACH ROW EXECUTE FUNCTION privacy_log_guard()""",
        f"""CREATE TRIGGER privacy_seclog_no_truncate BEFORE TRUNCATE ON {SEC}
            FOR EACH STATEMENT EXECUTE FUNCTION privacy_log_guard()""",
        purge_function_sql(settings.SECURITY_LOG_RETENTION_DAYS),
        "REVOKE ALL ON FUNCTION privacy_log_purge(text, timestamptz) FROM PUBLIC",
    ]


POSTGRES_REVERSE = [
    "DROP FUNCTION IF EXISTS privacy_log_purge(text, timestamptz)",
    f"DROP TRIGGER IF EXISTS privacy_seclog_no_change ON {SEC}",
    f"DROP TRIGGER IF EXISTS privacy_seclog_no_truncate ON {SEC}",
    "DROP TABLE IF EXISTS privacy_log_purge_mark",
    f"ALTER TABLE {LOG} DROP COLUMN key_id",
]


def _run(forward: bool):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = SQLITE if forward else SQLITE_REVERSE
        elif vendor == "postgresql":
            statements = postgres() if forward else POSTGRES_REVERSE
        else:
            raise RuntimeError("Alleen SQLite en PostgreSQL worden ondersteund.")
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_log_subject_index_once")]

    operations = [
        migrations.CreateModel(
            name="SecurityEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sequence", models.BigIntegerField(unique=True)),
                ("at", models.DateTimeField(db_index=True)),
                ("kind", models.CharField(db_index=True, max_length=40)),
                ("user_id", models.BigIntegerField(null=True)),
                ("username", models.CharField(blank=True, max_length=150)),
                ("actor_id", models.BigIntegerField(null=True)),
                ("actor_username", models.CharField(blank=True, max_length=150)),
                ("municipality_id", models.BigIntegerField(db_index=True, null=True)),
                ("ip_address", models.CharField(blank=True, max_length=45)),
                ("user_agent", models.CharField(blank=True, max_length=300)),
                ("target", models.CharField(blank=True, max_length=100)),
                ("detail", models.CharField(blank=True, max_length=300)),
                ("prev_hash", models.CharField(max_length=64)),
                ("key_id", models.CharField(max_length=16)),
                ("entry_hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "beveiligingsgebeurtenis",
                "verbose_name_plural": "beveiligingslog",
                "ordering": ["sequence"],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="processinglogentry",
                    name="key_id",
                    field=models.CharField(db_default="sha256", max_length=16),
                ),
            ],
            database_operations=[migrations.RunPython(_run(True), _run(False))],
        ),
    ]
