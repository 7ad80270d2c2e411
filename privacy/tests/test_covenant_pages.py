from datetime import timedelta

import pytest
from django.utils import timezone

from privacy import access, changes
from privacy.models import ChangeRequest, Covenant, GuardConfirmation

pytestmark = pytest.mark.django_db


def _grid_post(**overrides):
    data = {
        "title": "Convenant 2027",
        "effective_from": timezone.localdate().isoformat(),
        "purposes": "Aanpak jeugdgroepen",
        "reason": "Jaarlijkse herziening",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "persona,status",
    [
        ("regisseur", 200),
        ("coordinator", 200),
        ("privacy", 200),
        ("wijkagent", 404),
        ("burgemeester", 404),
        ("beheer", 404),
    ],
)
def test_who_may_read_the_covenant(world, verified_client, persona, status):
    assert verified_client(getattr(world, persona)).get("/privacy/convenant/").status_code == status


def test_covenant_page_shows_rules(world, verified_client):
    html = verified_client(world.regisseur).get("/privacy/convenant/").content.decode()
    assert "Testconvenant" in html and "van kracht" in html
    assert "Wet politiegegevens art. 19" in html


@pytest.mark.parametrize("persona,status", [("coordinator", 404), ("wijkagent", 404), ("outsider", 200)])
def test_only_regisseur_and_privacy_officer_publish(world, verified_client, persona, status):
    assert (
        verified_client(getattr(world, persona)).get("/privacy/convenant/nieuwe-versie/").status_code
        == status
    )


def test_publish_new_version_changes_the_decision(world, verified_client):
    client = verified_client(world.privacy)
    data = _grid_post(
        **{
            "jongerenwerk__basis": "avg6e_gw172",
            "jongerenwerk__retention": "12",
            "jongerenwerk__personal__receive": "on",
            "jongerenwerk__care__receive": "on",
        }
    )
    response = client.post("/privacy/convenant/nieuwe-versie/", data)
    assert response.status_code == 302
    assert not Covenant.objects.filter(municipality=world.municipality, version=2).exists()  # four eyes
    changes.approve(ChangeRequest.objects.get(), actor=world.beheer, reason="Getekend")
    new = Covenant.objects.get(municipality=world.municipality, version=2)
    assert new.rules.count() == 2 and new.created_by == world.privacy
    assert Covenant.objects.filter(municipality=world.municipality).count() == 2  # the old one is kept
    rules = access.covenant_rules(world.municipality.pk)
    assert rules[("jongerenwerk", "care")].may_receive
    assert ("politie", "criminal") not in rules


def test_exchange_without_legal_basis_is_refused(world, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(
        "/privacy/convenant/nieuwe-versie/", _grid_post(**{"politie__criminal__supply": "on"})
    )
    assert "Geef de grondslag" in response.content.decode()
    assert Covenant.objects.filter(municipality=world.municipality).count() == 1


def test_backdated_version_is_refused(world, verified_client):
    client = verified_client(world.regisseur)
    old = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = client.post("/privacy/convenant/nieuwe-versie/", _grid_post(effective_from=old))
    assert "terugwerkende kracht" in response.content.decode()


def test_privacy_officer_sees_guard_confirmations(world, verified_client):
    GuardConfirmation.objects.create(
        subject="intake.signal:1", kind="name", text="Johan Cruijff", confirmed_by=world.boa
    )
    GuardConfirmation.objects.create(
        subject="intake.signal:2", kind="name", text="Elders", confirmed_by=world.outsider
    )
    html = verified_client(world.privacy).get("/privacy/privacytoets/bevestigingen/").content.decode()
    assert "Johan Cruijff" in html and "Elders" not in html
    assert verified_client(world.regisseur).get("/privacy/privacytoets/bevestigingen/").status_code == 404


def test_unknown_version_parameter_shows_the_version_in_force(world, verified_client):
    response = verified_client(world.regisseur).get("/privacy/convenant/?versie=abc")
    assert response.status_code == 200 and "van kracht" in response.content.decode()


def test_privacy_officer_log_lists_entries_of_own_municipality_only(world, verified_client):
    import uuid

    from privacy import log, operations

    with operations.registered(operations.Operation("t.export", "export", "groepsaanpak", "Test-export")):
        for actor in (world.regisseur, world.outsider):
            log.write(actor, "t.export", [uuid.uuid4()])
        html = verified_client(world.privacy).get("/privacy/verwerkingslog/").content.decode()
    assert html.count("t.export") == 1 and "regisseur" in html and "buurgemeente" not in html
    assert html.count("Test-export") == 1  # the label, with the code in small text
