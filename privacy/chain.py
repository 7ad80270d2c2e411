"""One keyed, anchored hash chain for every append-only log stream: the processing log
(privacy.log) and the security log (privacy.security). See docs/deploy.md, "Logketen".

- **Keyed.** Each entry's `entry_hash` is HMAC-SHA256(key, prev_hash + canonical content)
  with a key that is not in the database (settings LOG_CHAIN_KEY / LOG_CHAIN_KEY_FILE);
  `key_id` names the key, so after a rotation the older segments verify with the old keys
  (LOG_CHAIN_OLD_KEYS). Entries written before the keyed chain carry key id "sha256": the
  plain SHA-256 of the first version, accepted only as the start of a chain (a keyed
  entry may never be followed by an unkeyed one) and not resistant to rewriting by anyone
  who can write the table.
- **Anchored.** Every LOG_CHECKPOINT_EVERY entries (after the commit) and whenever
  `manage.py checkpoint_processing_log` runs, a signed checkpoint (stream, sequence, hash,
  time, HMAC signature) is appended to `<LOG_CHECKPOINT_DIR>/<stream>.checkpoints`
  (one JSON object a line), optionally also to syslog. Verification compares the chain
  and its head row with these checkpoints: a wiped log, a truncated tail, a lowered head
  or a re-hashed chain are each named.
- **Verified.** `verify(stream)` recomputes the chain (fast path: raw rows, canonical
  JSON by template, two processes on a long chain), compares the head row with the last
  entry and with the checkpoints, checks the append-only triggers and the configuration;
  each problem is one Dutch sentence.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import operator
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.utils import timezone

GENESIS = "0" * 64
LEGACY = "sha256"  # key id of entries hashed before the chain was keyed
DEV_KEY_HINT = "dev-only"
MIN_KEY_BYTES = 32
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


# --- keys ------------------------------------------------------------------------------------


def key_id_of(key: bytes) -> str:
    """A short public name for a key: it cannot be turned back into the key."""
    return hashlib.sha256(b"groepsaanpak-log-key-id:" + key).hexdigest()[:12]


@lru_cache(maxsize=8)
def _keyring(current: str, old: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    keys = {key_id_of(k.encode()): k.encode() for k in old if k}
    current_id = key_id_of(current.encode())
    keys[current_id] = current.encode()
    return current_id, keys


def keyring() -> tuple[str, dict[str, bytes]]:
    """(the current key id, every known key by id), from settings (read on each call, so a
    test's override_settings takes effect)."""
    return _keyring(settings.LOG_CHAIN_KEY, tuple(settings.LOG_CHAIN_OLD_KEYS))


def current_key_id() -> str:
    return keyring()[0]


def entry_hash(key_id: str, prev_hash: str, data: bytes) -> str:
    """The hash of one entry: HMAC-SHA256 with the named key, or for a legacy entry the
    plain SHA-256 of the first version. KeyError for a key id nobody configured."""
    if key_id == LEGACY:
        return hashlib.sha256(prev_hash.encode() + data).hexdigest()
    return hmac.digest(keyring()[1][key_id], prev_hash.encode() + data, "sha256").hex()


def sign(payload: bytes, key_id: str | None = None) -> tuple[str, str]:
    key_id = key_id or current_key_id()
    return key_id, hmac.digest(keyring()[1][key_id], payload, "sha256").hex()


# --- streams ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity (cached plans)
class Stream:
    """One append-only log: its model, the row of LogHead that serialises its appends, the
    canonical fields its hash covers, and the database triggers that keep it append-only."""

    name: str  # also the checkpoint file's name
    label: str  # Dutch, in messages
    model: type[models.Model]
    head_pk: int
    fields: tuple[str, ...]  # canonical fields, hashed as JSON with sorted keys
    int_fields: frozenset[str]
    dt_fields: frozenset[str]
    time_field: str  # what retention compares
    triggers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # vendor -> names
    purgeable: bool = False  # retention may remove its oldest entries (privacy_log_purge)

    @property
    def sorted_fields(self) -> tuple[str, ...]:
        return tuple(sorted(self.fields))

    @property
    def table(self) -> str:
        return self.model._meta.db_table


def _value(value):
    if isinstance(value, datetime):
        # Same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ"), but isoformat is much faster.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return value


def canonical_row(stream: Stream, values) -> bytes:
    """The canonical bytes of an entry given as its values in sorted_fields order."""
    return _ENCODER.encode(dict(zip(stream.sorted_fields, map(_value, values), strict=True))).encode()


def canonical(stream: Stream, entry) -> bytes:
    return canonical_row(stream, [getattr(entry, name) for name in stream.sorted_fields])


def seal(stream: Stream, entry, prev_hash: str) -> str:
    """Set prev_hash, key_id and entry_hash of a new entry (its sequence already set);
    returns the new hash."""
    entry.prev_hash = prev_hash
    if not isinstance(getattr(entry, "key_id", None), str) or entry.key_id in ("", LEGACY):
        entry.key_id = current_key_id()  # a new entry (db_default not yet applied) or re-sealed
    entry.entry_hash = entry_hash(entry.key_id, prev_hash, canonical(stream, entry))
    return entry.entry_hash


def locked_head(stream: Stream):
    """The stream's head row, locked: select_for_update serialises appends on PostgreSQL;
    SQLite serialises every write transaction already (transaction_mode IMMEDIATE)."""
    from .models import LogHead

    head = LogHead.objects.select_for_update().filter(pk=stream.head_pk).first()
    if head is None:
        LogHead.objects.get_or_create(pk=stream.head_pk)
        head = LogHead.objects.select_for_update().get(pk=stream.head_pk)
    return head


def append(stream: Stream, entries: list) -> None:
    """Chain and insert `entries` (model instances without sequence) after the head, in
    the caller's transaction; a checkpoint follows the commit when the chain passed a
    multiple of LOG_CHECKPOINT_EVERY."""
    from .models import LogHead

    if not entries:
        return
    with transaction.atomic():
        head = locked_head(stream)
        seq, prev = head.last_sequence, head.last_hash
        for entry in entries:
            seq += 1
            entry.sequence = seq
            prev = seal(stream, entry, prev)
        stream.model.objects.bulk_create(entries)
        LogHead.objects.filter(pk=head.pk).update(last_sequence=seq, last_hash=prev)
        every = settings.LOG_CHECKPOINT_EVERY
        if every and seq // every > head.last_sequence // every:
            transaction.on_commit(lambda: checkpoint(stream, quiet=True))


# --- checkpoints -----------------------------------------------------------------------------


def checkpoint_path(stream: Stream) -> Path:
    return Path(settings.LOG_CHECKPOINT_DIR) / f"{stream.name}.checkpoints"


def _checkpoint_payload(record: dict) -> bytes:
    fields = {k: record[k] for k in ("stream", "sequence", "hash", "at", "key_id")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def checkpoint(stream: Stream, *, quiet: bool = False) -> dict | None:
    """Append a signed checkpoint of the stream's head (sequence and hash of the last entry,
    the time) to its checkpoint file, and to syslog if LOG_CHECKPOINT_SYSLOG. With
    `quiet` (after an append) a failure to write is logged, not raised: the entries are
    committed already, the next checkpoint covers them."""
    from .models import LogHead

    try:
        head = LogHead.objects.filter(pk=stream.head_pk).values_list("last_sequence", "last_hash").first()
        seq, last_hash = head or (0, GENESIS)
        record = {
            "stream": stream.name,
            "sequence": seq,
            "hash": last_hash,
            "at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
            "key_id": current_key_id(),
        }
        record["signature"] = sign(_checkpoint_payload(record))[1]
        line = json.dumps(record, sort_keys=True) + "\n"
        path = checkpoint_path(stream)
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line lands at the end even with several writers; the operator
        # can make the file append-only for the application user (chattr +a).
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if settings.LOG_CHECKPOINT_SYSLOG:
            import syslog

            syslog.openlog("groepsaanpak", 0, syslog.LOG_AUTH)
            syslog.syslog(syslog.LOG_NOTICE, "log-checkpoint " + line.strip())
        return record
    except Exception:
        if not quiet:
            raise
        import logging

        logging.getLogger("groepsaanpak.logchain").exception("controlepunt %s niet geschreven", stream.name)
        return None


@dataclass
class Checkpoints:
    valid: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_checkpoints(stream: Stream) -> Checkpoints:
    """The checkpoints of this stream whose signature holds; a line that does not parse or
    whose signature fails (or names an unknown key) is a problem."""
    found = Checkpoints()
    path = checkpoint_path(stream)
    if not path.exists():
        return found
    keys = keyring()[1]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            payload = _checkpoint_payload(record)
            key = keys.get(record["key_id"])
            good = key is not None and hmac.compare_digest(
                hmac.digest(key, payload, "sha256").hex(), str(record["signature"])
            )
        except (ValueError, KeyError, TypeError):
            found.problems.append(f"controlepunt op regel {number} van {path} is onleesbaar")
            continue
        if record["stream"] != stream.name:
            continue
        if not good:
            found.problems.append(
                f"controlepunt op regel {number} van {path} heeft een ongeldige handtekening "
                f"(vervalst, of sleutel {record['key_id']} ontbreekt in LOG_CHAIN_OLD_KEYS)"
            )
            continue
        found.valid.append(record)
    return found


# --- the chain, fast ---------------------------------------------------------------------------
#
# Verification reads every row (2 million at city scale): plain tuples with a raw cursor,
# the timestamps as text in canonical form (from the database on PostgreSQL; sliced from
# SQLite's stored text), the canonical JSON encoded with a fixed template and, for a long
# chain outside a transaction, two ranges of sequence numbers checked in two processes.
# The bytes hashed are exactly those of canonical_row(); a row whose timestamp text is not
# in the expected form goes through canonical_row() itself. A break is reported as the
# sequential check from the start would report it.

PARALLEL_MIN_ENTRIES = 200_000  # below this, starting processes costs more than it saves
PARALLEL_WORKERS = 2


@lru_cache(maxsize=8)
def _plan(stream: Stream):
    names = stream.sorted_fields
    template = "".join(("{" if i == 0 else ",") + json.dumps(k) + ":%s" for i, k in enumerate(names)) + "}"
    encode = tuple(str if name in stream.int_fields else json.encoder.encode_basestring for name in names)
    return template, encode, len(names), names.index("prev_hash")


def _fast_canonical(stream: Stream, row) -> bytes | None:
    template, encode, n, _prev = _plan(stream)
    try:
        return (template % tuple(map(operator.call, encode, row[:n]))).encode()
    except TypeError:
        return None


def _range_sql(stream: Stream, connection, lo, hi) -> tuple[str, list]:
    """The rows lo <= sequence <= hi (None: unbounded) as raw tuples: the canonical
    fields in sorted order — integers as their JSON text, timestamps as canonical text
    (NULL if not stored in the usual form) — then sequence, key_id and entry_hash."""
    qn = connection.ops.quote_name
    columns = []
    for name in stream.sorted_fields:
        col = qn(name)
        if name in stream.int_fields:
            columns.append(f"COALESCE(CAST({col} AS TEXT), 'null')")
        elif name in stream.dt_fields and connection.vendor == "postgresql":
            columns.append(f"to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
        elif name in stream.dt_fields and connection.vendor == "sqlite":
            # Django stores naive UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
            columns.append(
                f"CASE WHEN substr({col}, 11, 1) = ' ' AND length({col}) = 26 "
                f"THEN substr({col}, 1, 10) || 'T' || substr({col}, 12) || 'Z' "
                f"WHEN substr({col}, 11, 1) = ' ' AND length({col}) = 19 "
                f"THEN substr({col}, 1, 10) || 'T' || substr({col}, 12) || '.000000Z' END"
            )
        else:
            columns.append(col)
    columns += [qn("sequence"), qn("key_id"), qn("entry_hash")]
    where, params = [], []
    if lo is not None:
        where.append(f"{qn('sequence')} >= %s")
        params.append(lo)
    if hi is not None:
        where.append(f"{qn('sequence')} <= %s")
        params.append(hi)
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(stream.table)}"  # noqa: S608
        f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {qn('sequence')}"
    )
    return sql, params


REHASHED = "inhoud gewijzigd of keten opnieuw berekend (HMAC klopt niet)"


def check_rows(stream: Stream, connection, lo, hi, prev, expected_seq, batch_size, keyed_seen=False):
    """Check the rows with lo <= sequence <= hi (None: unbounded) in order. `prev` is the
    hash the first row must point to (None: take the first row's own prev_hash; its link
    is checked by the caller). Returns (checked, broken_sequence or None, problem,
    first_prev_hash, last_entry_hash, legacy_count)."""
    sql, params = _range_sql(stream, connection, lo, hi)
    _template, _encode, _n, prev_at = _plan(stream)
    sha256 = hashlib.sha256
    hdigest = hmac.digest
    keys = keyring()[1]
    checked, legacy, first_prev, last_hash = 0, 0, None, prev
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(batch_size)
            if not rows:
                break
            for row in rows:
                row_prev, sequence, key_id, stored = row[prev_at], row[-3], row[-2], row[-1]
                if first_prev is None:
                    first_prev = row_prev
                    if prev is None:
                        prev = row_prev
                if sequence != expected_seq:
                    return (
                        checked,
                        sequence,
                        f"volgnummer {expected_seq} ontbreekt",
                        first_prev,
                        last_hash,
                        legacy,
                    )
                if row_prev != prev:
                    return (
                        checked,
                        sequence,
                        "verwijzing naar vorige regel klopt niet",
                        first_prev,
                        last_hash,
                        legacy,
                    )
                data = _fast_canonical(stream, row)
                if data is None:
                    data = canonical(stream, stream.model.objects.get(sequence=sequence))
                if key_id == LEGACY:
                    if keyed_seen:
                        return (
                            checked, sequence,
                            "ongesleutelde hash na een gesleutelde regel (teruggezet naar het oude schema)",
                            first_prev, last_hash, legacy,
                        )  # fmt: skip
                    computed = sha256(prev.encode() + data).hexdigest()
                    legacy += 1
                else:
                    key = keys.get(key_id)
                    if key is None:
                        return (
                            checked, sequence,
                            f"onbekende sleutel {key_id!r} (ontbreekt in LOG_CHAIN_OLD_KEYS?)",
                            first_prev, last_hash, legacy,
                        )  # fmt: skip
                    keyed_seen = True
                    computed = hdigest(key, prev.encode() + data, "sha256").hex()
                if computed != stored:
                    problem = "inhoud gewijzigd (hash klopt niet)" if key_id == LEGACY else REHASHED
                    return checked, sequence, problem, first_prev, last_hash, legacy
                prev = last_hash = stored
                expected_seq += 1
                checked += 1
    return checked, None, "", first_prev, last_hash, legacy


@dataclass
class ChainResult:
    checked: int
    broken_sequence: int | None = None
    problem: str = ""
    last_hash: str = GENESIS
    legacy: int = 0  # unkeyed entries at the start
    first_sequence: int = 1

    @property
    def ok(self) -> bool:
        return self.broken_sequence is None


def _check_range_in_child(stream_name, lo, hi, expected_seq, batch_size):
    from django.db import connection as child_connection

    try:
        return check_rows(STREAMS[stream_name], child_connection, lo, hi, None, expected_seq, batch_size)
    finally:
        child_connection.close()


def map_ranges(stream: Stream, ranges, batch_size, start):
    """Check the ranges in parallel processes (fork: the children inherit the loaded code;
    the parent's connections were closed before, so no socket is shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(len(ranges), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [
            pool.submit(_check_range_in_child, stream.name, lo, hi, lo or start, batch_size)
            for lo, hi in ranges
        ]
        return [f.result() for f in futures]


def ranges(first: int, last: int, parts: int) -> list[tuple[int | None, int | None]]:
    """Split [first, last] into `parts` ranges; the first and the last are open-ended, so
    every row (also one with an out-of-place sequence number) is in exactly one range."""
    size = (last - first + 1) // parts
    bounds = [first + size * k for k in range(parts)]
    return [
        (None if k == 0 else bounds[k], None if k == parts - 1 else bounds[k + 1] - 1) for k in range(parts)
    ]


def may_fork(connection) -> bool:
    if connection.in_atomic_block:  # other processes would not see this transaction's rows
        return False
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        return bool(name) and ":memory:" not in name and "mode=memory" not in name
    return connection.vendor == "postgresql"


PURGE_MARK_TABLE = "privacy_log_purge_mark"


def purge_mark(stream: Stream) -> tuple[int, str]:
    """(the last sequence removed by retention, its hash): where the chain now starts."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT through_sequence, through_hash FROM {PURGE_MARK_TABLE} WHERE stream = %s",  # noqa: S608
            [stream.name],
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def verify_chain(
    stream: Stream, batch_size: int = 5000, *, workers: int | None = None, hooks=None
) -> ChainResult:
    """Recompute the chain from its start (the genesis, or the mark retention left);
    name the first entry that does not fit. `hooks` lets privacy.log's tests replace the
    parallel machinery (may_fork, map_ranges, close_all, parallel_min)."""
    hooks = hooks or {}
    fork_ok = hooks.get("may_fork", may_fork)
    run_ranges = hooks.get("map_ranges", map_ranges)
    close_all = hooks.get("close_all", connections.close_all)
    parallel_min = hooks.get("parallel_min", PARALLEL_MIN_ENTRIES)
    workers = PARALLEL_WORKERS if workers is None else workers
    start_after, start_hash = purge_mark(stream)
    start = start_after + 1
    parts = None
    if workers > 1 and fork_ok(connection):
        bounds = stream.model.objects.aggregate(lo=models.Min("sequence"), hi=models.Max("sequence"))
        if bounds["hi"] is not None and bounds["hi"] - max(bounds["lo"], start) + 1 >= parallel_min:
            parts = ranges(max(bounds["lo"], start), bounds["hi"], workers)
    if parts is None:
        checked, broken, problem, _first, last, legacy = check_rows(
            stream, connection, None, None, start_hash, start, batch_size
        )
        return ChainResult(checked, broken, problem, last, legacy, start)
    close_all()  # the children must not share the parent's sockets
    results = run_ranges(stream, parts, batch_size, start)
    checked, prev, legacy_total, keyed_seen = 0, start_hash, 0, False
    for n, broken, _problem, first_prev, last_hash, legacy in results:
        downgrade = keyed_seen and legacy
        if broken is not None or n == 0 or first_prev != prev or downgrade:
            # Re-check sequentially from the row after the last one verified, so the first
            # failure found is the one the sequential check from the start names.
            more, broken, problem, _first, last, more_legacy = check_rows(
                stream,
                connection,
                start + checked if checked else None,
                None,
                prev,
                start + checked,
                batch_size,
                keyed_seen,
            )
            return ChainResult(checked + more, broken, problem, last, legacy_total + more_legacy, start)
        checked += n
        prev = last_hash
        legacy_total += legacy
        keyed_seen = keyed_seen or legacy < n
    return ChainResult(checked, None, "", prev, legacy_total, start)


# --- the whole verification --------------------------------------------------------------------


@dataclass
class Report:
    stream: Stream
    chain: ChainResult
    problems: list[str] = field(default_factory=list)  # integrity: always fatal
    config_problems: list[str] = field(default_factory=list)  # fatal in production or --strict
    notes: list[str] = field(default_factory=list)
    checkpoints: int = 0

    def failed(self, strict: bool) -> bool:
        return bool(self.problems or (strict and self.config_problems))


def _head(stream: Stream):
    from .models import LogHead

    return LogHead.objects.filter(pk=stream.head_pk).values_list("last_sequence", "last_hash").first()


def _last_entry(stream: Stream):
    return stream.model.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()


def check_head(stream: Stream, chain: ChainResult) -> list[str]:
    """The head row against the last entry: its sequence AND its hash."""
    head = _head(stream)
    last = _last_entry(stream)
    label = stream.label
    if head is None:
        return (
            [f"{label}: de kop (LogHead {stream.head_pk}) ontbreekt terwijl er regels zijn"] if last else []
        )
    head_seq, head_hash = head
    if last is None:
        if head_seq:
            return [f"{label} is leeggemaakt: de kop noemt regel {head_seq}, maar er zijn geen regels"]
        return []
    last_seq, last_hash = last
    problems = []
    if head_seq > last_seq:
        problems.append(
            f"{label}: staart afgekapt — de kop noemt regel {head_seq}, de laatste regel is {last_seq}"
        )
    elif head_seq < last_seq:
        problems.append(
            f"{label}: kop verlaagd — de kop noemt regel {head_seq}, maar er staan regels tot {last_seq}"
        )
    elif head_hash != last_hash:
        problems.append(f"{label}: de hash in de kop komt niet overeen met die van regel {last_seq}")
    return problems


def check_against_checkpoints(stream: Stream, found: Checkpoints) -> list[str]:
    """Each valid checkpoint's sequence must still be in the log with the same hash, and the
    head may not be below it."""
    label = stream.label
    problems = list(found.problems)
    if not found.valid:
        return problems
    head = _head(stream)
    head_seq = head[0] if head else 0
    last = _last_entry(stream)
    last_seq = last[0] if last else 0
    latest = max(found.valid, key=lambda r: r["sequence"])
    if latest["sequence"] > 0 and last is None:
        return [
            *problems,
            f"{label} is leeggemaakt: het controlepunt van {latest['at']} noemt regel "
            f"{latest['sequence']}, maar het log bevat geen regels",
        ]
    if latest["sequence"] > last_seq:
        problems.append(
            f"{label}: staart afgekapt — het controlepunt van {latest['at']} noemt regel "
            f"{latest['sequence']}, het log eindigt bij regel {last_seq}"
        )
    if latest["sequence"] > head_seq:
        problems.append(
            f"{label}: kop verlaagd — de kop noemt regel {head_seq}, het controlepunt van "
            f"{latest['at']} noemt regel {latest['sequence']}"
        )
    start_after, _ = purge_mark(stream)
    wanted = {r["sequence"]: r for r in found.valid if r["sequence"] > start_after}
    stored: dict[int, str] = {}
    seqs = sorted(wanted)
    for i in range(0, len(seqs), 1000):
        stored.update(
            stream.model.objects.filter(sequence__in=seqs[i : i + 1000]).values_list("sequence", "entry_hash")
        )
    for seq in seqs:
        if seq in stored and stored[seq] != wanted[seq]["hash"]:
            problems.append(
                f"{label}: regel {seq} wijkt af van het controlepunt van {wanted[seq]['at']} "
                f"(keten herschreven)"
            )
            break  # every later checkpoint differs too; the first one names where
    return problems


def trigger_state(stream: Stream) -> dict[str, bool]:
    """Per expected trigger: present and enabled?"""
    names = stream.triggers.get(connection.vendor, ())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [stream.table]
            )
            present = {name: True for (name,) in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT tgname, tgenabled <> 'D' FROM pg_trigger "
                "WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
                [stream.table],
            )
            present = dict(cursor.fetchall())
    return {name: present.get(name) for name in names}


def check_triggers(stream: Stream) -> list[str]:
    problems = []
    for name, state in trigger_state(stream).items():
        if state is None:
            problems.append(
                f"{stream.label}: trigger {name} ontbreekt — het log is niet meer alleen-toevoegen"
            )
        elif not state:
            problems.append(
                f"{stream.label}: trigger {name} staat uit — het log is niet meer alleen-toevoegen"
            )
    return problems


def check_config(streams: Iterable[Stream] = ()) -> list[str]:
    """Is this installation's set-up fit for production? One Dutch sentence per gap."""
    problems = []
    key = settings.LOG_CHAIN_KEY
    if DEV_KEY_HINT in key:
        problems.append(
            "de ontwikkelsleutel voor de logketen is in gebruik: zet LOG_CHAIN_KEY of LOG_CHAIN_KEY_FILE"
        )
    elif len(key.encode()) < MIN_KEY_BYTES:
        problems.append(f"de sleutel van de logketen is korter dan {MIN_KEY_BYTES} tekens")
    directory = Path(settings.LOG_CHECKPOINT_DIR)
    if not directory.is_dir() or not os.access(directory, os.W_OK):
        problems.append(f"de map voor controlepunten ({directory}) bestaat niet of is niet schrijfbaar")
    if not settings.LOG_CHECKPOINT_EVERY:
        problems.append("LOG_CHECKPOINT_EVERY is 0: er worden geen controlepunten bij het schrijven gemaakt")
    if connection.vendor == "postgresql":
        problems += _role_problems(streams)
    return problems


def _role_problems(streams: Iterable[Stream]) -> list[str]:
    """On PostgreSQL the application's role may only SELECT and INSERT on the logs."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        if superuser:
            return [
                f"de applicatie draait als superuser {user!r}: gebruik een eigen rol (zie manage.py db_roles)"
            ]
        for stream in streams:
            cursor.execute(
                "SELECT pg_get_userbyid(relowner) = current_user, "
                "has_table_privilege(%s, 'UPDATE'), has_table_privilege(%s, 'DELETE'), "
                "has_table_privilege(%s, 'TRUNCATE') FROM pg_class WHERE oid = to_regclass(%s)",
                [stream.table] * 4,
            )
            owner, *rights = cursor.fetchone()
            if owner:
                problems.append(
                    f"{stream.label}: de applicatierol {user!r} is eigenaar van {stream.table} "
                    f"en kan de triggers uitzetten"
                )
            elif any(rights):
                problems.append(
                    f"{stream.label}: de applicatierol {user!r} mag regels wijzigen, verwijderen of "
                    f"de tabel leegmaken"
                )
        cursor.execute("SELECT has_table_privilege(%s, 'INSERT')", ["privacy_log_purge_permit"])
        if cursor.fetchone()[0]:
            problems.append(f"de applicatierol {user!r} kan zichzelf een verwijdervergunning geven")
    return problems


def verify(stream: Stream, *, workers: int | None = None) -> Report:
    """Everything: chain, head, checkpoints, triggers, configuration."""
    chain = verify_chain(stream, workers=workers)
    report = Report(stream, chain)
    if not chain.ok:
        report.problems.append(f"{stream.label}: regel {chain.broken_sequence}: {chain.problem}")
    report.problems += check_head(stream, chain)
    found = read_checkpoints(stream)
    report.checkpoints = len(found.valid)
    for problem in check_against_checkpoints(stream, found):
        if problem not in report.problems:
            report.problems.append(problem)
    report.problems += check_triggers(stream)
    every = settings.LOG_CHECKPOINT_EVERY
    if not found.valid and every and chain.checked >= every:
        report.config_problems.append(
            f"{stream.label}: geen controlepunten gevonden in {checkpoint_path(stream)}; "
            f"plan manage.py checkpoint_processing_log in"
        )
    if chain.legacy:
        report.notes.append(
            f"{stream.label}: de eerste {chain.legacy} regels hebben de oude ongesleutelde hash; "
            f"alleen de gesleutelde regels zijn bestand tegen herschrijven"
        )
    return report


def verification_path(stream: Stream) -> Path:
    return Path(settings.LOG_CHECKPOINT_DIR) / f"{stream.name}.verified.json"


def record_verification(stream: Stream, report: Report) -> None:
    """Keep the outcome of the latest full verification (manage.py verify_processing_log) for
    the privacy officer's overview: when, intact or not, how many rows, the problems."""
    record = {
        "at": timezone.now().isoformat(),
        "ok": not report.problems,
        "checked": report.chain.checked,
        "checkpoints": report.checkpoints,
        "problems": report.problems[:20],
    }
    try:
        path = verification_path(stream)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record), encoding="utf-8")
    except OSError:
        import logging

        logging.getLogger("groepsaanpak.logchain").exception("verificatie %s niet bewaard", stream.name)


def last_verification(stream: Stream) -> dict | None:
    """The outcome record_verification kept, or None (never verified here, or unreadable)."""
    try:
        return json.loads(verification_path(stream).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# The streams by name, registered by privacy.log and privacy.security.
STREAMS: dict[str, Stream] = {}


def register(stream: Stream) -> Stream:
    STREAMS[stream.name] = stream
    return stream
