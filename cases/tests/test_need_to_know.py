"""Need to know per case (issue 14, first part): of the municipality's case roles only who
opened the case, its coordinator and the people named for it see the youths' personal data;
another regisseur or coordinator of the same municipality sees the case at group level only,
through every door (page, API, search), until named — and again not once the naming ends."""

import pytest

from accounts.models import OrganisationKind, Role
from cases import services
from cases.models import NamedPerson
from privacy.access import AccessDenied
from privacy.models import ProcessingLogEntry
from tests.factories import GroupFactory, UserFactory, bearer_client, case_in_step_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality, name="Groep Havenkant")
    case = case_in_step_2(world, group)
    services.add_to_name_list(case, actor=world.coordinator, full_name="Sven Havenga", nickname="Kade")
    return case


@pytest.fixture
def second(world):
    """A second regisseur of the same municipality, not on the case."""
    return UserFactory(
        username="regisseur2", organisation=world.orgs[OrganisationKind.GEMEENTE], role=Role.PROCESREGISSEUR
    )


def _sees_names(client, api, case) -> dict:
    return {
        "name list": "Sven Havenga" in client.get(f"/casussen/{case.pk}/namenlijst/").content.decode(),
        "search": "Sven Havenga" in client.get("/zoeken/?q=Havenga").content.decode(),
        "api": "Sven Havenga" in api.get(f"/api/v1/cases/{case.pk}/name-list").content.decode(),
    }


def test_an_unnamed_regisseur_sees_the_case_but_not_the_names(world, case, second, verified_client):
    client, api = verified_client(second), bearer_client(second)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200  # group level stays open
    assert _sees_names(client, api, case) == {"name list": False, "search": False, "api": False}
    assert not ProcessingLogEntry.objects.filter(actor_id=second.pk, operation="search.hit").exists()
    page = client.get(f"/casussen/{case.pk}/namenlijst/").content.decode()
    assert "bij naam aan deze casus is verbonden" in page


def test_named_by_the_opener_the_regisseur_sees_the_names_and_loses_them_when_the_naming_ends(
    world, case, second, verified_client
):
    opener = verified_client(world.regisseur)
    response = opener.post(
        f"/casussen/{case.pk}/bij-naam/", {"name-user": second.pk, "name-reason": "Vervangt tijdens verlof"}
    )
    assert response.status_code == 302
    named = NamedPerson.objects.get(case=case, user=second)
    assert (named.added_by, named.reason) == (world.regisseur, "Vervangt tijdens verlof")

    client, api = verified_client(second), bearer_client(second)
    assert _sees_names(client, api, case) == {"name list": True, "search": True, "api": True}

    opener = verified_client(world.regisseur)  # one test client: log the opener in again
    response = opener.post(
        f"/casussen/{case.pk}/bij-naam/{named.pk}/beeindigen/", {"reason": "Terug van verlof"}
    )
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.removed_by == world.regisseur and named.removal_reason == "Terug van verlof"
    client, api = verified_client(second), bearer_client(second)
    assert _sees_names(client, api, case) == {"name list": False, "search": False, "api": False}


def test_nobody_names_themselves_and_an_unnamed_regisseur_names_nobody(world, case, second):
    with pytest.raises(AccessDenied):
        services.name_person(case, user=second, reason="Ik wil meekijken", actor=second)
    third = UserFactory(
        username="regisseur3", organisation=world.orgs[OrganisationKind.GEMEENTE], role=Role.PROCESREGISSEUR
    )
    with pytest.raises(AccessDenied):  # second is not named: may not name a colleague either
        services.name_person(case, user=third, reason="Samen", actor=second)
    with pytest.raises(AccessDenied):
        services.name_person(case, user=world.regisseur, reason="x", actor=world.regisseur)
    assert not NamedPerson.objects.exists()


def test_the_naming_needs_a_reason_and_a_colleague_of_this_municipality(world, case, second, verified_client):
    opener = verified_client(world.regisseur)
    page = opener.post(f"/casussen/{case.pk}/bij-naam/", {"name-user": second.pk, "name-reason": ""})
    assert page.status_code == 200 and "Dit veld is vereist" in page.content.decode()
    page = opener.post(f"/casussen/{case.pk}/bij-naam/", {"name-user": world.outsider.pk, "name-reason": "x"})
    assert page.status_code == 200 and "Selecteer een geldige keuze" in page.content.decode()
    assert not NamedPerson.objects.exists()
    # who does not manage the case cannot post the form at all
    assert (
        verified_client(world.wijkagent)
        .post(f"/casussen/{case.pk}/bij-naam/", {"name-user": second.pk, "name-reason": "x"})
        .status_code
        == 404
    )
    assert not NamedPerson.objects.exists()


def test_nobody_is_named_for_a_closed_case_but_a_naming_can_still_end(world, case, second):
    named = services.name_person(case, user=second, reason="Vervanging", actor=world.regisseur)
    case = services.advance_case(case, to_step=None, actor=world.regisseur, reason="Afgerond")
    assert not case.is_open
    third = UserFactory(
        username="regisseur3", organisation=world.orgs[OrganisationKind.GEMEENTE], role=Role.PROCESREGISSEUR
    )
    with pytest.raises(services.workflow.WorkflowError, match="afgesloten"):
        services.name_person(case, user=third, reason="Meekijken", actor=world.regisseur)
    assert not NamedPerson.objects.filter(user=third).exists()
    services.unname_person(named, reason="Casus afgesloten", actor=world.regisseur)
    named.refresh_from_db()
    assert named.removed_at is not None
