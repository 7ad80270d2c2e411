"""One youth across groups through the API (issue 18): the same rules as the pages
(persons/tests) — find and link, duplicate refused, import all or nothing, bekend bij, merge
and undo — and the old request/participant endpoints offering regional partners and
answering by the policy request.answer."""

import datetime

import pytest

from accounts.models import Organisation, OrganisationKind
from cases import services
from groups.models import Membership
from persons.models import PersonMerge
from tests.factories import GroupFactory, case_in_step_2

pytestmark = pytest.mark.django_db

DOB = datetime.date(2010, 4, 3)


@pytest.fixture
def two(world):
    west = case_in_step_2(world, GroupFactory(municipality=world.municipality, name="Westkant"),
                          partners=("politie", "jongerenwerk"))  # fmt: skip
    east = case_in_step_2(
        world, GroupFactory(municipality=world.municipality, name="Oostkant"), partners=("politie",)
    )
    kees = services.add_to_name_list(
        west, actor=world.coordinator, full_name="Kees Voorbeeld", date_of_birth=DOB
    )
    return west, east, kees


def test_find_and_link(world, two, api):
    _west, east, kees = two
    client = api(world.regisseur)
    found = client.get(f"/api/v1/cases/{east.pk}/name-list/candidates?q=kees").json()["results"]
    assert [f["person"]["id"] for f in found] == [kees.person_id]
    assert found[0]["groups"] == [{"id": kees.group_id, "name": "Westkant"}]
    response = client.post(
        f"/api/v1/cases/{east.pk}/name-list/link", {"person": kees.person_id}, format="json"
    )
    assert response.status_code == 201 and response.json()["person"]["id"] == kees.person_id
    again = client.post(f"/api/v1/cases/{east.pk}/name-list/link", {"person": kees.person_id}, format="json")
    assert again.status_code == 400 and "person" in again.json()["errors"]


def test_a_typed_likely_duplicate_is_400_until_confirmed(world, two, api):
    _west, east, _kees = two
    client = api(world.coordinator)
    body = {"full_name": "Kees Voorbeeld", "date_of_birth": DOB.isoformat()}
    response = client.post(f"/api/v1/cases/{east.pk}/name-list", body, format="json")
    assert response.status_code == 400 and "accept_warnings" in response.json()["errors"]
    confirmed = client.post(
        f"/api/v1/cases/{east.pk}/name-list", {**body, "accept_warnings": True}, format="json"
    )
    assert confirmed.status_code == 201


@pytest.mark.parametrize(
    ("persona", "expected"), [("burgemeester", 403), ("jongerenwerker", 404), ("outsider", 404)]
)
def test_who_may_not_add_to_the_list_links_nobody(world, two, api, persona, expected):
    _west, east, kees = two
    client = api(getattr(world, persona))
    assert client.get(f"/api/v1/cases/{east.pk}/name-list/candidates?q=kees").status_code == expected
    response = client.post(
        f"/api/v1/cases/{east.pk}/name-list/link", {"person": kees.person_id}, format="json"
    )
    assert response.status_code == expected
    assert not east.memberships.exists()


def test_import_dry_run_then_all_or_nothing(world, two, api):
    _west, east, _kees = two
    client = api(world.coordinator)
    url = f"/api/v1/cases/{east.pk}/name-list/import"
    bad = "naam;geboortedatum\nAli Bakker;03-04-2011\n@SUM(1);01-01-2011\n"
    preview = client.post(url, {"csv": bad, "dry_run": True}, format="json")
    assert preview.status_code == 200
    assert [bool(r["errors"]) for r in preview.json()["rows"]] == [False, True]
    refused = client.post(url, {"csv": bad}, format="json")
    assert refused.status_code == 400 and not east.memberships.exists()
    good = client.post(url, {"csv": "naam;geboortedatum\nAli Bakker;03-04-2011\n"}, format="json")
    assert good.status_code == 201 and [m["person"]["full_name"] for m in good.json()["added"]] == [
        "Ali Bakker"
    ]


def test_known_by_and_its_denials(world, two, api):
    _west, _east, kees = two
    data = api(world.regisseur).get(f"/api/v1/persons/{kees.person_id}/known-by").json()
    assert world.coordinator.organisation.name in [p["organisation"] for p in data["partners"]]
    assert [entry["group"]["name"] for entry in data["lists"]] == ["Westkant"]
    assert api(world.outsider).get(f"/api/v1/persons/{kees.person_id}/known-by").status_code == 404


def test_merge_and_undo(world, two, api):
    _west, east, kees = two
    other = services.add_to_name_list(east, actor=world.coordinator, full_name="K. Voorbeeld")
    url = f"/api/v1/persons/{kees.person_id}/merge"
    body = {"absorbed": other.person_id, "reason": "zelfde jongere"}
    assert api(world.coordinator).post(url, body, format="json").status_code == 403
    assert api(world.outsider).post(url, body, format="json").status_code == 404
    response = api(world.regisseur).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert Membership.objects.get(pk=other.pk).person_id == kees.person_id
    merge = PersonMerge.objects.get()
    undo = f"/api/v1/person-merges/{merge.pk}/undo"
    assert api(world.outsider).post(undo, format="json").status_code == 404
    assert api(world.coordinator).post(undo, format="json").status_code == 403
    assert api(world.regisseur).post(undo, format="json").status_code == 200
    assert Membership.objects.get(pk=other.pk).person_id == other.person_id


# --- the old endpoints, as the pages -----------------------------------------------------------


def test_the_participants_endpoint_offers_a_regional_partner(world, two, api):
    _west, east, _kees = two
    unit = Organisation.objects.create(name="Politie eenheid Kust", kind=OrganisationKind.POLITIE,
                                       municipality=world.neighbour)  # fmt: skip
    unit.also_serves.add(world.municipality)
    response = api(world.regisseur).post(
        f"/api/v1/cases/{east.pk}/participants", {"organisation": unit.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    elsewhere = Organisation.objects.create(name="Politie Elders", kind=OrganisationKind.POLITIE,
                                            municipality=world.neighbour)  # fmt: skip
    refused = api(world.regisseur).post(
        f"/api/v1/cases/{east.pk}/participants", {"organisation": elsewhere.pk}, format="json"
    )
    assert refused.status_code == 400


def test_the_old_answer_endpoint_asks_the_policy(world, two, api):
    """A groepsscan goes to the teamchef's function: the wijkagent of the same police
    organisation may not answer it, and can_answer says so."""
    from tests.factories import send_groepsscan

    west, _east, kees = two
    services.set_membership_status(kees, status="agreed", actor=world.coordinator)
    request = send_groepsscan(world, west, names=(), outcomes={})
    url = f"/api/v1/cases/{west.pk}/requests/{request.pk}"
    assert api(world.wijkagent).get(url).json()["can_answer"] is False
    answer = api(world.wijkagent).post(f"{url}/answer", {"answer": "Zie rapport"}, format="json")
    assert answer.status_code == 403
