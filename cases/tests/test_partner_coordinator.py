"""Who coordinates (§3.1, §4.1.1, Nieuw-West; issue 18): the ketenpartners may appoint a
coordinator from any participating organisation the covenant lets receive the case's
personal data, under a recorded mandate with the partners' agreement (who, when)."""

import datetime

import pytest

from cases import coordination, services, workflow
from cases.models import CoordinatorMandate
from privacy import access
from privacy.categories import Category
from tests.factories import GroupFactory, bearer_client

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def case(world):
    case = services.open_case(
        GroupFactory(municipality=world.municipality), actor=world.regisseur, reason="x"
    )
    for kind in ("politie", "jongerenwerk"):
        services.invite_participant(case, organisation=world.orgs[kind], actor=world.regisseur)
    return case


def _appoint(world, case, coordinator, **extra):
    return services.appoint_coordinator(
        case, coordinator=coordinator, legal_basis_choice="avg6e_gw172", legal_basis="c", necessity="n",
        actor=world.regisseur, **extra,
    )  # fmt: skip


def test_a_police_coordinator_with_the_partners_agreement(world, case):
    police, municipality = world.orgs["politie"], world.orgs["gemeente"]
    _appoint(world, case, world.wijkagent, mandate="Namens de driehoek, voor deze groep",
             agreed_by=[police, municipality], agreed_on=TODAY)  # fmt: skip
    case.refresh_from_db()
    assert case.coordinator == world.wijkagent
    record = CoordinatorMandate.objects.get(case=case)
    assert (record.organisation, record.agreed_on, record.recorded_by) == (police, TODAY, world.regisseur)
    assert set(record.agreed_by.all()) == {police, municipality}
    # the police coordinator manages the case, and sees its names once in step 2
    assert access.can_manage_case(world.wijkagent, case)
    case = services.advance_case(case, to_step=2, actor=world.wijkagent, reason="x")
    assert access.can_receive(world.wijkagent, case, Category.PERSONAL)


def test_a_partner_coordinator_needs_the_mandate_and_the_agreement(world, case):
    with pytest.raises(workflow.WorkflowError) as refused:
        _appoint(world, case, world.wijkagent)
    assert set(refused.value.errors) == {"mandate", "agreed_by", "agreed_on"}
    case.refresh_from_db()
    assert case.coordinator is None and not CoordinatorMandate.objects.exists()


def test_only_participating_partners_agree(world, case):
    with pytest.raises(workflow.WorkflowError) as refused:
        _appoint(world, case, world.wijkagent, mandate="m", agreed_by=[world.orgs["zorg"]], agreed_on=TODAY)
    assert "agreed_by" in refused.value.errors


@pytest.mark.parametrize("persona", ["zorg", "outsider", "burgemeester", "privacy"])
def test_who_cannot_coordinate(world, case, persona):
    """Care does not take part; the outsider works elsewhere; the burgemeester decides in the
    forum; the privacy officer sees no case content."""
    with pytest.raises(workflow.WorkflowError) as refused:
        _appoint(world, case, getattr(world, persona), mandate="m", agreed_by=[world.orgs["politie"]],
                 agreed_on=TODAY)  # fmt: skip
    assert "coordinator" in refused.value.errors
    assert getattr(world, persona) not in coordination.candidates(case)


def test_a_municipal_coordinator_needs_no_mandate(world, case):
    _appoint(world, case, world.coordinator)
    assert not CoordinatorMandate.objects.exists()


def test_the_case_page_offers_and_shows_the_partner_coordinator(world, case, verified_client):
    client = verified_client(world.regisseur)
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert "Ingestemd door" in page and world.wijkagent.organisation.name in page
    response = client.post(f"/casussen/{case.pk}/coordinator/", {
        "coord-coordinator": world.wijkagent.pk, "coord-legal_basis_choice": "avg6e_gw172",
        "coord-necessity": "n", "coord-mandate": "Namens de driehoek",
        "coord-agreed_by": [world.orgs["politie"].pk, world.orgs["gemeente"].pk], "coord-agreed_on": TODAY.isoformat(),
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert "Namens de driehoek" in page and "ingestemd op" in page


def test_the_api_appoints_a_partner_coordinator_with_the_mandate(world, case):
    client = bearer_client(world.regisseur)
    url = f"/api/v1/cases/{case.pk}/coordinator"
    body = {"coordinator": world.wijkagent.pk, "legal_basis_choice": "avg6e_gw172", "necessity": "n"}
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400 and "mandate" in refused.json()["errors"]
    response = client.post(url, {**body, "mandate": "m", "agreed_by": [world.orgs["politie"].pk],
                                 "agreed_on": TODAY.isoformat()}, format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["coordinator_mandate"]["agreed_by"][0]["id"] == world.orgs["politie"].pk
    outsider = bearer_client(world.outsider).post(url, body, format="json")
    assert outsider.status_code == 404
