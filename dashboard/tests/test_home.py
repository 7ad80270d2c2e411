import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from cases.models import Case

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_home_shows_name_organisation_and_empty_states(world, verified_client):
    client = verified_client(world.jongerenwerker)
    html = client.get("/").content.decode()
    assert world.jongerenwerker.organisation.name in html
    assert "U neemt nog niet deel aan een groepsaanpak" in html
    assert 'href="#main"' in html  # skip link
    assert 'lang="nl"' in html


def test_home_in_english(world, verified_client):
    client = verified_client(world.jongerenwerker)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html


def test_beheerder_sees_no_cases_but_admin_link(verified_client):
    call_command("demo", stdout=io.StringIO())
    beheer = User.objects.get(username="beheer")
    beheer.set_password("test-Wachtwoord-2026")
    beheer.save()
    client = verified_client(beheer)
    html = client.get("/").content.decode()
    assert "Casusgegevens zijn voor u niet zichtbaar" in html
    assert "De Jonkies" not in html


@override_settings(DEMO_MODE=True)
def test_demo_is_idempotent_and_home_lists_cases_for_regisseur(client):
    call_command("demo", stdout=io.StringIO())
    counts = (User.objects.count(), Case.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Case.objects.count()) == counts
    client.post("/inloggen/", {"username": "regisseur", "password": "demo-Groepsaanpak-2026"})
    html = client.get("/").content.decode()
    for name in ["De Jonkies", "Groep Metrostation Noord", "Jongeren Parkwijk"]:
        assert name in html


@override_settings(DEMO_MODE=True)
def test_outsider_municipality_sees_none_of_the_demo_groups(client):
    call_command("demo", stdout=io.StringIO())
    client.post("/inloggen/", {"username": "buurgemeente", "password": "demo-Groepsaanpak-2026"})
    html = client.get("/").content.decode()
    assert "De Jonkies" not in html and "Jongeren Parkwijk" not in html
