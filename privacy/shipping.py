"""Shipping the processing log to the organisation's log store (issue 21).

`manage.py ship_processing_log` sends the entries of the processing log after the cursor
(`ShipCursor`) in batches of LOG_SHIP_BATCH, in sequence order, as JSON lines in the
fields of Logboek Dataverwerkingen (privacy/shipped.py has the format), each batch followed
by a checkpoint signed with the shipping key, by HTTP POST to LOG_SHIP_URL. The cursor
moves only after the receiver answered 2xx, so every entry arrives at least once and in
order; after a failure the next run starts again at the first unconfirmed entry (the
receiver skips repeats by sequence number). Failures are counted on the cursor and shown in
the privacy officer's overview with the lag. See docs/adr/0016-shipping-the-processing-log.md.

- Data-subject ids leave pseudonymised again (HMAC under LOG_SHIP_PSEUDONYM_KEY): the log
  store can link the entries about one person, not our internal pseudonyms.
- The officials are named by their account number and organisation, not by name.
- The signing key is Ed25519, derived from the chain key (LOG_CHAIN_KEY) for its own
  purpose: no second secret to keep; `ship_processing_log --public-key` prints the public
  key the receiver verifies with.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import chain, log, shipped
from .models import LogHead, ProcessingLogEntry, ShipCursor

SERVICE = {"service.name": "groepsaanpak"}
STATUS = {"ok": "Ok", "error": "Error"}  # anything else (e.g. a refusal handled as intended): Unset
SUBJECT_ID_TYPE = "urn:groepsaanpak:pseudoniem"
USER_AGENT = "groepsaanpak-ship/1"


class ShipError(Exception):
    """The receiver did not confirm a batch; the message is one Dutch sentence."""


# --- keys --------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _signing_key(chain_key: str):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = hmac.digest(chain_key.encode(), b"groepsaanpak-ship-signing-key", "sha256")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key():
    return _signing_key(settings.LOG_CHAIN_KEY)


def public_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization

    return (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def subject_id(data_subject: str) -> str:
    """The data-subject id as shipped: stable per person, not our internal pseudonym."""
    key = settings.LOG_SHIP_PSEUDONYM_KEY.encode()
    return hmac.new(key, data_subject.encode(), hashlib.sha256).hexdigest()[:32]


# --- lines -------------------------------------------------------------------------------------


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entry_line(entry: ProcessingLogEntry) -> dict:
    """One entry in the fields of Logboek Dataverwerkingen (without the shipped chain's link)."""
    status = STATUS.get(entry.status, "Unset")
    attributes = {
        "dpl.core.processing_activity_id": settings.LOG_SHIP_ACTIVITY_URI + entry.activity,
        "dpl.core.data_subject_id": subject_id(entry.data_subject),
        "dpl.core.data_subject_id_type": SUBJECT_ID_TYPE,
        "groepsaanpak.action": entry.action,
        "groepsaanpak.categories": entry.categories,
        "groepsaanpak.actor_id": entry.actor_id,
        "groepsaanpak.actor_organisation": entry.actor_organisation,
        "groepsaanpak.case_id": entry.case_id,
        "groepsaanpak.legal_basis": entry.legal_basis,
    }
    return {
        "trace_id": entry.trace_id,
        "span_id": entry.span_id,
        "parent_span_id": entry.parent_span_id,
        "name": entry.operation,
        "start_time": _time(entry.started_at),
        "end_time": _time(entry.ended_at),
        "status": status,  # the standard's field
        "status_code": status,  # its OpenTelemetry name, which log stores built on OTel read
        "resource": {"attributes": SERVICE},
        "attributes": attributes,
        shipped.LOG: {"sequence": entry.sequence, "entry_hash": entry.entry_hash},
    }


@dataclass
class Batch:
    lines: list[dict]
    through: int  # the last sequence in it
    ship_hash: str  # the shipped chain's hash after it
    checkpoint_through: int

    def body(self) -> bytes:
        return b"".join(shipped.canonical(line) + b"\n" for line in self.lines)


def next_batch(cursor: ShipCursor, size: int) -> Batch | None:
    """The next entries after the cursor, linked, then our own checkpoints they reach and a
    signed checkpoint of the shipped chain. None when there is nothing new."""
    entries = list(
        ProcessingLogEntry.objects.filter(sequence__gt=cursor.shipped_through).order_by("sequence")[:size]
    )
    if not entries:
        return None
    prev = cursor.ship_hash
    lines = []
    for entry in entries:
        line = entry_line(entry)
        prev = shipped.link(line, prev)
        lines.append(line)
    through = entries[-1].sequence
    carried = cursor.checkpoint_through
    for record in chain.read_checkpoints(log.STREAM).valid:
        if cursor.checkpoint_through < record["sequence"] <= through:
            lines.append({shipped.SOURCE_CHECKPOINT: record})
            carried = max(carried, record["sequence"])
    key_id = shipped.public_key_id(public_key_pem())
    lines.append(shipped.signed_checkpoint(signing_key(), key_id, through, prev, _time(timezone.now())))
    return Batch(lines, through, prev, carried)


def post(body: bytes) -> None:
    url = settings.LOG_SHIP_URL
    if urlsplit(url).scheme not in ("http", "https"):
        raise ShipError(_("LOG_SHIP_URL is geen http- of https-adres"))
    headers = {"Content-Type": "application/x-ndjson", "User-Agent": USER_AGENT}
    if settings.LOG_SHIP_TOKEN:
        headers["Authorization"] = f"Bearer {settings.LOG_SHIP_TOKEN}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked
    try:
        with urllib.request.urlopen(request, timeout=settings.LOG_SHIP_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        raise ShipError(_("de ontvanger antwoordde %(status)s") % {"status": exc.code}) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ShipError(_("de ontvanger is niet bereikbaar (%(reason)s)") % {"reason": reason}) from exc
    if not 200 <= status < 300:
        raise ShipError(_("de ontvanger antwoordde %(status)s") % {"status": status})


def cursor() -> ShipCursor:
    return ShipCursor.objects.get_or_create(name="default")[0]


@dataclass
class Outcome:
    shipped: int = 0
    batches: int = 0
    through: int = 0
    error: str = ""


def ship(*, max_batches: int | None = None) -> Outcome:
    """Ship until the receiver has everything (or max_batches were sent), or the first
    failure, which is recorded on the cursor and returned (not raised)."""
    if not settings.LOG_SHIP_URL:
        raise ShipError(_("LOG_SHIP_URL is niet ingesteld: verzenden staat uit"))
    outcome = Outcome()
    while max_batches is None or outcome.batches < max_batches:
        current = cursor()
        outcome.through = current.shipped_through
        batch = next_batch(current, settings.LOG_SHIP_BATCH)
        if batch is None:
            break
        now = timezone.now()
        try:
            post(batch.body())
        except ShipError as exc:
            ShipCursor.objects.filter(pk=current.pk).update(
                last_attempt_at=now,
                failures=current.failures + 1,
                last_error=str(exc)[:300],
                last_error_at=now,
            )
            outcome.error = str(exc)
            return outcome
        with transaction.atomic():
            # Only forward: a second shipper that got further is not set back.
            ShipCursor.objects.filter(pk=current.pk, shipped_through=current.shipped_through).update(
                shipped_through=batch.through,
                ship_hash=batch.ship_hash,
                checkpoint_through=batch.checkpoint_through,
                last_success_at=now,
                last_attempt_at=now,
                failures=0,
            )
        outcome.shipped += batch.through - current.shipped_through
        outcome.batches += 1
        outcome.through = batch.through
    return outcome


# --- the privacy officer's overview -----------------------------------------------------------


def state(user=None) -> dict:
    """For the overview: is shipping on, where to (host only), how far, how far behind, the
    oldest entry not yet shipped, the latest success and the failures since."""
    current = ShipCursor.objects.filter(name="default").first()
    head = LogHead.objects.filter(pk=log.STREAM.head_pk).values_list("last_sequence", flat=True).first() or 0
    through = current.shipped_through if current else 0
    oldest = (
        ProcessingLogEntry.objects.filter(sequence__gt=through)
        .order_by("sequence")
        .values_list("started_at", flat=True)
        .first()
    )
    return {
        "enabled": bool(settings.LOG_SHIP_URL),
        "receiver": urlsplit(settings.LOG_SHIP_URL).hostname or "",
        "cursor": current,
        "head": head,
        "through": through,
        "lag": max(head - through, 0),
        "oldest_unshipped": oldest,
    }
