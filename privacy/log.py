"""The processing log (Logboek Dataverwerkingen): append, verify, read.

Every read, create, update, delete, export or print of personal data calls
`record()` in the same transaction as the work it logs. One entry per data
subject; within one request the same (subject, action, operation) is logged once.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from .models import LogHead, ProcessingActivity, ProcessingLogEntry

GENESIS = "0" * 64
ACTIONS = {"read", "create", "update", "delete", "export", "print"}


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
    still makes exactly one read entry, with the union of the categories shown."""
    assert action in ACTIONS, action
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


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    """Recompute the chain from the start; name the first entry that does not fit."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    # Plain tuples instead of model instances: verification reads every row of the log.
    seq_at = SORTED_FIELDS.index("sequence")
    prev_at = SORTED_FIELDS.index("prev_hash")
    sha256 = hashlib.sha256
    rows = ProcessingLogEntry.objects.order_by("sequence").values_list(*SORTED_FIELDS, "entry_hash")
    for row in rows.iterator(chunk_size=batch_size):
        values, entry_hash = row[:-1], row[-1]
        sequence = values[seq_at]
        if sequence != expected_seq:
            return VerifyResult(checked, sequence, f"volgnummer {expected_seq} ontbreekt")
        if values[prev_at] != prev:
            return VerifyResult(checked, sequence, "verwijzing naar vorige regel klopt niet")
        if sha256(prev.encode() + canonical_row(values)).hexdigest() != entry_hash:
            return VerifyResult(checked, sequence, "inhoud gewijzigd (hash klopt niet)")
        prev = entry_hash
        expected_seq += 1
        checked += 1
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
