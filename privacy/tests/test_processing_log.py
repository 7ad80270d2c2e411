import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from privacy import log, operations
from privacy.models import LogHead, ProcessingLogEntry

pytestmark = pytest.mark.django_db


def _write(n=3, actor=None):
    for i in range(n):
        log.record(
            actor=actor,
            action="read",
            operation="person.read",
            activity="groepsaanpak",
            subjects=[f"subject-{i}"],
            categories=["personal"],
        )


def test_entries_are_chained_and_verify(world):
    _write(5, actor=world.regisseur)
    entries = list(ProcessingLogEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == log.GENESIS
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.entry_hash
    assert entries[0].actor_username == "regisseur"
    assert entries[0].actor_organisation == world.regisseur.organisation.name
    assert entries[0].purpose  # filled from the register of processing activities
    assert log.verify_chain().ok


def test_reads_in_one_request_are_logged_once_per_subject_with_all_categories():
    token = log.start_trace(in_request=True)
    try:
        assert (
            log.record(
                actor=None,
                action="read",
                operation="person.read",
                activity="groepsaanpak",
                subjects=["a", "a"],
                categories=["personal"],
            )
            == 1
        )
        assert (
            log.record(
                actor=None,
                action="read",
                operation="matrix.read",
                activity="informatie-uitwisseling",
                subjects=["a", "b"],
                categories=["criminal"],
            )
            == 1
        )
        assert ProcessingLogEntry.objects.count() == 0  # gathered until the request ends
        assert log.flush_reads() == 2
    finally:
        log.end_trace(token)
    entry = ProcessingLogEntry.objects.get(data_subject="a")
    assert (entry.operation, entry.categories) == ("person.read", "criminal,personal")
    assert ProcessingLogEntry.objects.filter(data_subject="b").count() == 1
    assert log.verify_chain().ok


def test_writes_are_appended_at_once_even_in_a_request():
    token = log.start_trace(in_request=True)
    try:
        log.record(
            actor=None, action="create", operation="name_list.add", activity="namenlijst", subjects=["a"]
        )
        assert ProcessingLogEntry.objects.count() == 1
    finally:
        log.end_trace(token)


def test_update_is_refused_by_the_database():
    _write(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        ProcessingLogEntry.objects.update(actor_username="iemand anders")


def test_delete_is_refused_by_the_database():
    _write(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        ProcessingLogEntry.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_processinglogentry")
    assert ProcessingLogEntry.objects.count() == 1


def _tamper(sql, params):
    """Bypass the app: drop the trigger, change a row, restore the trigger (as an attacker with DB rights would)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER privacy_log_no_update")
            cursor.execute(sql, params)
            cursor.execute(
                "CREATE TRIGGER privacy_log_no_update BEFORE UPDATE ON privacy_processinglogentry "
                "BEGIN SELECT RAISE(ABORT, 'append-only'); END"
            )
        else:
            cursor.execute("ALTER TABLE privacy_processinglogentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE privacy_processinglogentry ENABLE TRIGGER USER")


def test_tampering_with_one_row_is_detected_and_named():
    _write(5)
    _tamper("UPDATE privacy_processinglogentry SET actor_username = %s WHERE sequence = 3", ["mallory"])
    result = log.verify_chain()
    assert not result.ok and result.broken_sequence == 3
    with pytest.raises(CommandError, match="regel 3"):
        call_command("verify_processing_log")


def test_deleted_row_is_detected():
    _write(4)
    log.grant_purge_permit()
    ProcessingLogEntry.objects.filter(sequence=2).delete()
    log.revoke_purge_permit()
    assert log.verify_chain().broken_sequence == 3


def test_deleted_last_row_is_detected():
    _write(3)
    log.grant_purge_permit()
    ProcessingLogEntry.objects.filter(sequence=3).delete()
    log.revoke_purge_permit()
    assert not log.verify_chain().ok


def test_verify_command_reports_intact_chain(capsys):
    _write(3)
    call_command("verify_processing_log")
    assert "intact: 3 regels" in capsys.readouterr().out


def test_no_values_of_personal_data_in_the_log(world):
    from cases import services
    from tests.factories import GroupFactory

    group = GroupFactory(municipality=world.municipality)
    case = services.open_case(group, actor=world.regisseur, reason="test")
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="convenant",
        necessity="nodig",
        actor=world.regisseur,
    )
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="verder")
    services.add_to_name_list(
        case, actor=world.coordinator, full_name="Kees Geheimnaam", address="Dorpsstraat 1"
    )
    dump = " ".join(str(v) for row in ProcessingLogEntry.objects.values_list() for v in row)
    assert "Geheimnaam" not in dump and "Dorpsstraat" not in dump


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain(request):
    if connection.vendor == "sqlite":
        # SQLite in-memory test databases are per connection; use the file-less shared cache
        # only on PostgreSQL. SQLite serialises writers by design (IMMEDIATE transactions).
        pytest.skip("concurrency is exercised on PostgreSQL in CI")
    errors = []

    def worker(n):
        try:
            for i in range(10):
                log.record(
                    actor=None,
                    action="read",
                    operation="person.read",
                    activity="groepsaanpak",
                    subjects=[f"s{n}-{i}"],
                )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ProcessingLogEntry.objects.count() == 60
    assert LogHead.objects.get(pk=1).last_sequence == 60
    assert log.verify_chain().ok
    log.grant_purge_permit()  # let the transactional teardown flush the table


def test_canonical_form_is_unchanged_by_the_faster_encoding(world):
    """Hashes written before the verification was sped up must still verify: the canonical
    bytes equal sorted-key JSON with the timestamps as %Y-%m-%dT%H:%M:%S.%fZ in UTC."""
    import json
    from datetime import UTC

    from privacy.log import CANONICAL_FIELDS, canonical, record, verify_chain
    from privacy.models import ProcessingLogEntry

    with operations.registered(operations.Operation("t.export", "export", "groepsaanpak", "Test")):
        record(
            actor=world.regisseur,
            action="export",
            operation="t.export",
            activity="groepsaanpak",
            subjects=["a7c1e1f0-0000-4000-8000-000000000001"],
            purpose="Controle — één, twee: ‘quotes’ en \\ backslash",
        )
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()

    def old_value(value):
        if hasattr(value, "astimezone"):
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return value

    old = json.dumps(
        {name: old_value(getattr(entry, name)) for name in CANONICAL_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    assert canonical(entry) == old
    assert verify_chain().ok
