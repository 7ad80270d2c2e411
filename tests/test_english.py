"""English is complete: after switching the language, pages show English, not the Dutch msgids.

Needs the compiled catalogue (locale/en/LC_MESSAGES/django.mo); `make test` runs compilemessages first.
"""

import pytest

pytestmark = pytest.mark.django_db


def _switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers.get("Content-Language") == "en", url
    return response.content.decode()


def _assert_english(html, english, dutch):
    for text in english:
        assert text in html, f"missing English text {text!r}"
    for text in dutch:
        assert text not in html, f"Dutch text {text!r} still shown"


def test_login_page_in_english(client):
    _switch_to_english(client)
    html = _page(client, "/inloggen/")
    _assert_english(
        html,
        english=["Log in", "Log in with your username and password.", "Username", "Password", "Next"],
        dutch=["Inloggen", "Gebruikersnaam", "Wachtwoord", "Volgende", "Wijzig taal"],
    )
    assert '<html lang="en"' in html


def test_pages_in_english_after_login(world, verified_client):
    client = verified_client(world.regisseur)
    _switch_to_english(client)  # after login: logging in starts with a fresh client

    home = _page(client, "/")
    _assert_english(
        home,
        english=["My overview", "My group approaches", "Signals", "Report a signal", "My actions", "Log out"],
        dutch=["Mijn overzicht", "Signaal melden", "Mijn acties", "Uitloggen", "Wijzig taal", "Hoofdmenu"],
    )

    report = _page(client, "/signalen/melden/")
    _assert_english(
        report,
        english=["Report a signal", "Share signal", "Describe what you saw at group level"],
        dutch=["Signaal melden", "Signaal delen", "Beschrijf wat u zag", "Wat gebeurde er?"],
    )

    groups = _page(client, "/groepen/")
    _assert_english(
        groups,
        english=["Youth groups", "Search by name", "Search"],
        dutch=["Jeugdgroepen", "Zoeken op naam", "Inloggen", "Signaal melden"],
    )


def test_dutch_stays_the_default(client):
    response = client.get("/inloggen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inloggen" in html
    assert "Log in with your username" not in html
