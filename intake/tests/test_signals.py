import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.models import Signal, SignalStatus
from privacy.models import GuardConfirmation
from tests.factories import GroupFactory, SignalFactory

pytestmark = pytest.mark.django_db

VALID = {
    "observed_at": "2026-11-20T21:30",
    "location": "Marktplein",
    "area": "Centrum",
    "behaviours": ["overlast", "alcohol_drugs"],
    "group_size": "10",
    "age_min": "12",
    "age_max": "14",
    "source": "eigen",
    "impact": "middel",
    "description": "Ongeveer tien jongeren met bier bij de fontein, harde muziek.",
}


def test_professional_reports_a_signal(world, verified_client):
    client = verified_client(world.boa)
    response = client.post("/signalen/melden/", VALID)
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.organisation == world.boa.organisation and signal.status == SignalStatus.NEW
    assert set(signal.tags.values_list("behaviour", flat=True)) == {"overlast", "alcohol_drugs"}


def test_signal_with_a_name_is_stopped_and_nothing_saved(world, verified_client):
    client = verified_client(world.boa)
    data = {**VALID, "description": "Kevin de Vries gooide een fles naar een bus."}
    response = client.post("/signalen/melden/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "lijkt persoonsgegevens te bevatten" in html
    assert '<mark class="app-guard-mark"' in html and "Kevin de Vries" in html
    assert Signal.objects.count() == 0


def test_phone_number_is_stopped(world, verified_client):
    client = verified_client(world.boa)
    response = client.post(
        "/signalen/melden/", {**VALID, "description": "Bewoner belt steeds vanaf 06-12345678."}
    )
    assert "lijkt persoonsgegevens te bevatten" in response.content.decode()
    assert Signal.objects.count() == 0


def test_author_can_confirm_a_false_alarm_and_it_is_kept(world, verified_client):
    from privacy.guard import scan

    text = "Groep bij de snackbar van Johan Cruijff, overlast."
    findings = scan(text)
    if not findings:
        pytest.skip("guard does not flag this text; nothing to confirm")
    client = verified_client(world.boa)
    confirm = [f"{f.kind}:{f.text}" for f in findings]
    response = client.post("/signalen/melden/", {**VALID, "description": text, "guard_confirm": confirm})
    assert response.status_code == 302
    assert GuardConfirmation.objects.filter(confirmed_by=world.boa).count() == len(findings)


def test_invalid_signal_gets_dutch_field_errors(world, verified_client):
    client = verified_client(world.boa)
    data = {**VALID, "behaviours": [], "age_min": "16", "age_max": "12", "observed_at": "2099-01-01T10:00"}
    html = client.post("/signalen/melden/", data).content.decode()
    assert "Kies ten minste één categorie." in html
    assert "De leeftijd" in html and "toekomst" in html
    assert Signal.objects.count() == 0


def test_beslisser_and_privacy_officer_cannot_report(world, verified_client):
    for user in (world.burgemeester,):
        assert verified_client(user).get("/signalen/melden/").status_code == 404


def test_signal_list_filters_and_visibility(world, verified_client):
    SignalFactory(reported_by=world.boa, area="Noord")
    SignalFactory(reported_by=world.wijkagent, area="Zuid")
    outsider_signal = SignalFactory(reported_by=world.outsider)
    # The regisseur sees every signal of the municipality, new ones highlighted.
    client = verified_client(world.regisseur)
    html = client.get("/signalen/").content.decode()
    assert html.count("app-new") == 2
    html = client.get("/signalen/?area=Noord").content.decode()
    assert "Noord" in html and "Zuid" not in html
    assert client.get(f"/signalen/{outsider_signal.pk}/").status_code == 404


def test_professional_sees_own_organisation_signals_only(world, verified_client):
    own = SignalFactory(reported_by=world.boa, location="Eigen plek")
    other = SignalFactory(reported_by=world.wijkagent, location="Andere plek")
    client = verified_client(world.boa)
    html = client.get("/signalen/").content.decode()
    assert "Eigen plek" in html and "Andere plek" not in html
    assert client.get(f"/signalen/{own.pk}/").status_code == 200
    assert client.get(f"/signalen/{other.pk}/").status_code == 404


def test_regisseur_handles_in_regular_work_with_note(world, verified_client):
    signal = SignalFactory(reported_by=world.boa)
    client = verified_client(world.regisseur)
    client.post(f"/signalen/{signal.pk}/afhandelen/", {"handle-note": ""})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW  # a note is required
    client.post(f"/signalen/{signal.pk}/afhandelen/", {"handle-note": "Extra toezicht door BOA's."})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REGULAR and signal.handled_by == world.regisseur


def test_regisseur_links_signal_to_new_group(world, verified_client):
    signal = SignalFactory(reported_by=world.boa)
    client = verified_client(world.regisseur)
    client.post(f"/signalen/{signal.pk}/koppelen/", {"link-new_group_name": "Groep Stationsplein"})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED and signal.group.name == "Groep Stationsplein"


def test_professional_cannot_triage(world, verified_client):
    signal = SignalFactory(reported_by=world.boa)
    group = GroupFactory(municipality=world.municipality)
    client = verified_client(world.boa)
    response = client.post(f"/signalen/{signal.pk}/koppelen/", {"link-group": group.pk})
    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


CSV_OK = (
    "datum;locatie;wijk;categorieen;groepsgrootte;leeftijd_van;leeftijd_tot;bron;impact;omschrijving\n"
    "2026-11-01 22:00;Stationsplein;Centrum;overlast,intimidatie;8;15;17;politiemelding;middel;Groep jongeren hinderde reizigers\n"
    "02-11-2026 23:15;Parkweg;Noord;vandalisme;5;;;bewoner;laag;Een bank vernield in het park\n"
)


def _upload(client, content: str):
    return client.post(
        "/signalen/importeren/", {"file": SimpleUploadedFile("m.csv", content.encode(), "text/csv")}
    )


def test_csv_import_preview_then_confirm(world, verified_client):
    client = verified_client(world.wijkagent)
    html = _upload(client, CSV_OK).content.decode()
    assert "2 regels zijn in orde" in html
    assert Signal.objects.count() == 0  # preview saves nothing
    response = client.post("/signalen/importeren/bevestigen/")
    assert response.status_code == 302
    assert Signal.objects.count() == 2
    assert set(Signal.objects.values_list("organisation", flat=True)) == {world.wijkagent.organisation_id}


def test_csv_with_bad_rows_imports_nothing_and_names_each_error(world, verified_client):
    bad = CSV_OK + (
        "31-02-2026 10:00;Plein;;overlast;x;;;onbekend;middel;Iets\n"
        "2026-11-03 10:00;Plein;;overlast;3;;;eigen;laag;Jayden Bakker belde met 0612345678\n"
    )
    client = verified_client(world.wijkagent)
    html = _upload(client, bad).content.decode()
    assert "2 regels bevatten fouten" in html
    assert "niet herkend" in html and "geen geldig getal" in html and "bron" in html
    assert "persoonsgegevens" in html
    client.post("/signalen/importeren/bevestigen/")
    assert Signal.objects.count() == 0


def test_csv_missing_columns_is_rejected(world, verified_client):
    client = verified_client(world.wijkagent)
    html = _upload(client, "datum,locatie\n2026-11-01,Plein\n").content.decode()
    assert "Kolommen ontbreken" in html
    assert Signal.objects.count() == 0


def test_csv_binary_garbage_is_rejected_without_error(world, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post(
        "/signalen/importeren/", {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81" * 50)}
    )
    assert response.status_code == 200
    assert Signal.objects.count() == 0


def test_a_handled_signal_cannot_be_handled_or_linked_again(world):
    from intake import services

    signal = SignalFactory(reported_by=world.boa)
    services.handle_in_regular_work(signal, actor=world.regisseur, note="Extra toezicht")
    group = GroupFactory(municipality=world.municipality)
    with pytest.raises(services.SignalError, match="al beoordeeld"):
        services.link_to_group(signal, actor=world.regisseur, group=group)
    signal.refresh_from_db()
    assert signal.group is None
