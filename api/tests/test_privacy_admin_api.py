"""Covenant versions and guard confirmations through the API, under the page's rules:
the same form validates a new covenant, which is a request until a second person approves
it (privacy.changes); only the privacy officer sees confirmations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from privacy import changes
from privacy.access import AccessDenied
from privacy.models import ChangeRequest, ChangeStatus, Covenant, GuardConfirmation
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _body(**overrides):
    body = {
        "title": "Convenant aanpak jeugdgroepen, versie 2",
        "effective_from": timezone.localdate().isoformat(),
        "purposes": "Aanpak van problematische jeugdgroepen.",
        "reason": "Nieuwe afspraken met de politie",
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


def test_a_version_offered_by_the_privacy_officer_takes_effect_after_a_second_person(
    world, api, verified_client
):
    before = Covenant.objects.filter(municipality=world.municipality).count()
    response = api(world.privacy).post("/api/v1/covenants", _body(), format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["requested_by"]) == ("covenant.publish", "pending", "privacy")
    assert Covenant.objects.filter(municipality=world.municipality).count() == before  # not yet
    change = ChangeRequest.objects.get(pk=body["id"])
    with pytest.raises(AccessDenied):
        changes.approve(change, actor=world.privacy, reason="Zelf akkoord")
    changes.approve(change, actor=world.beheer, reason="Getekend")
    covenant = api(world.privacy).get("/api/v1/covenants").json()["results"][0]
    assert covenant["version"] == before + 1 and covenant["in_force"] is True
    assert covenant["names_officials_in_access"] is False  # the default
    rules = {(r["organisation_kind"], r["category"]): r for r in covenant["rules"]}
    assert rules[("politie", "criminal")]["may_supply"] and not rules[("politie", "criminal")]["may_receive"]
    assert ("jongerenwerk", "personal") not in rules  # not named: exchanges nothing
    page = verified_client(world.regisseur).get("/privacy/convenant/").content.decode()
    assert "Convenant aanpak jeugdgroepen, versie 2" in page


def test_a_version_may_have_subject_access_name_the_officials(world, api):
    response = api(world.privacy).post(
        "/api/v1/covenants", {**_body(), "names_officials_in_access": True}, format="json"
    )
    assert response.status_code == 202, response.content
    changes.approve(ChangeRequest.objects.get(pk=response.json()["id"]), actor=world.beheer, reason="ok")
    covenant = api(world.privacy).get("/api/v1/covenants").json()["results"][0]
    assert covenant["names_officials_in_access"] is True


def test_a_version_without_a_reason_is_400(world, api):
    body = _body()
    del body["reason"]
    response = api(world.privacy).post("/api/v1/covenants", body, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert not ChangeRequest.objects.exists()


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
    assert not ChangeRequest.objects.exists()


def test_only_regisseur_and_privacy_officer_publish(world, api):
    assert api(world.coordinator).post("/api/v1/covenants", _body(), format="json").status_code == 403
    assert api(world.wijkagent).post("/api/v1/covenants", _body(), format="json").status_code == 403
    assert api(world.regisseur).post("/api/v1/covenants", _body(), format="json").status_code == 202
    assert ChangeRequest.objects.get().status == ChangeStatus.PENDING


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


def test_the_privacy_officer_reviews_a_confirmation_through_the_api(world, api):
    mine = GuardConfirmation.objects.create(
        subject="intake.signal:2", kind="name", text="Bank", confirmed_by=world.boa
    )
    other = UserFactory(
        username="elders2", organisation=OrganisationFactory(municipality=MunicipalityFactory())
    )
    theirs = GuardConfirmation.objects.create(
        subject="intake.signal:3", kind="name", text="Brand", confirmed_by=other
    )
    url = f"/api/v1/privacy/guard-confirmations/{mine.pk}/review"

    # others may not; another municipality's confirmation is not there; bad input is a 400
    assert api(world.regisseur).post(url, {"remark": "ok"}, format="json").status_code == 403
    assert (
        api(world.privacy)
        .post(f"/api/v1/privacy/guard-confirmations/{theirs.pk}/review", {}, format="json")
        .status_code
        == 404
    )
    bad = api(world.privacy).post(url, {"remark": "x" * 501}, format="json")
    assert bad.status_code == 400 and "remark" in bad.json()["errors"]
    mine.refresh_from_db()
    assert mine.reviewed_at is None

    response = api(world.privacy).post(url, {"remark": "terecht: een bankje"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["review_remark"], body["reviewed_by"]) == (
        mine.pk,
        "terecht: een bankje",
        "privacy",
    )
    mine.refresh_from_db()
    assert mine.reviewed_by == world.privacy and mine.reviewed_at is not None
    theirs.refresh_from_db()
    assert theirs.reviewed_at is None
    # the open list no longer holds it
    open_list = api(world.privacy).get("/api/v1/privacy/guard-confirmations?open=1").json()["results"]
    assert mine.pk not in {r["id"] for r in open_list}
