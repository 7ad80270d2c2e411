"""The processing log (Logboek Dataverwerkingen): append, verify, read.

Every read of personal data calls `read()`, every create, update, delete, export or print
calls `write()` in the same transaction as the work it logs, each with an operation code
from the register (privacy.operations). One entry per data subject; within one request
the same (subject, action, operation) is logged once.
"""

from __future__ import annotations

import contextvars
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, connections
from django.utils import timezone

from . import access, chain, operations, registry
from .models import LogHead, ProcessingActivity, ProcessingLogEntry

GENESIS = chain.GENESIS
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


_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")


def continue_trace(traceparent: str | None) -> bool:
    """Join a partner's trace (W3C Trace Context `traceparent`): the request's entries take
    its trace id, and its span becomes their parent span, so the partner's call and our
    processing can be joined in either log. A malformed header (or version ff, or an all-zero
    id) is ignored, as the recommendation says: the request keeps its own new trace."""
    trace = _current.get()
    match = _TRACEPARENT.match((traceparent or "").strip())
    if trace is None or match is None:
        return False
    version, trace_id, parent_id, _flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest) or set(trace_id) == {"0"} or set(parent_id) == {"0"}:
        return False
    trace.trace_id, trace.span_id = trace_id, parent_id
    return True


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

STREAM = chain.register(
    chain.Stream(
        name="verwerkingslog",
        label="Verwerkingslog",
        model=ProcessingLogEntry,
        head_pk=1,
        fields=CANONICAL_FIELDS,
        int_fields=frozenset({"sequence", "actor_id", "case_id"}),
        dt_fields=frozenset({"started_at", "ended_at"}),
        time_field="started_at",
        triggers={
            "sqlite": ("privacy_log_no_update", "privacy_log_no_delete"),
            "postgresql": ("privacy_log_no_change", "privacy_log_no_truncate"),
        },
    )
)


def canonical_row(values) -> bytes:
    """The canonical bytes of an entry given as its values in SORTED_FIELDS order."""
    return chain.canonical_row(STREAM, values)


def canonical(entry: ProcessingLogEntry) -> bytes:
    return chain.canonical(STREAM, entry)


def compute_hash(entry) -> str:
    """The entry's hash under its key id (the current key when it has none yet)."""
    key_id = getattr(entry, "key_id", None)
    key_id = key_id if isinstance(key_id, str) and key_id else chain.current_key_id()
    return chain.entry_hash(key_id, entry.prev_hash, canonical(entry))


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
    entries = []
    for row in rows:
        actor, case = row["actor"], row["case"]
        purpose, legal_basis = row["purpose"], row["legal_basis"]
        if not legal_basis and case is not None and row["action"] == "read":
            # A read: the basis of the reader's organisation for these categories (covenant).
            legal_basis = access.legal_basis_of_reader(actor, case, row["categories"])
        if not legal_basis and case is not None and getattr(case, "legal_basis_choice", ""):
            # The basis recorded for this case (step 2), not the register's generic one.
            legal_basis = str(case.get_legal_basis_choice_display())[:200]
        if not purpose or not legal_basis:
            reg_purpose, reg_basis = _register(row["activity"])
            purpose, legal_basis = purpose or reg_purpose, legal_basis or reg_basis
        entries.append(
            ProcessingLogEntry(
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
            )
        )
    chain.append(STREAM, entries)  # sequence, prev_hash, key_id, entry_hash under the head's lock


@dataclass
class VerifyResult:
    checked: int
    broken_sequence: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_sequence is None


# Verification is privacy.chain's (shared with the security log); these names stay for
# the callers and tests that replace the parallel machinery.
PARALLEL_MIN_ENTRIES = chain.PARALLEL_MIN_ENTRIES
_ranges = chain.ranges
_may_fork = chain.may_fork


def _map_ranges(ranges, batch_size, start=1):
    return chain.map_ranges(STREAM, ranges, batch_size, start)


def _check_rows(connection, lo, hi, prev, expected_seq, batch_size):
    return chain.check_rows(STREAM, connection, lo, hi, prev, expected_seq, batch_size)


def verify_chain(batch_size: int = 5000, *, workers: int | None = None) -> VerifyResult:
    """Recompute the chain from the start; name the first entry that does not fit (the
    chain only: `chain.verify(STREAM)` also checks head, checkpoints, triggers, set-up).

    A long chain (PARALLEL_MIN_ENTRIES or more) is checked in PARALLEL_WORKERS processes
    over ranges of sequence numbers, unless in a transaction or on an in-memory
    database; `workers=1` forces the sequential check."""
    hooks = {
        "may_fork": _may_fork,
        "map_ranges": lambda stream, ranges, batch_size, start: _map_ranges(ranges, batch_size, start),
        "close_all": connections.close_all,
        "parallel_min": PARALLEL_MIN_ENTRIES,
    }
    result = chain.verify_chain(STREAM, batch_size, workers=workers, hooks=hooks)
    if not result.ok:
        return VerifyResult(result.checked, result.broken_sequence, result.problem)
    head = LogHead.objects.filter(pk=STREAM.head_pk).first()
    if head is not None and head.last_sequence != result.first_sequence - 1 + result.checked:
        return VerifyResult(result.checked, result.checked + 1, "laatste regel(s) verwijderd")
    return VerifyResult(result.checked)


def entries_for_subject(subject: str):
    """The rows about a person, also those written about a record merged into them."""
    subjects = [subject, *registry.aliases(subject)]
    return ProcessingLogEntry.objects.filter(data_subject__in=subjects).order_by("-sequence")


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
