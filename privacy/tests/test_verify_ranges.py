"""verify_chain over ranges (as it runs in two processes on a long chain) names the same
first broken entry as the sequential check. The ranges run inline here (the test database
lives in one transaction that other processes cannot see); bench/chain_bench.py runs the
real processes on 2 million entries."""

import pytest
from django.db import connection

from privacy import chain, log
from privacy.models import ProcessingLogEntry
from privacy.tests.test_processing_log import _tamper, _write

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_ranges(monkeypatch):
    def run_inline(ranges, batch_size, start=1):
        return [log._check_rows(connection, lo, hi, None, lo or start, batch_size) for lo, hi in ranges]

    monkeypatch.setattr(log, "PARALLEL_MIN_ENTRIES", 1)
    monkeypatch.setattr(log, "_may_fork", lambda connection: True)
    monkeypatch.setattr(log.connections, "close_all", lambda: None)
    monkeypatch.setattr(log, "_map_ranges", run_inline)

    def both(workers=3):
        return log.verify_chain(workers=1), log.verify_chain(workers=workers)

    return both


def _delete(sequence):
    log.grant_purge_permit()
    ProcessingLogEntry.objects.filter(sequence=sequence).delete()
    log.revoke_purge_permit()


def test_ranges_cover_every_row():
    assert log._ranges(1, 10, 2) == [(None, 5), (6, None)]
    assert log._ranges(1, 9, 3) == [(None, 3), (4, 6), (7, None)]


def test_intact_chain(in_ranges):
    _write(12)
    sequential, ranged = in_ranges()
    assert sequential == ranged == log.VerifyResult(12)


@pytest.mark.parametrize("sequence", [1, 4, 5, 8, 12])
def test_tampered_row(in_ranges, sequence):
    _write(12)
    _tamper("UPDATE privacy_processinglogentry SET actor_username = %s WHERE sequence = %s", ["x", sequence])
    sequential, ranged = in_ranges()
    assert not sequential.ok and sequential.broken_sequence == sequence
    assert ranged == sequential


@pytest.mark.parametrize("sequence", [1, 4, 5, 8, 9, 12])
def test_deleted_row_also_at_a_range_boundary(in_ranges, sequence):
    _write(12)  # three ranges: 1-4, 5-8, 9-12
    _delete(sequence)
    sequential, ranged = in_ranges()
    assert not sequential.ok
    assert ranged == sequential


def test_deleted_range(in_ranges):
    _write(12)
    for sequence in (5, 6, 7, 8):
        _delete(sequence)
    sequential, ranged = in_ranges()
    assert sequential.broken_sequence == 9 and ranged == sequential


def test_broken_link_at_a_range_boundary(in_ranges):
    _write(12)
    _tamper("UPDATE privacy_processinglogentry SET prev_hash = %s WHERE sequence = 5", ["0" * 64])
    sequential, ranged = in_ranges()
    assert sequential.broken_sequence == 5 and ranged == sequential


def test_canonical_bytes_of_the_raw_rows_equal_canonical():
    _write(3)
    sql, params = chain._range_sql(log.STREAM, connection, None, None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row, entry in zip(rows, ProcessingLogEntry.objects.order_by("sequence"), strict=True):
        assert chain._fast_canonical(log.STREAM, row) == log.canonical(entry)
