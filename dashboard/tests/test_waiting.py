"""What waits for me (issue 19): on the seeded demo every role has at least one card, each
card's items lead to a page the person may open, and nobody sees another's work."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from dashboard import reads

pytestmark = pytest.mark.django_db

# Per demo role, a card that must be on the home page.
EXPECTED = {
    "regisseur": "signalen",
    "coordinator": "casussen",
    "wijkagent": "casussen",
    "officier": "casussen",
    "jongerenwerker": "casussen",
    "boa": "casussen",
    "leerplicht": "acties",
    "zorg": "casussen",
    "burgemeester": "advies",
    "privacy": "goedkeuringen",
    "beheer": "goedkeuringen",
    "buurgemeente": "signalen",
}


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


def login(client, username):
    client.logout()
    client.post("/inloggen/", {"username": username, "password": "demo-Groepsaanpak-2026"})
    return client


@override_settings(DEMO_MODE=True)
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_every_demo_role_has_something_waiting_and_each_link_opens(demo, client, username):
    user = User.objects.get(username=username)
    cards = {card.kind: card for card in reads.waiting_for(user)}
    assert EXPECTED[username] in cards
    html = login(client, username).get("/").content.decode()
    assert 'id="h-waiting"' in html and f'id="wacht-{EXPECTED[username]}"' in html
    for card in cards.values():
        assert f'href="{card.url}"' in html  # the count is a link
        assert client.get(card.url).status_code == 200, card.url
        for item in card.items[: reads.WAITING_LIMIT]:
            assert client.get(item.url).status_code == 200, item.url


@override_settings(DEMO_MODE=True)
def test_the_advice_waits_for_the_burgemeester_only(demo, client):
    card = reads.waiting_card(User.objects.get(username="burgemeester"), "advies")
    assert [i.label for i in card.items] == ["Groep Havenhoofd"]
    assert card.items[0].url.endswith("/besluit/")
    for username in ("regisseur", "coordinator", "wijkagent", "buurgemeente", "privacy"):
        assert reads.waiting_card(User.objects.get(username=username), "advies") is None
    html = login(client, "buurgemeente").get("/").content.decode()
    assert "Havenhoofd" not in html and "Parkwijk" not in html


@override_settings(DEMO_MODE=True)
def test_the_card_page_is_404_when_nothing_of_that_kind_waits(demo, client):
    login(client, "wijkagent")
    assert client.get("/wacht-op-mij/advies/").status_code == 404
    assert client.get("/wacht-op-mij/bestaat-niet/").status_code == 404
    assert client.get("/wacht-op-mij/casussen/").status_code == 200


@override_settings(DEMO_MODE=True)
def test_next_step_hints_per_case(demo):
    coordinator = User.objects.get(username="coordinator")
    card = reads.waiting_card(coordinator, "casussen")
    notes = {item.label.split(" — ")[0]: item.note for item in card.items}
    assert notes["Groep Havenhoofd"].startswith("Wacht op het besluit van het overleg")
    assert notes["Jongeren Parkwijk"] == "Volg de acties en meet het effect"
    assert re.search(r"namenlijst|informatieverzoek|informatiematrix", notes["De Jonkies"])


def test_a_request_to_the_teamchef_waits_for_the_function_not_the_colleague(world):
    from tests.factories import GroupFactory, case_in_step_2, send_groepsscan

    case = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=["politie"])
    send_groepsscan(world, case)
    assert reads.waiting_card(world.teamchef, "verzoeken").count == 1
    assert reads.waiting_card(world.wijkagent, "verzoeken") is None
    assert reads.waiting_card(world.outsider, "verzoeken") is None
