"""Separate PostgreSQL roles (issue 14): migrations run as the owner; the application runs
as a role that may only SELECT and INSERT on the logs, cannot TRUNCATE them, cannot
disable their triggers (it owns nothing), cannot give itself a purge permit, and removes
old security events only through the owner's function privacy_log_purge (SECURITY
DEFINER, never younger than the retention period). `manage.py db_roles` prints or applies
this SQL; docs/deploy.md, "Databaserollen"."""

from __future__ import annotations

import re

from django.conf import settings

LOG_TABLES = ("privacy_processinglogentry", "privacy_securityevent")
HEAD_TABLE = "privacy_loghead"
PERMIT_TABLE = "privacy_log_purge_permit"
MARK_TABLE = "privacy_log_purge_mark"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_sql(role: str, database: str, *, retention_days: int | None = None) -> list[str]:
    """The statements, run as the owner (the role that ran the migrations), that give
    `role` what the application needs and no more. ValueError for an unusable name."""
    from .migrations_sql import purge_function_sql

    if not ROLE_NAME.match(role):
        raise ValueError("gebruik voor de rol kleine letters, cijfers en _ (begin met een letter)")
    days = settings.SECURITY_LOG_RETENTION_DAYS if retention_days is None else retention_days
    r = f'"{role}"'
    logs = ", ".join(LOG_TABLES)
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$",
        f'GRANT CONNECT ON DATABASE "{database}" TO {r}',
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
        # The logs: read and append, nothing else.
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {logs} FROM {r}",
        # The head moves on every append (UPDATE) but is never removed.
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {HEAD_TABLE} FROM {r}",
        # No purge permit for the application; where the chain starts after retention: read only.
        f"REVOKE ALL ON {PERMIT_TABLE}, {MARK_TABLE} FROM {r}",
        f"GRANT SELECT ON {MARK_TABLE} TO {r}",
        purge_function_sql(days),
        "REVOKE ALL ON FUNCTION privacy_log_purge(text, timestamptz) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION privacy_log_purge(text, timestamptz) TO {r}",
        # Tables of later migrations (created by the owner) are the application's to use.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {r}",
    ]
