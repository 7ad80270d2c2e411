"""The keyed, anchored chain (issue 14) on either database: keys and rotation, the legacy
prefix, checkpoints, and each tampering route detected and named by verify_processing_log.
The routes through the application's own PostgreSQL role are in test_log_roles.py."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from privacy import chain, log
from privacy.models import LogHead, ProcessingLogEntry
from privacy.tests.test_processing_log import _tamper, _write

pytestmark = pytest.mark.django_db

KEY_A = "a" * 40
KEY_B = "b" * 40


@pytest.fixture
def keyed(settings):
    settings.LOG_CHAIN_KEY = KEY_A
    settings.LOG_CHAIN_OLD_KEYS = []
    return settings


def _problems(stream=log.STREAM):
    return chain.verify(stream).problems


def _purge(where: str, params=()):
    log.grant_purge_permit()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM privacy_processinglogentry WHERE {where}", params)  # noqa: S608
    log.revoke_purge_permit()


def test_entries_are_hmac_keyed_not_plain_sha256(keyed):
    import hashlib

    _write(2)
    entry = ProcessingLogEntry.objects.get(sequence=2)
    assert entry.key_id == chain.key_id_of(KEY_A.encode())
    data = log.canonical(entry)
    assert entry.entry_hash != hashlib.sha256(entry.prev_hash.encode() + data).hexdigest()
    assert _problems() == []


def test_the_same_content_under_another_key_does_not_verify(keyed):
    _write(3)
    keyed.LOG_CHAIN_KEY = KEY_B  # the old key forgotten: not in LOG_CHAIN_OLD_KEYS
    result = log.verify_chain()
    assert result.broken_sequence == 1 and "onbekende sleutel" in result.problem


def test_rotation_keeps_old_segments_verifiable(keyed):
    _write(3)
    keyed.LOG_CHAIN_KEY = KEY_B
    keyed.LOG_CHAIN_OLD_KEYS = [KEY_A]
    _write(3)
    ids = list(ProcessingLogEntry.objects.order_by("sequence").values_list("key_id", flat=True))
    assert ids == [chain.key_id_of(KEY_A.encode())] * 3 + [chain.key_id_of(KEY_B.encode())] * 3
    assert log.verify_chain() == log.VerifyResult(6)
    assert _problems() == []


def _make_legacy(upto: int):
    """Turn entries 1..upto into rows of the first, unkeyed version (as the migration leaves them)."""
    import hashlib

    prev = log.GENESIS
    for entry in ProcessingLogEntry.objects.order_by("sequence"):
        entry.prev_hash = prev
        if entry.sequence <= upto:
            new = hashlib.sha256(prev.encode() + log.canonical(entry)).hexdigest()
            key_id = chain.LEGACY
        else:
            new = chain.entry_hash(entry.key_id, prev, log.canonical(entry))
            key_id = entry.key_id
        _tamper(
            "UPDATE privacy_processinglogentry SET prev_hash = %s, entry_hash = %s, key_id = %s WHERE sequence = %s",
            [prev, new, key_id, entry.sequence],
        )
        prev = new
    LogHead.objects.filter(pk=1).update(last_hash=prev)


def test_legacy_rows_before_the_switch_still_verify_and_are_named(keyed):
    _write(5)
    _make_legacy(2)
    report = chain.verify(log.STREAM)
    assert report.problems == []
    assert report.chain.legacy == 2
    assert "de eerste 2 regels hebben de oude ongesleutelde hash" in report.notes[0]


def test_an_unkeyed_row_after_a_keyed_one_is_a_downgrade(keyed):
    import hashlib

    _write(4)
    entry = ProcessingLogEntry.objects.get(sequence=3)
    entry.actor_username = "mallory"
    forged = hashlib.sha256(entry.prev_hash.encode() + log.canonical(entry)).hexdigest()
    _tamper(
        "UPDATE privacy_processinglogentry SET actor_username = 'mallory', key_id = 'sha256', entry_hash = %s "
        "WHERE sequence = 3",
        [forged],
    )
    result = log.verify_chain()
    assert result.broken_sequence == 3 and "ongesleutelde hash na een gesleutelde regel" in result.problem


def test_rehashed_chain_without_the_key_is_detected_and_named(keyed):
    """Route (c): edit a row and recompute every later hash with plain SHA-256 and the key id
    left as it is (the attacker lacks the key): the HMAC does not match."""
    import hashlib

    _write(5)
    prev = None
    for entry in ProcessingLogEntry.objects.order_by("sequence"):
        if entry.sequence == 3:
            entry.actor_username = "mallory"
        if prev is not None:
            entry.prev_hash = prev
        if entry.sequence >= 3:
            new = hashlib.sha256(entry.prev_hash.encode() + log.canonical(entry)).hexdigest()
            _tamper(
                "UPDATE privacy_processinglogentry SET actor_username = %s, prev_hash = %s, entry_hash = %s "
                "WHERE sequence = %s",
                [entry.actor_username, entry.prev_hash, new, entry.sequence],
            )
            prev = new
        else:
            prev = entry.entry_hash
    LogHead.objects.filter(pk=1).update(last_hash=prev)
    assert (
        "Verwerkingslog: regel 3: inhoud gewijzigd of keten opnieuw berekend (HMAC klopt niet)" in _problems()
    )
    with pytest.raises(CommandError, match="HMAC klopt niet"):
        call_command("verify_processing_log")


def test_a_checkpoint_is_signed_and_appended(keyed):
    _write(3)
    first = chain.checkpoint(log.STREAM)
    _write(2)
    chain.checkpoint(log.STREAM)
    lines = chain.checkpoint_path(log.STREAM).read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [3, 5]
    assert first["hash"] == ProcessingLogEntry.objects.get(sequence=3).entry_hash
    assert set(first) == {"stream", "sequence", "hash", "at", "key_id", "signature"}
    assert _problems() == []


def test_a_checkpoint_follows_every_n_entries_after_the_commit(keyed, django_capture_on_commit_callbacks):
    keyed.LOG_CHECKPOINT_EVERY = 4
    path = chain.checkpoint_path(log.STREAM)
    with django_capture_on_commit_callbacks(execute=True):
        _write(4)  # reaches 4: one checkpoint of the head as committed
    with django_capture_on_commit_callbacks(execute=True):
        _write(3)  # 5..7: no multiple of 4 passed
    assert [json.loads(line)["sequence"] for line in path.read_text().splitlines()] == [4]
    with django_capture_on_commit_callbacks(execute=True):
        _write(2)  # 8..9 passes 8
    assert [json.loads(line)["sequence"] for line in path.read_text().splitlines()] == [4, 9]


def test_a_forged_checkpoint_is_named(keyed):
    _write(2)
    chain.checkpoint(log.STREAM)
    path = chain.checkpoint_path(log.STREAM)
    record = json.loads(path.read_text())
    record["sequence"] = 1
    path.write_text(json.dumps(record) + "\n")
    assert any("ongeldige handtekening" in p for p in _problems())


def test_checkpoint_command_writes_both_streams(keyed, capsys):
    _write(2)
    call_command("checkpoint_processing_log")
    out = capsys.readouterr().out
    assert "Verwerkingslog: controlepunt bij regel 2" in out and "Beveiligingslog: controlepunt" in out


def test_wiped_log_is_detected_and_named(keyed):
    """Route (a) on the data: every row and the head row gone; the checkpoint remembers."""
    _write(4)
    chain.checkpoint(log.STREAM)
    _purge("1 = 1")
    LogHead.objects.filter(pk=1).delete()
    assert log.verify_chain().ok  # the chain alone cannot tell an empty log from a wiped one
    problems = _problems()
    assert any(
        "Verwerkingslog is leeggemaakt: het controlepunt van" in p and "noemt regel 4" in p for p in problems
    )
    with pytest.raises(CommandError, match="leeggemaakt"):
        call_command("verify_processing_log")


def test_truncated_tail_with_a_lowered_head_is_detected_and_named(keyed):
    """Route (b): delete the last rows and lower the head to match them."""
    _write(5)
    chain.checkpoint(log.STREAM)
    _purge("sequence >= 4")
    third = ProcessingLogEntry.objects.get(sequence=3)
    LogHead.objects.filter(pk=1).update(last_sequence=3, last_hash=third.entry_hash)
    assert log.verify_chain().ok
    problems = _problems()
    assert any("staart afgekapt" in p and "noemt regel 5, het log eindigt bij regel 3" in p for p in problems)
    assert any("kop verlaagd — de kop noemt regel 3" in p for p in problems)


def test_head_lowered_below_the_last_entry_is_named(keyed):
    _write(4)
    LogHead.objects.filter(pk=1).update(last_sequence=2)
    assert "Verwerkingslog: kop verlaagd — de kop noemt regel 2, maar er staan regels tot 4" in _problems()


def test_head_hash_is_compared_with_the_last_entry(keyed):
    _write(3)
    LogHead.objects.filter(pk=1).update(last_hash="f" * 64)
    assert "Verwerkingslog: de hash in de kop komt niet overeen met die van regel 3" in _problems()


def test_tail_deleted_after_the_head_is_named(keyed):
    _write(4)
    _purge("sequence = 4")
    assert "Verwerkingslog: staart afgekapt — de kop noemt regel 4, de laatste regel is 3" in _problems()


def test_missing_triggers_are_named(keyed):
    """Route (d): without its triggers the log is no longer append-only; verification says so."""
    _write(1)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER privacy_log_no_update")
        else:
            cursor.execute("DROP TRIGGER privacy_log_no_change ON privacy_processinglogentry")
    name = "privacy_log_no_update" if connection.vendor == "sqlite" else "privacy_log_no_change"
    assert f"Verwerkingslog: trigger {name} ontbreekt — het log is niet meer alleen-toevoegen" in _problems()
    with pytest.raises(CommandError, match=f"trigger {name} ontbreekt"):
        call_command("verify_processing_log")


def test_intact_logs_pass_and_the_development_set_up_is_only_a_warning(capsys):
    _write(3)
    call_command("verify_processing_log")
    captured = capsys.readouterr()
    assert "Verwerkingslog intact: 3 regels gecontroleerd" in captured.out
    assert "Waarschuwing (inrichting): de ontwikkelsleutel voor de logketen is in gebruik" in captured.err


def test_strict_verification_refuses_a_set_up_not_fit_for_production():
    _write(1)
    with pytest.raises(CommandError, match="ontwikkelsleutel voor de logketen"):
        call_command("verify_processing_log", "--strikt")


def test_production_environment_makes_verification_strict(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="ontwikkelsleutel"):
        call_command("verify_processing_log")


@pytest.mark.skipif(
    "connection.vendor == 'postgresql'", reason="on PostgreSQL the superuser test role is a problem too"
)
def test_strict_verification_passes_a_production_grade_set_up(keyed, tmp_path, capsys):
    keyed.LOG_CHECKPOINT_DIR = str(tmp_path)
    _write(2)
    call_command("verify_processing_log", "--strikt")
    assert "Waarschuwing" not in capsys.readouterr().err
