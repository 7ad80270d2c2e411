"""The shipped processing log: its line format, its chain and its verification.

Plain Python (stdlib and `cryptography`), no Django, so that the receiver can check a
shipped file without our database or our keys: `python -m privacy.shipped FILE --public-key
KEY.pem` or `manage.py verify_shipped_log`. The shipper (privacy/shipping.py) builds the
lines with the functions below. See docs/adr/0016-shipping-the-processing-log.md.

A shipped file is JSON lines of three kinds:

- an **entry**: one processing in the fields of Logboek Dataverwerkingen (`trace_id`,
  `span_id`, `parent_span_id`, `name`, `start_time`, `end_time`, `status`/`status_code`,
  `resource`, `attributes` with `dpl.core.*`), plus `groepsaanpak.log`: the entry's
  sequence number in our log, its hash there (`entry_hash`, HMAC under our chain key),
  and the link of the *shipped* chain: `prev` and `hash` = SHA-256(prev + the line's
  canonical JSON without `hash`);
- a **checkpoint**: `groepsaanpak.checkpoint` {sequence, hash, at, key_id} with an
  Ed25519 `signature`: the shipper vouches that the shipped chain reached this hash at this
  sequence. Anyone with the public key can check it; nobody without the private key can
  make one, so rewriting the file and recomputing the SHA-256 chain is detected;
- a **source checkpoint**: `groepsaanpak.source_checkpoint`, a checkpoint of our own log
  as written to LOG_CHECKPOINT_DIR (HMAC-signed: the holder of the chain key can tie the
  shipped `entry_hash` values to our log).

Lines may arrive more than once (at least once delivery): an identical repeat is skipped,
a different line with the same sequence number is a problem.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

GENESIS = "0" * 64
LOG = "groepsaanpak.log"
CHECKPOINT = "groepsaanpak.checkpoint"
SOURCE_CHECKPOINT = "groepsaanpak.source_checkpoint"


def canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(line: dict, prev: str) -> str:
    """Set the shipped chain's `prev` and `hash` on an entry line; returns its hash."""
    line[LOG] = {k: v for k, v in line[LOG].items() if k != "hash"} | {"prev": prev}
    digest = hashlib.sha256(prev.encode() + canonical(line)).hexdigest()
    line[LOG]["hash"] = digest
    return digest


def recompute(line: dict) -> str:
    body = dict(line)
    body[LOG] = {k: v for k, v in line[LOG].items() if k != "hash"}
    return hashlib.sha256(str(line[LOG].get("prev", "")).encode() + canonical(body)).hexdigest()


def public_key_id(public_pem: bytes) -> str:
    """A short name for a shipping public key (the checkpoint names the key it was signed with)."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(public_pem)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(b"groepsaanpak-ship-key:" + raw).hexdigest()[:12]


def signed_checkpoint(private_key, key_id: str, sequence: int, digest: str, at: str) -> dict:
    record = {"sequence": sequence, "hash": digest, "at": at, "key_id": key_id}
    signature = private_key.sign(canonical(record))
    return {CHECKPOINT: record, "signature": base64.b64encode(signature).decode()}


@dataclass
class Verdict:
    entries: int = 0
    first: int | None = None
    last: int | None = None
    checkpoints: int = 0
    source_checkpoints: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _public_keys(pems: Iterable[bytes]) -> dict:
    from cryptography.hazmat.primitives import serialization

    return {public_key_id(pem): serialization.load_pem_public_key(pem) for pem in pems}


def verify_lines(lines: Iterable[str], public_pems: Iterable[bytes]) -> Verdict:
    """Check a shipped file: every entry's hash, the chain from line to line without gaps in
    the sequence numbers, every checkpoint's signature and that its hash is the chain's at
    that sequence, and that the last entry is covered by a checkpoint. One Dutch sentence
    per problem (the first break in the chain only: every later link fails with it)."""
    from cryptography.exceptions import InvalidSignature

    keys = _public_keys(public_pems)
    verdict = Verdict()
    entries: dict[int, dict] = {}
    checkpoints: list[tuple[int, dict]] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            verdict.problems.append(f"regel {number} is geen JSON")
            continue
        if CHECKPOINT in line:
            checkpoints.append((number, line))
        elif SOURCE_CHECKPOINT in line:
            verdict.source_checkpoints += 1
        elif isinstance(line.get(LOG), dict) and isinstance(line[LOG].get("sequence"), int):
            seq = line[LOG]["sequence"]
            if seq in entries:
                if canonical(entries[seq]) == canonical(line):
                    verdict.duplicates += 1  # delivered twice: at least once
                else:
                    verdict.problems.append(
                        f"regel {number}: volgnummer {seq} komt twee keer voor, verschillend"
                    )
                continue
            entries[seq] = line
        else:
            verdict.problems.append(f"regel {number} is geen logregel en geen controlepunt")
    chain_at: dict[int, str] = {}
    prev, expected = GENESIS, None
    for seq in sorted(entries):
        line = entries[seq]
        if expected is not None and seq != expected:
            verdict.problems.append(f"regels {expected} tot {seq - 1} ontbreken")
            break
        if line[LOG].get("prev") != prev:
            verdict.problems.append(
                f"regel met volgnummer {seq} sluit niet aan op de vorige (keten gebroken)"
            )
            break
        if recompute(line) != line[LOG].get("hash"):
            verdict.problems.append(f"regel met volgnummer {seq} is gewijzigd (hash klopt niet)")
            break
        prev = line[LOG]["hash"]
        chain_at[seq] = prev
        expected = seq + 1
        verdict.entries += 1
    if entries:
        verdict.first, verdict.last = min(entries), max(entries)
    covered = 0
    for number, line in checkpoints:
        record = line.get(CHECKPOINT) or {}
        key = keys.get(record.get("key_id"))
        if key is None:
            verdict.problems.append(
                f"controlepunt op regel {number}: onbekende sleutel {record.get('key_id')!r} "
                f"(geef de publieke sleutel van de verzender mee)"
            )
            continue
        try:
            key.verify(base64.b64decode(line.get("signature", "")), canonical(record))
        except (InvalidSignature, ValueError, TypeError):
            verdict.problems.append(f"controlepunt op regel {number} heeft een ongeldige handtekening")
            continue
        verdict.checkpoints += 1
        seq = record.get("sequence")
        if seq in entries and seq not in chain_at:
            continue  # after the break already named
        if seq in chain_at and chain_at[seq] != record.get("hash"):
            verdict.problems.append(
                f"controlepunt op regel {number} (volgnummer {seq}) wijkt af van de keten: "
                f"regels zijn gewijzigd of de keten is opnieuw berekend"
            )
        elif seq not in entries and entries and seq > max(entries):
            verdict.problems.append(
                f"controlepunt op regel {number} noemt volgnummer {seq}, maar het bestand eindigt bij "
                f"{max(entries)}: regels aan het eind ontbreken"
            )
        elif seq in entries:
            covered = max(covered, seq)
    if entries and not verdict.problems and covered < max(entries):
        verdict.problems.append(
            f"de regels na volgnummer {covered} zijn door geen controlepunt gedekt"
            if covered
            else "geen geldig controlepunt: de keten is niet te controleren"
        )
    return verdict


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Controleer een verzonden verwerkingslog (JSON-regels).")
    parser.add_argument("file")
    parser.add_argument("--public-key", action="append", required=True, help="PEM-bestand; mag vaker")
    args = parser.parse_args(argv)
    with Path(args.file).open(encoding="utf-8") as handle:
        verdict = verify_lines(handle, [Path(p).read_bytes() for p in args.public_key])
    for problem in verdict.problems:
        print(f"FOUT: {problem}")
    if verdict.ok:
        print(
            f"In orde: {verdict.entries} regels ({verdict.first}–{verdict.last}), {verdict.checkpoints} controlepunten."
        )
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
