"""Covenant versions and guard confirmations through the API, under the page's rules:
the same form validates a new covenant; only the privacy officer sees confirmations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from privacy.models import Covenant, GuardConfirmation
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _body(**overrides):
    body = {
        "title": "Convenant aanpak jeugdgroepen, versie 2",
        "effective_from": timezone.localdate().isoformat(),
        "purposes": "Aanpak van problematische jeugdgroepen.",
        "kinds": [
            {
                "organisation_kind": "politie",
                "legal_basis": "wpg19",
                "retention_months": 24,
                "categories": [
                    {"category": "personal", "may_supply": True, "may_receive": True},
                    {"category": "criminal", "may_supply": True, "may_receive": False},
                ],
            },
            {
                "organisation_kind": "gemeente",
                "legal_basis": "avg6e_gw172",
                "categories": [{"category": "personal", "may_supply": True, "may_receive": True}],
            },
        ],
    }
    body.update(overrides)
    return body


def test_privacy_officer_publishes_a_version_and_the_page_shows_it(world, api, verified_client):
    before = Covenant.objects.filter(municipality=world.municipality).count()
    response = api(world.privacy).post("/api/v1/covenants", _body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == before + 1 and body["in_force"] is True
    rules = {(r["organisation_kind"], r["category"]): r for r in body["rules"]}
    assert rules[("politie", "criminal")]["may_supply"] and not rules[("politie", "criminal")]["may_receive"]
    assert ("jongerenwerk", "personal") not in rules  # not named: exchanges nothing
    page = verified_client(world.regisseur).get("/privacy/convenant/").content.decode()
    assert "Convenant aanpak jeugdgroepen, versie 2" in page


def test_exchange_without_legal_basis_and_backdating_are_400_and_save_nothing(world, api):
    before = Covenant.objects.count()
    body = _body()
    body["kinds"][0]["legal_basis"] = ""
    response = api(world.privacy).post("/api/v1/covenants", body, format="json")
    assert response.status_code == 400 and "politie__basis" in response.json()["errors"]
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = api(world.privacy).post("/api/v1/covenants", _body(effective_from=past), format="json")
    assert response.status_code == 400 and "effective_from" in response.json()["errors"]
    twice = _body()
    twice["kinds"].append(dict(twice["kinds"][0]))
    assert api(world.privacy).post("/api/v1/covenants", twice, format="json").status_code == 400
    assert Covenant.objects.count() == before


def test_only_regisseur_and_privacy_officer_publish(world, api):
    assert api(world.coordinator).post("/api/v1/covenants", _body(), format="json").status_code == 403
    assert api(world.wijkagent).post("/api/v1/covenants", _body(), format="json").status_code == 403
    assert api(world.regisseur).post("/api/v1/covenants", _body(), format="json").status_code == 201


def test_guard_confirmations_only_for_the_privacy_officer_of_the_municipality(world, api):
    GuardConfirmation.objects.create(
        subject="intake.signal:2", kind="person", text="Jansen", confirmed_by=world.boa
    )
    other = UserFactory(
        username="elders", organisation=OrganisationFactory(municipality=MunicipalityFactory())
    )
    GuardConfirmation.objects.create(
        subject="intake.signal:3", kind="person", text="Elders", confirmed_by=other
    )
    response = api(world.privacy).get("/api/v1/privacy/guard-confirmations")
    assert response.status_code == 200
    texts = {r["text"] for r in response.json()["results"]}
    assert "Jansen" in texts and "Elders" not in texts
    assert api(world.regisseur).get("/api/v1/privacy/guard-confirmations").status_code == 403
