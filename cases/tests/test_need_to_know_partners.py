"""Need to know per person, also at the partners (issue 14): an organisation that takes part
in a case sees its group level with all its users, but a youth's personal data only the
professionals named for the case — by the coordinator or a named regisseur, or by a named
colleague of their own organisation — and each of them only what the covenant gives their
organisation. Name search finds youths only in the cases the searcher is named for."""

import pytest

from accounts.models import OrganisationKind
from cases import services
from cases.forms import NameForm
from cases.models import NamedPerson
from privacy.access import AccessDenied
from privacy.models import MatrixItem, ProcessingLogEntry
from tests.factories import GroupFactory, UserFactory, bearer_client, case_in_step_2

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    """Step 2; the police and youth work take part, nobody of theirs is named yet."""
    group = GroupFactory(municipality=world.municipality, name="Groep Havenkant")
    case = case_in_step_2(world, group, partners=("politie", "jongerenwerk"), name_staff=False)
    case.member = services.add_to_name_list(
        case, actor=world.coordinator, full_name="Sven Havenga", nickname="Kade"
    )
    return case


@pytest.fixture
def colleague(world):
    """A second police officer, of the same organisation as the wijkagent."""
    return UserFactory(username="rechercheur", organisation=world.orgs[OrganisationKind.POLITIE])


def _sees_names(client, api, case) -> dict:
    return {
        "name list": "Sven Havenga" in client.get(f"/casussen/{case.pk}/namenlijst/").content.decode(),
        "search": "Sven Havenga" in client.get("/zoeken/?q=Havenga").content.decode(),
        "api": "Sven Havenga" in api.get(f"/api/v1/cases/{case.pk}/name-list").content.decode(),
        "member": client.get(f"/groepen/leden/{case.member.pk}/").status_code == 200,
    }


def test_a_participating_but_unnamed_professional_sees_the_group_level_only(world, case, verified_client):
    client, api = verified_client(world.wijkagent), bearer_client(world.wijkagent)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    assert client.get(f"/groepen/{case.group_id}/").status_code == 200
    assert _sees_names(client, api, case) == {
        "name list": False,
        "search": False,
        "api": False,
        "member": False,
    }
    page = client.get(f"/casussen/{case.pk}/namenlijst/").content.decode()
    assert "bij naam aan deze casus is verbonden" in page
    assert not ProcessingLogEntry.objects.filter(actor_id=world.wijkagent.pk).exists()


def test_an_unnamed_professional_supplies_no_personal_data(world, case):
    pv = MatrixItem.objects.get(label__startswith="Ontvangen PV's")
    with pytest.raises(AccessDenied, match="bij naam"):
        services.add_information(
            case, actor=world.wijkagent, matrix_item=pv, content="PV", person=case.member.person
        )


def test_search_reveals_nothing_about_cases_the_searcher_is_not_named_for(world, case, verified_client):
    """Not the name, not a count, not a hint: the answer is the one for a name that does not exist."""
    client = verified_client(world.wijkagent)
    hit = client.get("/zoeken/?q=Havenga").content.decode()
    nothing = client.get("/zoeken/?q=Qwzxv").content.decode()
    assert "Sven Havenga" not in hit and "Personen" not in hit
    assert "0 resultaten" in hit and "0 resultaten" in nothing
    assert bearer_client(world.wijkagent).get("/api/v1/search?q=Havenga").json()["persons"] == []
    assert not ProcessingLogEntry.objects.filter(operation="search.hit").exists()


def test_named_by_the_regisseur_each_sees_what_the_covenant_gives_their_organisation(
    world, case, verified_client
):
    pv = MatrixItem.objects.get(label__startswith="Ontvangen PV's")
    services.name_person(case, user=world.wijkagent, reason="Wijkagent van de buurt", actor=world.regisseur)
    services.name_person(case, user=world.jongerenwerker, reason="Kent de jongeren", actor=world.coordinator)
    services.add_information(
        case,
        actor=world.wijkagent,
        matrix_item=pv,
        content="Drie processen-verbaal",
        person=case.member.person,
    )
    client, api = verified_client(world.wijkagent), bearer_client(world.wijkagent)
    assert _sees_names(client, api, case) == {"name list": True, "search": True, "api": True, "member": True}
    assert "Drie processen-verbaal" in client.get(f"/casussen/{case.pk}/informatiematrix/").content.decode()
    # youth work: named, so the names; but the covenant gives it no criminal data
    client, api = verified_client(world.jongerenwerker), bearer_client(world.jongerenwerker)
    assert _sees_names(client, api, case) == {"name list": True, "search": True, "api": True, "member": True}
    assert (
        "Drie processen-verbaal" not in client.get(f"/casussen/{case.pk}/informatiematrix/").content.decode()
    )


def test_a_named_professional_names_colleagues_of_their_own_organisation_only(world, case, colleague):
    services.name_person(case, user=world.wijkagent, reason="Wijkagent", actor=world.regisseur)
    named = services.name_person(case, user=colleague, reason="Rechercheur op de zaak", actor=world.wijkagent)
    assert (named.added_by, named.reason) == (world.wijkagent, "Rechercheur op de zaak")
    with pytest.raises(AccessDenied, match="eigen organisatie"):
        services.name_person(case, user=world.jongerenwerker, reason="x", actor=world.wijkagent)
    # ending a naming: of a colleague yes, of someone of another organisation no
    services.name_person(case, user=world.jongerenwerker, reason="Kent ze", actor=world.regisseur)
    other = NamedPerson.objects.get(case=case, user=world.jongerenwerker)
    with pytest.raises(AccessDenied, match="eigen organisatie"):
        services.unname_person(other, reason="x", actor=world.wijkagent)
    services.unname_person(named, reason="Zaak afgerond", actor=world.wijkagent)
    named.refresh_from_db()
    assert (named.removed_by, named.removal_reason) == (world.wijkagent, "Zaak afgerond")
    assert set(case.named_user_ids()) == {
        world.regisseur.pk,
        world.coordinator.pk,
        world.wijkagent.pk,
        world.jongerenwerker.pk,
    }


def test_an_unnamed_professional_names_nobody_not_even_a_colleague(world, case, colleague, verified_client):
    with pytest.raises(AccessDenied, match="bij naam"):
        services.name_person(case, user=colleague, reason="x", actor=world.wijkagent)
    response = verified_client(world.wijkagent).post(
        f"/casussen/{case.pk}/bij-naam/", {"name-user": colleague.pk, "name-reason": "x"}
    )
    assert response.status_code == 404
    assert not NamedPerson.objects.exists()


def test_nobody_of_an_organisation_that_does_not_take_part_can_be_named(world, case):
    with pytest.raises(services.workflow.WorkflowError, match="deelnemende organisatie"):
        services.name_person(case, user=world.officier, reason="x", actor=world.regisseur)
    with pytest.raises(services.workflow.WorkflowError, match="deelnemende organisatie"):
        services.name_person(case, user=world.outsider, reason="x", actor=world.regisseur)
    assert not NamedPerson.objects.exists()


def test_the_name_form_offers_participants_and_the_municipality_to_the_regisseur_colleagues_to_a_partner(
    world, case, colleague
):
    services.name_person(case, user=world.wijkagent, reason="Wijkagent", actor=world.regisseur)
    offered = set(NameForm(case=case, actor=world.regisseur).fields["user"].queryset)
    assert {world.wijkagent, world.regisseur, world.coordinator}.isdisjoint(offered)  # named already
    assert {colleague, world.jongerenwerker}.issubset(offered)
    assert not {world.officier, world.zorg, world.outsider, world.burgemeester, world.beheer} & offered
    assert set(NameForm(case=case, actor=world.wijkagent).fields["user"].queryset) == {
        colleague,
        world.teamchef,
    }


def test_a_named_professional_names_a_colleague_through_the_case_page(
    world, case, colleague, verified_client
):
    services.name_person(case, user=world.wijkagent, reason="Wijkagent", actor=world.regisseur)
    client = verified_client(world.wijkagent)
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert "Bij naam verbinden" in page
    response = client.post(
        f"/casussen/{case.pk}/bij-naam/", {"name-user": colleague.pk, "name-reason": "Op de zaak"}
    )
    assert response.status_code == 302
    assert NamedPerson.objects.filter(case=case, user=colleague, added_by=world.wijkagent).exists()
    page = client.post(
        f"/casussen/{case.pk}/bij-naam/", {"name-user": world.jongerenwerker.pk, "name-reason": "x"}
    ).content.decode()
    assert "Selecteer een geldige keuze" in page
    assert not NamedPerson.objects.filter(user=world.jongerenwerker).exists()


def test_a_read_is_logged_under_the_basis_of_the_readers_organisation(world, case, verified_client):
    services.name_person(case, user=world.wijkagent, reason="Wijkagent", actor=world.regisseur)
    verified_client(world.wijkagent).get(f"/casussen/{case.pk}/namenlijst/")
    verified_client(world.regisseur).get(f"/casussen/{case.pk}/namenlijst/")
    police = ProcessingLogEntry.objects.get(actor_id=world.wijkagent.pk, operation="name_list.read")
    municipality = ProcessingLogEntry.objects.get(actor_id=world.regisseur.pk, operation="name_list.read")
    assert police.legal_basis == "Wet politiegegevens art. 19 (samenwerkingsverband)"
    assert municipality.legal_basis == "AVG art. 6 lid 1 sub e jo. Gemeentewet art. 172"
