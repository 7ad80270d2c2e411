"""Issue 16: confirming a privacy-guard false alarm in the CSV import preview, per line and
per finding; the guard reads the file in one batch."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intake import services
from intake.models import Signal
from privacy.models import GuardConfirmation

pytestmark = pytest.mark.django_db

HEADER = "datum;locatie;wijk;categorieen;groepsgrootte;leeftijd_van;leeftijd_tot;bron;impact;omschrijving\n"
# Two lines with a finding each (the test confirms them as if they were false alarms), one
# clean line.
CSV = HEADER + (
    "2026-11-01 22:00;Stationsplein;Centrum;overlast;8;15;17;politiemelding;middel;Groep hing rond met Kevin de Vries\n"
    "2026-11-02 22:00;Parkweg;Noord;vandalisme;5;;;bewoner;laag;Een bank vernield in het park\n"
    "2026-11-03 22:00;Plein;Zuid;overlast;5;;;bewoner;laag;Muziek bij Fatima El Amrani\n"
)


def _upload(client, content: str):
    return client.post(
        "/signalen/importeren/", {"file": SimpleUploadedFile("m.csv", content.encode(), "text/csv")}
    )


def test_findings_are_per_line_and_column():
    rows, file_errors = services.parse_csv(CSV.encode())
    assert file_errors == []
    assert [list(r.findings) for r in rows] == [["omschrijving"], [], ["omschrijving"]]
    assert [i["key"] for i in rows[0].finding_items] == ["2:name:Kevin de Vries"]
    assert not rows[0].other_errors


def test_a_confirmation_covers_only_its_own_line():
    rows, _errors = services.parse_csv(CSV.encode(), ["2:name:Kevin de Vries", "4:name:Kevin de Vries"])
    assert rows[0].findings == {} and [f.text for f in rows[0].accepted] == ["Kevin de Vries"]
    assert "omschrijving" in rows[2].findings  # line 4 has another finding: still open


def test_preview_confirm_each_finding_then_import(world, verified_client):
    client = verified_client(world.wijkagent)
    html = _upload(client, CSV).content.decode()
    assert "2 regels bevatten fouten" in html
    assert 'value="2:name:Kevin de Vries"' in html and 'value="4:name:Fatima El Amrani"' in html

    # Confirm line 2 only: line 4 stays open, and the page asks only about line 4.
    html = client.post("/signalen/importeren/", {"recheck": "1", "guard_confirm": ["2:name:Kevin de Vries"]})
    html = html.content.decode()
    assert "1 regel bevat een fout" in html
    assert 'value="2:name:Kevin de Vries"' not in html and 'value="4:name:Fatima El Amrani"' in html

    # Confirm line 4 in a second round: the first confirmation is kept.
    html = client.post(
        "/signalen/importeren/", {"recheck": "1", "guard_confirm": ["4:name:Fatima El Amrani"]}
    )
    assert "3 regels zijn in orde" in html.content.decode()
    assert Signal.objects.count() == 0

    response = client.post("/signalen/importeren/bevestigen/")
    assert response.status_code == 302
    assert Signal.objects.count() == 3
    kept = {(c.kind, c.text) for c in GuardConfirmation.objects.filter(subject__startswith="intake.signal:")}
    assert kept == {("name", "Kevin de Vries"), ("name", "Fatima El Amrani")}


def test_rows_with_other_errors_cannot_be_confirmed_away(world, verified_client):
    bad = CSV + "31-02-2026 10:00;Plein;;overlast;x;;;onbekend;middel;Iets\n"
    client = verified_client(world.wijkagent)
    html = _upload(client, bad).content.decode()
    assert 'name="recheck"' not in html
    response = client.post(
        "/signalen/importeren/", {"recheck": "1", "guard_confirm": ["2:name:Kevin de Vries"]}
    )
    assert response.status_code == 302  # nothing kept to recheck: upload again
    assert Signal.objects.count() == 0


def test_import_scans_the_file_in_batches(monkeypatch):
    from privacy import guard

    calls = {"scan": 0, "scan_many": 0}
    real_many = guard.scan_many

    def counting_scan(text):
        calls["scan"] += 1
        return []

    def counting_many(texts):
        calls["scan_many"] += 1
        return real_many(texts)

    monkeypatch.setattr(guard, "scan", counting_scan)
    monkeypatch.setattr(guard, "scan_many", counting_many)
    rows, _errors = services.parse_csv(CSV.encode())
    assert calls == {"scan": 0, "scan_many": 1}
