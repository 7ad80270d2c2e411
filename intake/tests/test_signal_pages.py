"""The signal page and the import: one URL and one view per action (POST only). Success
redirects with the Dutch message; invalid input or a refusal renders the same page with the
error and saves nothing; who may not see the signal gets 404, and who may see it but not
triage it also gets 404 (as the page gave)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups.models import YouthGroup
from intake.models import Signal, SignalStatus
from tests.factories import GroupFactory, SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(world):
    return SignalFactory(reported_by=world.boa)


def _handled(signal):
    Signal.objects.filter(pk=signal.pk).update(status=SignalStatus.REGULAR, handling_note="al gedaan")


def test_page_posts_each_form_to_its_own_url_and_refuses_a_post(world, signal, verified_client):
    client = verified_client(world.regisseur)
    html = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert f'action="{reverse("intake:handle", args=[signal.pk])}"' in html
    assert f'action="{reverse("intake:link", args=[signal.pk])}"' in html
    assert 'name="action"' not in html
    assert client.post(f"/signalen/{signal.pk}/", {"action": "handle"}).status_code == 405


# --- handle ------------------------------------------------------------------------------------------


def test_handle_redirects_with_message(world, signal, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(f"/signalen/{signal.pk}/afhandelen/", {"handle-note": "Extra toezicht."})
    assert response.status_code == 302 and response["Location"] == f"/signalen/{signal.pk}/"
    assert "Signaal afgehandeld in het reguliere werk." in client.get(response["Location"]).content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REGULAR and signal.handling_note == "Extra toezicht."


def test_handle_without_note_shows_the_error(world, signal, verified_client):
    response = verified_client(world.regisseur).post(
        f"/signalen/{signal.pk}/afhandelen/", {"handle-note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Afhandelen" in html
    assert 'id="id_handle-note_error"' in html or "Beschrijf wat er met het signaal is gedaan" in html
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_handle_of_a_handled_signal_is_refused_on_the_page(world, signal, verified_client):
    _handled(signal)
    response = verified_client(world.regisseur).post(
        f"/signalen/{signal.pk}/afhandelen/", {"handle-note": "nogmaals"}
    )
    assert response.status_code == 200 and "Dit signaal is al beoordeeld." in response.content.decode()
    signal.refresh_from_db()
    assert signal.handling_note == "al gedaan"


# --- link --------------------------------------------------------------------------------------------


def test_link_to_an_existing_group(world, signal, verified_client):
    group = GroupFactory(municipality=world.municipality, name="Groep Plein")
    client = verified_client(world.regisseur)
    response = client.post(f"/signalen/{signal.pk}/koppelen/", {"link-group": group.pk})
    assert response.status_code == 302
    assert "Signaal gekoppeld aan Groep Plein." in client.get(response["Location"]).content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED and signal.group == group


def test_link_without_group_or_name_shows_the_error(world, signal, verified_client):
    response = verified_client(world.regisseur).post(f"/signalen/{signal.pk}/koppelen/", {})
    assert response.status_code == 200
    assert "Kies een groep of geef een naam voor een nieuwe groep." in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and not YouthGroup.objects.exists()


def test_refused_link_leaves_no_new_group_behind(world, signal, verified_client):
    _handled(signal)
    response = verified_client(world.regisseur).post(
        f"/signalen/{signal.pk}/koppelen/", {"link-new_group_name": "Groep Nieuw"}
    )
    assert response.status_code == 200 and "Dit signaal is al beoordeeld." in response.content.decode()
    assert not YouthGroup.objects.filter(name="Groep Nieuw").exists()


# --- denial ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "boa", "wijkagent"])
@pytest.mark.parametrize(
    ("path", "data"),
    [("afhandelen/", {"handle-note": "x"}), ("koppelen/", {"link-new_group_name": "Groep X"})],
)
def test_who_may_not_triage_gets_404(world, signal, verified_client, persona, path, data):
    """The outsider and the police officer do not see the BOA's signal; the BOA sees it
    but may not triage it."""
    response = verified_client(getattr(world, persona)).post(f"/signalen/{signal.pk}/{path}", data)
    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and not YouthGroup.objects.exists()


# --- import ------------------------------------------------------------------------------------------

CSV = (
    "datum;locatie;wijk;categorieen;groepsgrootte;leeftijd_van;leeftijd_tot;bron;impact;omschrijving\n"
    "2026-11-01 22:00;Stationsplein;Centrum;overlast;8;15;17;politiemelding;middel;Groep bij het station\n"
)


def _preview(client):
    client.post("/signalen/importeren/", {"file": SimpleUploadedFile("m.csv", CSV.encode(), "text/csv")})


def test_import_preview_offers_the_confirm_url(world, verified_client):
    client = verified_client(world.wijkagent)
    html = client.post(
        "/signalen/importeren/", {"file": SimpleUploadedFile("m.csv", CSV.encode(), "text/csv")}
    ).content.decode()
    assert f'action="{reverse("intake:import_confirm")}"' in html and 'name="action"' not in html


def test_import_confirm_imports_and_redirects(world, verified_client):
    client = verified_client(world.wijkagent)
    _preview(client)
    response = client.post("/signalen/importeren/bevestigen/")
    assert response.status_code == 302 and response["Location"] == "/signalen/"
    assert "1 signaal geïmporteerd." in client.get("/signalen/").content.decode()
    assert Signal.objects.count() == 1


def test_import_confirm_without_preview_asks_to_upload_again(world, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post("/signalen/importeren/bevestigen/", follow=True)
    assert response.redirect_chain == [("/signalen/importeren/", 302)]
    assert "De voorvertoning is verlopen; upload het bestand opnieuw." in response.content.decode()
    assert not Signal.objects.exists()


def test_import_confirm_is_404_for_who_may_not_report(world, verified_client):
    client = verified_client(world.burgemeester)
    assert client.get("/signalen/importeren/").status_code == 404
    assert client.post("/signalen/importeren/bevestigen/").status_code == 404
    assert verified_client(world.wijkagent).get("/signalen/importeren/bevestigen/").status_code == 405
