"""Need to know per person through the API (issue 14): /cases/{id}/named — the same
decisions as the case page's section "Bij naam betrokken", one expected outcome per persona."""

import pytest

from accounts.models import OrganisationKind, Role
from cases.models import NamedPerson
from privacy import access
from tests.factories import GroupFactory, UserFactory, case_in_step_2

pytestmark = pytest.mark.django_db

POLITIE = OrganisationKind.POLITIE


@pytest.fixture
def case(world):
    return case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=[POLITIE])


@pytest.fixture
def colleague(world):
    """A second wijkagent of the participating police, not (yet) named."""
    return UserFactory(username="wijkagent2", organisation=world.orgs[POLITIE])


def _url(case, *rest):
    return f"/api/v1/cases/{case.pk}/named" + "".join(f"/{r}" for r in rest)


def test_the_coordinator_names_a_colleague_and_gets_201_with_the_naming(world, api, case, colleague):
    response = api(world.coordinator).post(
        _url(case), {"user": colleague.pk, "reason": "Wijkagent Noord"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["user"]["id"], body["reason"], body["added_by"]["id"]) == (
        colleague.pk,
        "Wijkagent Noord",
        world.coordinator.pk,
    )
    assert body["user"]["organisation"]["id"] == world.orgs[POLITIE].pk
    assert access.is_named(colleague, case)
    assert response["Location"].endswith(f"/api/v1/cases/{case.pk}/named/{body['id']}")
    # and it can be read back, by itself and in the list
    assert api(world.coordinator).get(_url(case, body["id"])).json()["user"]["id"] == colleague.pk
    listed = [n["user"]["id"] for n in api(world.coordinator).get(_url(case)).json()["results"]]
    assert colleague.pk in listed and world.wijkagent.pk in listed


def test_a_named_professional_names_a_colleague_of_their_own_organisation_only(world, api, case, colleague):
    client = api(world.wijkagent)
    assert (
        client.post(_url(case), {"user": colleague.pk, "reason": "collega"}, format="json").status_code == 201
    )
    other = UserFactory(username="jw2", organisation=world.orgs[OrganisationKind.JONGERENWERK])
    response = client.post(_url(case), {"user": other.pk, "reason": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["user"]
    assert not NamedPerson.objects.filter(case=case, user=other).exists()


@pytest.mark.parametrize(
    "persona",
    ["burgemeester", "privacy", "beheer", "outsider", "zorg"],
)
def test_who_may_not_name_gets_one_answer_and_nothing_changes(world, api, case, colleague, persona):
    user = getattr(world, persona)
    response = api(user).post(_url(case), {"user": colleague.pk, "reason": "x"}, format="json")
    expected = {"burgemeester": 403, "privacy": 404, "beheer": 404, "outsider": 404, "zorg": 404}[persona]
    assert response.status_code == expected, response.content
    assert not NamedPerson.objects.filter(case=case, user=colleague).exists()


def test_a_second_coordinator_who_is_not_on_the_case_cannot_name(world, api, case, colleague):
    second = UserFactory(
        username="coordinator2", organisation=world.orgs[OrganisationKind.GEMEENTE], role=Role.COORDINATOR
    )
    response = api(second).post(_url(case), {"user": colleague.pk, "reason": "x"}, format="json")
    assert response.status_code == 403
    assert not NamedPerson.objects.filter(case=case, user=colleague).exists()


def test_ending_a_naming_keeps_the_row_and_takes_the_access_away(world, api, case):
    naming = NamedPerson.objects.get(case=case, user=world.wijkagent, removed_at=None)
    response = api(world.coordinator).post(
        _url(case, naming.pk, "end"), {"reason": "Overgeplaatst"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["removal_reason"], body["removed_by"]["id"], body["may_end"]) == (
        "Overgeplaatst",
        world.coordinator.pk,
        False,
    )
    access.forget(world.wijkagent, case.pk)
    assert not access.is_named(world.wijkagent, case)
    assert NamedPerson.objects.filter(pk=naming.pk).exists()


def test_ending_needs_a_reason_and_a_naming_of_this_case(world, api, case):
    naming = NamedPerson.objects.get(case=case, user=world.wijkagent, removed_at=None)
    response = api(world.coordinator).post(_url(case, naming.pk, "end"), {"reason": ""}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["reason"]
    other = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=[POLITIE])
    assert (
        api(world.coordinator).post(_url(other, naming.pk, "end"), {"reason": "x"}, format="json").status_code
        == 404
    )
    assert NamedPerson.objects.get(pk=naming.pk).removed_at is None


def test_naming_on_a_closed_case_is_refused_as_a_gate(world, api, case, colleague):
    from cases import services

    services.advance_case(case, to_step=None, actor=world.regisseur, reason="klaar")
    response = api(world.coordinator).post(_url(case), {"user": colleague.pk, "reason": "x"}, format="json")
    assert response.status_code == 409, response.content
