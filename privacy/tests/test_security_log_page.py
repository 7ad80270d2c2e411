"""The security-log page (issue 14): the privacy officer reads the events of their own
municipality, the beheerder those of the whole installation, nobody else anything; filters
by kind, user and period; the CSV export neutralises formula cells."""

import csv
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from privacy import security

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    security.record("login.success", user=world.wijkagent)
    security.record("login.failure", user=world.boa, username="boa")
    security.record("login.success", user=world.outsider)  # the neighbouring municipality
    security.record("login.failure", username='=HYPERLINK("http://x")')  # unknown account
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=40)):
        security.record("logout", user=world.school)
    return world


def _usernames(response):
    return [e.username for e in response.context["page"].object_list]


def test_the_privacy_officer_sees_their_municipality_only(events, verified_client):
    response = verified_client(events.privacy).get("/privacy/beveiligingslog/")
    assert response.status_code == 200
    # the officer's own login is in the log too
    assert _usernames(response) == ["privacy", "school", "boa", "wijkagent"]
    assert "Beveiligingslog" in response.content.decode()


def test_the_beheerder_sees_the_whole_installation(events, verified_client):
    response = verified_client(events.beheer).get("/privacy/beveiligingslog/")
    assert response.status_code == 200
    assert {"buurgemeente", '=HYPERLINK("http://x")', "wijkagent"} <= set(_usernames(response))


@pytest.mark.parametrize("persona", ["regisseur", "coordinator", "wijkagent", "burgemeester", "outsider"])
def test_nobody_else_reads_it(events, verified_client, persona):
    assert verified_client(getattr(events, persona)).get("/privacy/beveiligingslog/").status_code == 404


def test_anonymous_is_sent_to_the_login(events, client):
    response = client.get("/privacy/beveiligingslog/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_filters_by_kind_user_and_period(events, verified_client):
    client = verified_client(events.privacy)
    url = "/privacy/beveiligingslog/"
    assert _usernames(client.get(url, {"kind": "login.failure"})) == ["boa"]
    assert _usernames(client.get(url, {"user": "WIJK"})) == ["wijkagent"]
    today = timezone.localdate()
    recent = client.get(url, {"since": (today - timedelta(days=1)).isoformat()})
    assert "school" not in _usernames(recent) and "boa" in _usernames(recent)
    old = client.get(url, {"until": (today - timedelta(days=30)).strftime("%d-%m-%Y")})
    assert _usernames(old) == ["school"]


def test_a_bad_filter_is_a_dutch_400_without_results(events, verified_client):
    client = verified_client(events.privacy)
    response = client.get("/privacy/beveiligingslog/", {"since": "gisteren", "kind": "bestaat.niet"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul een datum in als 31-12-2026 of 2026-12-31." in html
    assert "Selecteer een geldige keuze" in html
    assert _usernames(response) == []
    period = client.get("/privacy/beveiligingslog/", {"since": "2026-02-01", "until": "2026-01-01"})
    assert period.status_code == 400 and "De einddatum ligt vóór de begindatum." in period.content.decode()


def test_csv_export_with_the_filters_and_formula_cells_neutralised(events, verified_client):
    response = verified_client(events.beheer).get(
        "/privacy/beveiligingslog/", {"format": "csv", "kind": "login.failure"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="beveiligingslog.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["volgnummer", "tijd", "soort", "omschrijving", "gebruiker"]
    assert [(r[2], r[4]) for r in rows[1:]] == [
        ("login.failure", '\'=HYPERLINK("http://x")'),
        ("login.failure", "boa"),
    ]
    assert rows[1][3] == "Inloggen mislukt"


def test_the_privacy_officers_csv_holds_their_municipality_only(events, verified_client):
    response = verified_client(events.privacy).get("/privacy/beveiligingslog/", {"format": "csv"})
    usernames = [r[4] for r in list(csv.reader(io.StringIO(response.content.decode())))[1:]]
    assert "buurgemeente" not in usernames and "boa" in usernames
