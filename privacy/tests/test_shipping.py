"""Shipping the processing log after Logboek Dataverwerkingen (issue 21), to a receiver on
loopback: delivery with the standard's fields, order, resumption after the receiver was
down, the cursor and the overview, and the receiver's own verification of what it got —
which fails on a changed, removed or re-hashed line and on a forged checkpoint."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from privacy import chain, log, shipped, shipping
from privacy.models import ProcessingLogEntry, ShipCursor
from privacy.tests.test_processing_log import _write

pytestmark = pytest.mark.django_db

TOKEN = "ontvanger-token-123"  # noqa: S105 - a test value


class Receiver:
    """A log store on 127.0.0.1: keeps every POSTed body; `fail_with` makes it answer an
    error instead; `stop()`/`start()` take it off the network and back on the same port."""

    def __init__(self):
        self.bodies: list[bytes] = []
        self.headers: list[dict] = []
        self.fail_with: int | None = None
        self.port = 0
        self.start()

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.fail_with:
                    self.send_response(receiver.fail_with)
                    self.end_headers()
                    return
                receiver.bodies.append(body)
                receiver.headers.append(dict(self.headers))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/logboek"

    def lines(self) -> list[str]:
        return [line for body in self.bodies for line in body.decode().splitlines()]

    def entries(self) -> list[dict]:
        return [json.loads(line) for line in self.lines() if '"trace_id"' in line]


@pytest.fixture
def receiver(settings):
    receiver = Receiver()
    settings.LOG_SHIP_URL = receiver.url
    settings.LOG_SHIP_TOKEN = TOKEN
    settings.LOG_SHIP_BATCH = 3
    settings.LOG_SHIP_TIMEOUT = 5
    yield receiver
    receiver.stop()


def _file(tmp_path, lines, name="shipped.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _verify(lines):
    return shipped.verify_lines(lines, [shipping.public_key_pem()])


def test_entries_arrive_in_order_with_the_standards_fields(receiver, world):
    _write(7, actor=world.regisseur)
    call_command("ship_processing_log")
    assert len(receiver.bodies) == 3  # batches of 3: 3 + 3 + 1
    assert {h["Authorization"] for h in receiver.headers} == {f"Bearer {TOKEN}"}
    assert {h["Content-Type"] for h in receiver.headers} == {"application/x-ndjson"}
    entries = receiver.entries()
    assert [e[shipped.LOG]["sequence"] for e in entries] == list(range(1, 8))
    first, stored = entries[0], ProcessingLogEntry.objects.get(sequence=1)
    assert first["trace_id"] == stored.trace_id and first["span_id"] == stored.span_id
    assert first["parent_span_id"] == stored.parent_span_id
    assert first["name"] == "person.read" and first["status"] == first["status_code"] == "Ok"
    assert first["start_time"].endswith("Z") and first["end_time"].endswith("Z")
    attributes = first["attributes"]
    assert (
        attributes["dpl.core.processing_activity_id"] == "urn:groepsaanpak:verwerkingsactiviteit:groepsaanpak"
    )
    assert attributes["dpl.core.data_subject_id_type"] == shipping.SUBJECT_ID_TYPE
    assert attributes["groepsaanpak.actor_id"] == world.regisseur.pk
    assert first[shipped.LOG]["entry_hash"] == stored.entry_hash
    assert ShipCursor.objects.get().shipped_through == 7


def test_data_subject_ids_leave_pseudonymised_and_stable(receiver, world):
    _write(2)
    log.record(actor=None, action="read", operation="person.read", activity="groepsaanpak",
               subjects=["subject-0"], categories=["personal"])  # fmt: skip
    call_command("ship_processing_log")
    ids = [e["attributes"]["dpl.core.data_subject_id"] for e in receiver.entries()]
    assert "subject-0" not in receiver.lines()[0] and len(ids[0]) == 32
    assert ids[0] == ids[2] != ids[1]  # the same person is linkable in the log store
    out = io.StringIO()
    call_command("ship_processing_log", subject_id="subject-0", stdout=out)
    assert out.getvalue().strip() == ids[0]  # for a subject-access request


def test_a_second_run_sends_only_what_is_new(receiver):
    _write(2)
    call_command("ship_processing_log")
    call_command("ship_processing_log")
    assert len(receiver.bodies) == 1
    _write(2)
    call_command("ship_processing_log")
    assert [e[shipped.LOG]["sequence"] for e in receiver.entries()] == [1, 2, 3, 4]
    assert _verify(receiver.lines()).ok


def test_resumes_after_the_receiver_was_down_without_loss_or_disorder(receiver, world, tmp_path):
    _write(4)
    call_command("ship_processing_log", max_batches=1)  # 1..3 confirmed
    receiver.stop()
    _write(3)
    with pytest.raises(CommandError, match="niet bereikbaar"):
        call_command("ship_processing_log")
    cursor = ShipCursor.objects.get()
    assert cursor.shipped_through == 3 and cursor.failures == 1 and "niet bereikbaar" in cursor.last_error
    receiver.start()  # back, same address
    receiver.fail_with = 503
    with pytest.raises(CommandError, match="503"):
        call_command("ship_processing_log")
    assert ShipCursor.objects.get().failures == 2
    receiver.fail_with = None
    call_command("ship_processing_log")
    assert [e[shipped.LOG]["sequence"] for e in receiver.entries()] == list(range(1, 8))
    cursor = ShipCursor.objects.get()
    assert cursor.shipped_through == 7 and cursor.failures == 0
    verdict = _verify(receiver.lines())
    assert verdict.ok, verdict.problems
    assert verdict.entries == 7


def test_a_batch_delivered_twice_is_still_verifiable(receiver):
    """At least once: the receiver answered but the cursor was not moved (the shipper died);
    the repeat is identical, the verifier skips it."""
    _write(2)
    call_command("ship_processing_log")
    ShipCursor.objects.update(shipped_through=0, ship_hash=chain.GENESIS)
    call_command("ship_processing_log")
    verdict = _verify(receiver.lines())
    assert verdict.ok and verdict.duplicates == 2


def test_the_logs_own_checkpoints_travel_along(receiver, settings):
    settings.LOG_CHECKPOINT_EVERY = 0
    _write(2)
    chain.checkpoint(log.STREAM)
    call_command("ship_processing_log")
    carried = [json.loads(line) for line in receiver.lines() if shipped.SOURCE_CHECKPOINT in line]
    assert [c[shipped.SOURCE_CHECKPOINT]["sequence"] for c in carried] == [2]
    assert (
        carried[0][shipped.SOURCE_CHECKPOINT]["hash"] == ProcessingLogEntry.objects.get(sequence=2).entry_hash
    )
    _write(1)
    call_command("ship_processing_log")
    assert sum(shipped.SOURCE_CHECKPOINT in line for line in receiver.lines()) == 1  # not again


def test_the_verifier_command_accepts_a_shipped_file(receiver, tmp_path, capsys):
    _write(5)
    call_command("ship_processing_log")
    key = tmp_path / "ontvanger.pem"
    call_command("ship_processing_log", public_key=True, stdout=key.open("w"))
    call_command("verify_shipped_log", str(_file(tmp_path, receiver.lines())), public_key=[str(key)])
    assert "In orde: 5 regels" in capsys.readouterr().out
    assert shipped.main([str(_file(tmp_path, receiver.lines())), "--public-key", str(key)]) == 0


def _shipped(receiver, n=6):
    _write(n)
    call_command("ship_processing_log")
    return receiver.lines()


def _edit(lines, sequence, change):
    out = []
    for text in lines:
        line = json.loads(text)
        if line.get(shipped.LOG, {}).get("sequence") == sequence:
            change(line)
            text = shipped.canonical(line).decode()
        out.append(text)
    return out


def test_a_changed_line_fails_verification(receiver, tmp_path):
    lines = _edit(_shipped(receiver), 2, lambda line: line["attributes"].update({"groepsaanpak.case_id": 99}))
    with pytest.raises(CommandError, match="volgnummer 2 is gewijzigd"):
        call_command("verify_shipped_log", str(_file(tmp_path, lines)))


def test_a_removed_line_fails_verification(receiver):
    lines = [t for t in _shipped(receiver) if json.loads(t).get(shipped.LOG, {}).get("sequence") != 4]
    assert _verify(lines).problems == ["regels 4 tot 4 ontbreken"]


def test_a_rehashed_chain_fails_on_the_signed_checkpoint(receiver):
    """Whoever rewrites a line and recomputes every SHA-256 link after it still cannot sign
    a checkpoint: the signed hash no longer matches."""
    lines = [json.loads(t) for t in _shipped(receiver)]
    prev = shipped.GENESIS
    for line in lines:
        if shipped.LOG in line:
            if line[shipped.LOG]["sequence"] == 2:
                line["attributes"]["groepsaanpak.actor_id"] = 1
            prev = shipped.link(line, prev)
    verdict = _verify([shipped.canonical(line).decode() for line in lines])
    assert not verdict.ok
    assert any("wijkt af van de keten" in p for p in verdict.problems)


def test_a_forged_checkpoint_or_a_stranger_key_fails(receiver, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    lines = _shipped(receiver, 2)
    forged = [
        t.replace('"signature":"', '"signature":"AAAA') if shipped.CHECKPOINT in t else t for t in lines
    ]
    assert any("ongeldige handtekening" in p for p in _verify(forged).problems)
    stranger = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    assert any("onbekende sleutel" in p for p in shipped.verify_lines(lines, [stranger]).problems)


def test_a_truncated_tail_without_its_checkpoint_is_named(receiver):
    lines = _shipped(receiver, 4)  # batches: 1-3 + checkpoint, 4 + checkpoint
    without_last_checkpoint = lines[:-1]
    assert _verify(without_last_checkpoint).problems == [
        "de regels na volgnummer 3 zijn door geen controlepunt gedekt"
    ]


def test_shipping_off_without_a_url(settings):
    settings.LOG_SHIP_URL = ""
    with pytest.raises(CommandError, match="LOG_SHIP_URL"):
        call_command("ship_processing_log")


# --- the privacy officer's overview ----------------------------------------------------------------


def test_the_overview_shows_lag_and_failures(receiver, world, verified_client):
    _write(5)
    call_command("ship_processing_log", max_batches=1)
    receiver.fail_with = 500
    with pytest.raises(CommandError):
        call_command("ship_processing_log")
    html = verified_client(world.privacy).get("/privacy/overzicht/").content.decode()
    section = html[html.find('id="verzending"') :]
    assert "127.0.0.1" in section
    assert "Verzonden tot en met regel" in section and ">3 van " in section
    assert "Mislukte pogingen sindsdien" in section and "de ontvanger antwoordde 500" in section


def test_the_overview_says_when_shipping_is_off(world, verified_client, settings):
    settings.LOG_SHIP_URL = ""
    html = verified_client(world.privacy).get("/privacy/overzicht/").content.decode()
    assert "wordt niet naar een logboek van de organisatie verzonden" in html
