"""The processing log (Logboek Dataverwerkingen): append, verify, read.

Every read of personal data calls `read()`, every create, update, delete, export or print
calls `write()` in the same transaction as the work it logs, each with an operation code
from the register (privacy.operations). One entry per data subject; within one request
the same (subject, action, operation) is logged once.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import operator
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, connections, models, transaction
from django.utils import timezone

from . import operations
from .models import LogHead, ProcessingActivity, ProcessingLogEntry

GENESIS = "0" * 64
ACTIONS = set(operations.ACTIONS)


@dataclass
class Trace:
    trace_id: str = field(default_factory=lambda: secrets.token_hex(16))
    span_id: str = field(default_factory=lambda: secrets.token_hex(8))
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    in_request: bool = False
    reads: dict[str, dict] = field(default_factory=dict)


_current: contextvars.ContextVar[Trace | None] = contextvars.ContextVar("trace", default=None)


def start_trace(*, in_request: bool = False) -> contextvars.Token:
    return _current.set(Trace(in_request=in_request))


def end_trace(token: contextvars.Token) -> None:
    _current.reset(token)


def current_trace() -> Trace:
    trace = _current.get()
    if trace is None:  # management commands, shell: a fresh trace per call, no dedupe
        trace = Trace()
    return trace


CANONICAL_FIELDS = (
    "sequence", "trace_id", "span_id", "parent_span_id", "operation", "action", "status",
    "started_at", "ended_at", "actor_id", "actor_username", "actor_organisation", "activity",
    "data_subject", "case_id", "purpose", "legal_basis", "categories", "prev_hash",
)  # fmt: skip


SORTED_FIELDS = tuple(sorted(CANONICAL_FIELDS))
# The canonical form is JSON with sorted keys; building the dict in sorted key order and
# encoding without sort_keys gives the same bytes, a little faster.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _value(value):
    if isinstance(value, datetime):
        # Same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ"), but isoformat is much faster.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return value


def canonical_row(values) -> bytes:
    """The canonical bytes of an entry given as its values in SORTED_FIELDS order."""
    return _ENCODER.encode(dict(zip(SORTED_FIELDS, map(_value, values), strict=True))).encode()


def canonical(entry: ProcessingLogEntry) -> bytes:
    return canonical_row([getattr(entry, name) for name in SORTED_FIELDS])


def compute_hash(entry: ProcessingLogEntry) -> str:
    return hashlib.sha256(entry.prev_hash.encode() + canonical(entry)).hexdigest()


def record(
    *,
    actor,
    action: str,
    operation: str,
    activity: str,
    subjects: Iterable[str],
    case=None,
    categories: Iterable[str] = (),
    purpose: str = "",
    legal_basis: str = "",
    status: str = "ok",
) -> int:
    """Log one processing per data subject (pseudonymous id); returns the number of new subjects.

    Writes (create/update/delete/export/print) are appended at once, in the caller's
    transaction. Reads inside a request are gathered and appended once per subject when
    the request ends (TraceMiddleware), so a page that shows a youth in three places
    still makes exactly one read entry, with the union of the categories shown.

    The operation must be registered (privacy.operations) with this action and activity,
    else ValueError: a programming error. Callers use read() and write()."""
    op = operations.get(operation)
    if action not in op.actions or activity not in op.activities:
        raise ValueError(
            f"operation {operation!r} is registered as {'/'.join(op.actions)} in "
            f"{'/'.join(op.activities)}, not {action} in {activity}"
        )
    trace = current_trace()
    subjects = list(dict.fromkeys(str(s) for s in subjects))
    categories = {str(c) for c in categories}
    if action == "read" and trace.in_request:
        new = 0
        for subject in subjects:
            pending = trace.reads.get(subject)
            if pending is None:
                trace.reads[subject] = {
                    "actor": actor,
                    "operation": operation,
                    "activity": activity,
                    "case": case,
                    "categories": set(categories),
                    "purpose": purpose,
                    "legal_basis": legal_basis,
                    "status": status,
                }
                new += 1
            else:
                pending["categories"] |= categories
        return new
    subjects = [s for s in subjects if (s, action, operation) not in trace.seen]
    if not subjects:
        return 0
    rows = [
        {
            "actor": actor,
            "operation": operation,
            "activity": activity,
            "case": case,
            "categories": categories,
            "purpose": purpose,
            "legal_basis": legal_basis,
            "status": status,
            "subject": s,
            "action": action,
        }
        for s in subjects
    ]
    _append(trace, rows)
    trace.seen.update((s, action, operation) for s in subjects)
    return len(rows)


def read(actor, operation: str, subjects: Iterable, *, case=None, categories=None, activity=None) -> int:
    """Log that `actor` saw personal data about `subjects` (pseudonyms), once per subject
    per request. Action, activity and (if not given) categories come from the register;
    `activity` only where the operation is registered for more than one."""
    op = operations.get(operation)
    if op.action != "read":
        raise ValueError(f"operation {operation!r} is a {op.action}, not a read: use log.write()")
    return record(
        actor=actor,
        action="read",
        operation=operation,
        activity=activity or op.activity,
        subjects=subjects,
        case=case,
        categories=_categories(op, categories),
    )


def write(
    actor, operation: str, subjects: Iterable, *, case=None, categories=None, action=None, activity=None
) -> int:
    """Log a create, update, delete, export or print of personal data about `subjects`
    (pseudonyms), appended at once in the caller's transaction. Action, activity and (if
    not given) categories come from the register; `action` and `activity` only where the
    operation is registered for more than one."""
    op = operations.get(operation)
    action = action or op.action
    if action == "read":
        raise ValueError(f"operation {operation!r} is a read: use log.read()")
    return record(
        actor=actor,
        action=action,
        operation=operation,
        activity=activity or op.activity,
        subjects=subjects,
        case=case,
        categories=_categories(op, categories),
    )


def _categories(op: operations.Operation, categories) -> Iterable[str]:
    if categories is not None:
        return categories
    if not op.categories:
        raise ValueError(f"operation {op.code!r} logs the categories of the data processed: pass categories")
    return op.categories


def flush_reads(trace: Trace | None = None) -> int:
    """Append the reads gathered during this request (called by TraceMiddleware)."""
    trace = trace or current_trace()
    if not trace.reads:
        return 0
    rows = [{**pending, "subject": subject, "action": "read"} for subject, pending in trace.reads.items()]
    trace.reads = {}
    _append(trace, rows)
    return len(rows)


_register_cache: dict[str, tuple[str, str]] = {}


def _register(activity: str) -> tuple[str, str]:
    if activity not in _register_cache:
        register = ProcessingActivity.objects.filter(code=activity).first()
        if register is None:
            return ("", "")
        _register_cache[activity] = (register.purpose[:200], str(register.get_legal_basis_display())[:200])
    return _register_cache[activity]


def _append(trace: Trace, rows: list[dict]) -> None:
    now = timezone.now()
    with transaction.atomic():
        head = _locked_head()
        entries = []
        prev = head.last_hash
        seq = head.last_sequence
        for row in rows:
            actor, case = row["actor"], row["case"]
            purpose, legal_basis = row["purpose"], row["legal_basis"]
            if not legal_basis and case is not None and getattr(case, "legal_basis_choice", ""):
                # The basis recorded for this case (step 2), not the register's generic one.
                legal_basis = str(case.get_legal_basis_choice_display())[:200]
            if not purpose or not legal_basis:
                reg_purpose, reg_basis = _register(row["activity"])
                purpose, legal_basis = purpose or reg_purpose, legal_basis or reg_basis
            seq += 1
            entry = ProcessingLogEntry(
                sequence=seq,
                trace_id=trace.trace_id,
                span_id=secrets.token_hex(8),
                parent_span_id=trace.span_id,
                operation=row["operation"],
                action=row["action"],
                status=row["status"],
                started_at=now,
                ended_at=timezone.now(),
                actor_id=getattr(actor, "pk", None),
                actor_username=getattr(actor, "username", "systeem") if actor else "systeem",
                actor_organisation=getattr(getattr(actor, "organisation", None), "name", "") if actor else "",
                activity=row["activity"],
                data_subject=row["subject"],
                case_id=getattr(case, "pk", None),
                purpose=purpose,
                legal_basis=legal_basis,
                categories=",".join(sorted(row["categories"])),
                prev_hash=prev,
            )
            entry.entry_hash = compute_hash(entry)
            prev = entry.entry_hash
            entries.append(entry)
        ProcessingLogEntry.objects.bulk_create(entries)
        LogHead.objects.filter(pk=head.pk).update(last_sequence=seq, last_hash=prev)


def _locked_head() -> LogHead:
    # select_for_update serialises appends on PostgreSQL; SQLite serialises every
    # write transaction already (transaction_mode IMMEDIATE in settings).
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LogHead.objects.get_or_create(pk=1)
        head = LogHead.objects.select_for_update().get(pk=1)
    return head


@dataclass
class VerifyResult:
    checked: int
    broken_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_sequence is None


# --- verification ------------------------------------------------------------------------
#
# verify_chain reads every row of the log (2 million at city scale), so it reads plain
# tuples with a raw cursor, gets the timestamps as text in their canonical form (from the
# database on PostgreSQL; sliced from SQLite's stored text), encodes the canonical JSON
# with a fixed template and, for a long chain outside a transaction, checks two ranges
# of sequence numbers in two processes. The bytes hashed are exactly those of
# canonical_row(); any row whose stored timestamp text is not in the expected form goes
# through canonical_row() itself. A break is always reported as the sequential check
# from the start would report it: a range that does not verify, or does not link to
# the range before it, is checked again sequentially from its start.

_INT_FIELDS = frozenset({"sequence", "actor_id", "case_id"})
_DT_FIELDS = frozenset({"started_at", "ended_at"})
_TEMPLATE = (
    "".join(("{" if i == 0 else ",") + json.dumps(k) + ":%s" for i, k in enumerate(SORTED_FIELDS)) + "}"
)
# Per canonical field, how the raw value becomes its JSON text: strings (and the timestamps,
# already text in canonical form) through the encoder _ENCODER uses (ensure_ascii=False);
# integers arrive as their JSON text from the query. `str` leaves that text as it is.
_ENCODE = tuple(str if name in _INT_FIELDS else json.encoder.encode_basestring for name in SORTED_FIELDS)
_N = len(SORTED_FIELDS)
_PREV_AT = SORTED_FIELDS.index("prev_hash")
PARALLEL_MIN_ENTRIES = 200_000  # below this, starting processes costs more than it saves
PARALLEL_WORKERS = 2


def _fast_canonical(row) -> bytes | None:
    """canonical_row() for a raw row of _range_sql(), or None when a value is not text as
    expected (a timestamp not stored in the usual form): then the caller converts the
    row the slow way."""
    try:
        return (_TEMPLATE % tuple(map(operator.call, _ENCODE, row[:_N]))).encode()
    except TypeError:
        return None


def _range_sql(connection, lo, hi) -> tuple[str, list]:
    """The rows lo <= sequence <= hi (None: unbounded) as raw tuples: the canonical
    fields in SORTED_FIELDS order — integers as their JSON text, timestamps as canonical
    text (NULL if not stored in the usual form) — then sequence and entry_hash."""
    qn = connection.ops.quote_name
    columns = []
    for name in SORTED_FIELDS:
        col = qn(name)
        if name in _INT_FIELDS:
            columns.append(f"COALESCE(CAST({col} AS TEXT), 'null')")
        elif name in _DT_FIELDS and connection.vendor == "postgresql":
            columns.append(f"to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
        elif name in _DT_FIELDS and connection.vendor == "sqlite":
            # Django stores naive UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
            columns.append(
                f"CASE WHEN substr({col}, 11, 1) = ' ' AND length({col}) = 26 "
                f"THEN substr({col}, 1, 10) || 'T' || substr({col}, 12) || 'Z' "
                f"WHEN substr({col}, 11, 1) = ' ' AND length({col}) = 19 "
                f"THEN substr({col}, 1, 10) || 'T' || substr({col}, 12) || '.000000Z' END"
            )
        else:
            columns.append(col)
    columns += [qn("sequence"), qn("entry_hash")]
    where, params = [], []
    if lo is not None:
        where.append(f"{qn('sequence')} >= %s")
        params.append(lo)
    if hi is not None:
        where.append(f"{qn('sequence')} <= %s")
        params.append(hi)
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(ProcessingLogEntry._meta.db_table)}"  # noqa: S608
        f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {qn('sequence')}"
    )
    return sql, params


def _slow_canonical(sequence) -> bytes:
    return canonical(ProcessingLogEntry.objects.get(sequence=sequence))


def _check_rows(connection, lo, hi, prev, expected_seq, batch_size):
    """Check the rows with lo <= sequence <= hi (None: unbounded) in order. `prev` is the
    hash the first row must point to (None: take the first row's own prev_hash; its link
    is checked by the caller). Returns (checked, broken_sequence or None, problem,
    first_prev_hash, last_entry_hash)."""
    sql, params = _range_sql(connection, lo, hi)
    sha256 = hashlib.sha256
    checked, first_prev, last_hash = 0, None, prev
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(batch_size)
            if not rows:
                break
            for row in rows:
                row_prev, sequence, entry_hash = row[_PREV_AT], row[-2], row[-1]
                if first_prev is None:
                    first_prev = row_prev
                    if prev is None:
                        prev = row_prev
                if sequence != expected_seq:
                    return checked, sequence, f"volgnummer {expected_seq} ontbreekt", first_prev, last_hash
                if row_prev != prev:
                    return checked, sequence, "verwijzing naar vorige regel klopt niet", first_prev, last_hash
                data = _fast_canonical(row)
                if data is None:
                    data = _slow_canonical(sequence)
                if sha256(prev.encode() + data).hexdigest() != entry_hash:
                    return checked, sequence, "inhoud gewijzigd (hash klopt niet)", first_prev, last_hash
                prev = last_hash = entry_hash
                expected_seq += 1
                checked += 1
    return checked, None, "", first_prev, last_hash


def _check_range_in_child(lo, hi, expected_seq, batch_size):
    from django.db import connection as child_connection

    try:
        return _check_rows(child_connection, lo, hi, None, expected_seq, batch_size)
    finally:
        child_connection.close()


def _map_ranges(ranges, batch_size):
    """Check the ranges in parallel processes (fork: the children inherit the loaded code;
    the parent's connections were closed before, so no socket is shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(len(ranges), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_check_range_in_child, lo, hi, lo or 1, batch_size) for lo, hi in ranges]
        return [f.result() for f in futures]


def _ranges(first: int, last: int, parts: int) -> list[tuple[int | None, int | None]]:
    """Split [first, last] into `parts` ranges; the first and the last are open-ended, so
    every row (also one with an out-of-place sequence number) is in exactly one range."""
    size = (last - first + 1) // parts
    bounds = [first + size * k for k in range(parts)]
    return [
        (None if k == 0 else bounds[k], None if k == parts - 1 else bounds[k + 1] - 1) for k in range(parts)
    ]


def _may_fork(connection) -> bool:
    if connection.in_atomic_block:  # other processes would not see this transaction's rows
        return False
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        return bool(name) and ":memory:" not in name and "mode=memory" not in name
    return connection.vendor == "postgresql"


def verify_chain(batch_size: int = 5000, *, workers: int | None = None) -> VerifyResult:
    """Recompute the chain from the start; name the first entry that does not fit.

    A long chain (PARALLEL_MIN_ENTRIES or more) is checked in PARALLEL_WORKERS processes
    over ranges of sequence numbers, unless in a transaction or on an in-memory
    database; `workers=1` forces the sequential check."""
    workers = PARALLEL_WORKERS if workers is None else workers
    ranges = None
    if workers > 1 and _may_fork(connection):
        bounds = ProcessingLogEntry.objects.aggregate(lo=models.Min("sequence"), hi=models.Max("sequence"))
        if bounds["hi"] is not None and bounds["hi"] - max(bounds["lo"], 1) + 1 >= PARALLEL_MIN_ENTRIES:
            ranges = _ranges(max(bounds["lo"], 1), bounds["hi"], workers)
    if ranges is None:
        checked, broken, problem, _first, _last = _check_rows(connection, None, None, GENESIS, 1, batch_size)
        if broken is not None:
            return VerifyResult(checked, broken, problem)
    else:
        connections.close_all()  # the children must not share the parent's sockets
        results = _map_ranges(ranges, batch_size)
        checked, prev = 0, GENESIS
        for n, broken, _problem, first_prev, last_hash in results:
            if broken is not None or n == 0 or first_prev != prev:
                # Re-check sequentially from the row after the last one verified (1 … checked
                # hold, and link), so the first failure found is the one the sequential check
                # from the start names: also a range that lost its last rows.
                more, broken, problem, _first, _last = _check_rows(
                    connection, checked + 1 if checked else None, None, prev, checked + 1, batch_size
                )
                checked += more
                if broken is not None:
                    return VerifyResult(checked, broken, problem)
                break
            checked += n
            prev = last_hash
    head = LogHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != checked:
        return VerifyResult(checked, checked + 1, "laatste regel(s) verwijderd")
    return VerifyResult(checked)


def entries_for_subject(subject: str):
    return ProcessingLogEntry.objects.filter(data_subject=subject).order_by("-sequence")


# Deletion of log rows is refused by the database unless a purge permit exists in the
# unmanaged table below (created by migration, not known to Django's flush). Only the
# retention service for the log itself (and the test harness) writes a permit.
PERMIT_TABLE = "privacy_log_purge_permit"


def grant_purge_permit() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PERMIT_TABLE} (granted) VALUES (1)")  # noqa: S608


def revoke_purge_permit() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PERMIT_TABLE}")  # noqa: S608
