"""The four tampering routes of issue 14, tried on PostgreSQL with the application's own
role (made by manage.py db_roles, in the test's transaction): each is refused by the
database or detected and named by verification. Skipped only when the suite runs on
SQLite (make test runs again on PostgreSQL in CI: .ci/run)."""

import contextlib
import hashlib

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from privacy import chain, log, security
from privacy.models import LogHead, ProcessingLogEntry, SecurityEvent
from privacy.roles import app_role_sql
from privacy.tests.test_processing_log import _write

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="databaserollen bestaan alleen op PostgreSQL"
    ),
]


@pytest.fixture
def app_role(settings):
    settings.LOG_CHAIN_KEY = "k" * 40
    role = f"{connection.settings_dict['NAME']}_app"[:63].lower()
    with connection.cursor() as cursor:
        for sql in app_role_sql(role, connection.settings_dict["NAME"]):
            cursor.execute(sql)
    return role


@contextlib.contextmanager
def as_role(role):
    """Run as the application's role; a refusal rolls back only this block."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
        yield cursor  # on an error the savepoint's rollback also undoes SET ROLE
        cursor.execute("RESET ROLE")


def _refused(role, sql, params=()):
    with pytest.raises(DatabaseError, match="permission denied|must be owner"), as_role(role) as cursor:
        cursor.execute(sql, params)


def test_the_application_role_can_append_and_verify(app_role):
    with as_role(app_role):
        _write(3)
        security.record("login.failure", username="iemand")
        report = chain.verify(log.STREAM)
        assert report.problems == []
    assert ProcessingLogEntry.objects.count() == 3


def test_route_a_no_permit_no_truncate_no_head_delete(app_role):
    """(a) grant itself a purge permit, truncate the log, delete the head row: all refused."""
    _write(3)
    _refused(app_role, "INSERT INTO privacy_log_purge_permit (granted) VALUES (1)")
    _refused(app_role, "TRUNCATE privacy_processinglogentry")
    _refused(app_role, "TRUNCATE privacy_securityevent")
    _refused(app_role, "DELETE FROM privacy_loghead")
    _refused(app_role, "DELETE FROM privacy_processinglogentry")
    _refused(app_role, "INSERT INTO privacy_log_purge_mark VALUES ('verwerkingslog', 3, 'x')")
    assert ProcessingLogEntry.objects.count() == 3 and LogHead.objects.filter(pk=1).exists()


def test_route_b_tail_delete_refused_and_a_lowered_head_named(app_role):
    """(b) delete the last rows (refused) and lower the head (allowed: the head moves on every
    append) — the head is compared with the last entry and with the checkpoint."""
    _write(5)
    chain.checkpoint(log.STREAM)
    _refused(app_role, "DELETE FROM privacy_processinglogentry WHERE sequence >= 4")
    third = ProcessingLogEntry.objects.get(sequence=3)
    with as_role(app_role):
        LogHead.objects.filter(pk=1).update(last_sequence=3, last_hash=third.entry_hash)
        problems = chain.verify(log.STREAM).problems
    assert "Verwerkingslog: kop verlaagd — de kop noemt regel 3, maar er staan regels tot 5" in problems
    assert any("kop verlaagd — de kop noemt regel 3, het controlepunt van" in p for p in problems)


def test_route_c_no_trigger_disabling_no_update_and_a_rehash_by_the_owner_is_named(app_role):
    """(c) the application's role cannot disable the triggers or edit a row; the owner can,
    but without the key its recomputed SHA-256 chain does not verify."""
    _write(4)
    _refused(app_role, "ALTER TABLE privacy_processinglogentry DISABLE TRIGGER USER")
    _refused(app_role, "DROP TRIGGER privacy_log_no_change ON privacy_processinglogentry")
    _refused(app_role, "UPDATE privacy_processinglogentry SET actor_username = 'mallory'")
    _refused(app_role, "UPDATE privacy_securityevent SET username = 'mallory'")
    with connection.cursor() as cursor:  # the owner
        cursor.execute("ALTER TABLE privacy_processinglogentry DISABLE TRIGGER USER")
        prev = ProcessingLogEntry.objects.get(sequence=1).entry_hash
        for entry in ProcessingLogEntry.objects.filter(sequence__gte=2).order_by("sequence"):
            entry.actor_username = "mallory" if entry.sequence == 2 else entry.actor_username
            entry.prev_hash = prev
            prev = hashlib.sha256(prev.encode() + log.canonical(entry)).hexdigest()
            cursor.execute(
                "UPDATE privacy_processinglogentry SET actor_username = %s, prev_hash = %s, entry_hash = %s "
                "WHERE sequence = %s",
                [entry.actor_username, entry.prev_hash, prev, entry.sequence],
            )
        cursor.execute("ALTER TABLE privacy_processinglogentry ENABLE TRIGGER USER")
    LogHead.objects.filter(pk=1).update(last_hash=prev)
    with as_role(app_role):
        problems = chain.verify(log.STREAM).problems
    assert "Verwerkingslog: regel 2: inhoud gewijzigd of keten opnieuw berekend (HMAC klopt niet)" in problems


def test_route_d_disabled_or_dropped_triggers_are_named(app_role):
    """(d) verification checks that the triggers are there and enabled."""
    _write(1)
    with connection.cursor() as cursor:  # the owner
        cursor.execute("ALTER TABLE privacy_processinglogentry DISABLE TRIGGER privacy_log_no_truncate")
        cursor.execute("DROP TRIGGER privacy_seclog_no_change ON privacy_securityevent")
    with as_role(app_role):
        assert (
            "Verwerkingslog: trigger privacy_log_no_truncate staat uit — het log is niet meer alleen-toevoegen"
            in (chain.verify(log.STREAM).problems)
        )
        assert (
            "Beveiligingslog: trigger privacy_seclog_no_change ontbreekt — het log is niet meer alleen-toevoegen"
            in (chain.verify(security.STREAM).problems)
        )


def test_the_set_up_check_names_an_owner_or_superuser_role(app_role):
    problems = chain.check_config([log.STREAM])
    assert any("superuser" in p for p in problems)  # the test runs as the owner, a superuser
    with as_role(app_role):
        assert not any("applicatierol" in p or "superuser" in p for p in chain.check_config([log.STREAM]))


def test_retention_purges_old_security_events_only_through_the_owner_function(app_role):
    from datetime import timedelta

    from django.utils import timezone

    for name in ("oud-1", "oud-2", "nieuw"):
        security.record("login.failure", username=name)
    long_ago = timezone.now() - timedelta(days=4 * 365)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE privacy_securityevent DISABLE TRIGGER USER")
        cursor.execute("UPDATE privacy_securityevent SET at = %s WHERE username LIKE 'oud-%%'", [long_ago])
        cursor.execute("ALTER TABLE privacy_securityevent ENABLE TRIGGER USER")
    with as_role(app_role):
        # asking for everything removes only what is past the retention period
        assert security.purge(before=timezone.now()) == 2
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["nieuw"]
    # the chain now starts after the mark; the processing log is never purged
    assert chain.verify_chain(security.STREAM).ok
    with pytest.raises(DatabaseError, match="wordt nooit opgeschoond"), as_role(app_role) as cursor:
        cursor.execute("SELECT privacy_log_purge('verwerkingslog', now())")


def test_db_roles_prints_the_sql(capsys):
    call_command("db_roles", "--print", "--rol", "ga_app")
    out = capsys.readouterr().out
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON privacy_processinglogentry" in out
    assert 'GRANT EXECUTE ON FUNCTION privacy_log_purge(text, timestamptz) TO "ga_app"' in out
