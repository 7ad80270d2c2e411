"""Referrals (Purmerend, Hilversum; issue 18): their own covenant category, so the regisseur
makes them where the covenant says so; a status (proposed, submitted, accepted, refused,
ended) and an outcome. Regional partners: one police unit serving two municipalities takes
part in each municipality's case under that municipality's covenant, and only where it is
invited and named — municipalities otherwise stay apart."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role
from cases import services as case_services
from groups import services
from groups.models import Referral, ReferralStatus
from privacy import access
from privacy.categories import Category, LegalBasis
from privacy.models import ProcessingLogEntry
from privacy.services import publish_covenant
from tests.factories import GroupFactory, UserFactory, bearer_client, case_in_step_2

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def member(world):
    case = case_in_step_2(
        world,
        GroupFactory(municipality=world.municipality, name="Havenkant"),
        partners=("politie", "jongerenwerk"),
    )
    return case_services.add_to_name_list(case, actor=world.coordinator, full_name="Noah de Jong")


# --- referrals -------------------------------------------------------------------------------


def test_the_regisseur_makes_a_referral_under_the_covenant(world, member):
    referral = services.add_referral(member, actor=world.regisseur, kind="pga", referred_on=TODAY)
    assert (referral.category, referral.status) == (Category.REFERRAL, ReferralStatus.PROPOSED)
    # The municipality does not thereby supply criminal-law data: that stays refused.
    assert not access.can_supply(world.regisseur, member.case, Category.CRIMINAL)
    entry = ProcessingLogEntry.objects.get(operation="member.referral")
    assert entry.categories == "referral"


@pytest.mark.parametrize(
    ("persona", "may"),
    [("regisseur", True), ("coordinator", True), ("wijkagent", True), ("jongerenwerker", False),
     ("burgemeester", False), ("outsider", False)],
)  # fmt: skip
def test_who_makes_referrals(world, member, persona, may):
    user = getattr(world, persona)
    if may:
        services.add_referral(member, actor=user, kind="halt", referred_on=TODAY)
    else:
        with pytest.raises(services.GroupError):
            services.add_referral(member, actor=user, kind="halt", referred_on=TODAY)
    assert Referral.objects.exists() is may


def test_without_a_referral_row_in_the_covenant_nobody_refers(world, member):
    publish_covenant(
        municipality=world.municipality,
        title="Zonder verwijzingen",
        effective_from=date(2021, 1, 1),
        purposes="x",
        parties=list(world.orgs.values()),
        rules=[
            {"organisation_kind": k, "category": Category.PERSONAL, "may_supply": True, "may_receive": True,
             "legal_basis": LegalBasis.AVG_6_1_E_GEMEENTEWET}
            for k in (OrganisationKind.GEMEENTE, OrganisationKind.POLITIE)
        ],
    )  # fmt: skip
    with pytest.raises(services.GroupError, match="geen verwijzingen verstrekken"):
        services.add_referral(member, actor=world.regisseur, kind="pga", referred_on=TODAY)


def test_a_referral_moves_through_its_statuses_with_an_outcome(world, member):
    referral = services.add_referral(member, actor=world.regisseur, kind="veiligheidshuis", referred_on=TODAY)
    with pytest.raises(services.GroupError, match="kan niet naar"):
        services.update_referral(referral, actor=world.regisseur, status=ReferralStatus.ACCEPTED)
    services.update_referral(referral, actor=world.regisseur, status=ReferralStatus.SUBMITTED)
    services.update_referral(
        referral, actor=world.wijkagent, status=ReferralStatus.ACCEPTED, outcome="Casusoverleg"
    )
    with pytest.raises(services.GroupError, match="uitkomst"):
        services.update_referral(referral, actor=world.regisseur, status=ReferralStatus.ENDED)
    done = services.update_referral(
        referral, actor=world.regisseur, status=ReferralStatus.ENDED, outcome="Traject afgerond"
    )
    assert (done.status, done.outcome, done.status_changed_by) == (
        "ended",
        "Traject afgerond",
        world.regisseur,
    )
    with pytest.raises(services.GroupError, match="kan niet naar"):
        services.update_referral(done, actor=world.regisseur, status=ReferralStatus.SUBMITTED)
    assert ProcessingLogEntry.objects.filter(operation="member.referral_status").count() == 3


def test_youth_work_sees_but_does_not_move_a_referral(world, member, verified_client):
    referral = services.add_referral(
        member, actor=world.regisseur, kind="halt", referred_on=TODAY, note="vernieling"
    )
    with pytest.raises(services.GroupError):
        services.update_referral(referral, actor=world.jongerenwerker, status=ReferralStatus.SUBMITTED)
    youth = verified_client(world.jongerenwerker)
    html = youth.get(f"/groepen/leden/{member.pk}/").content.decode()
    assert "vernieling" in html and "Status bijwerken" not in html
    url = f"/groepen/leden/{member.pk}/verwijzing/{referral.pk}/status/"
    youth.post(url, {f"ref{referral.pk}-status": "submitted"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PROPOSED
    regisseur = verified_client(world.regisseur)
    assert "Status bijwerken" in regisseur.get(f"/groepen/leden/{member.pk}/").content.decode()
    regisseur.post(url, {f"ref{referral.pk}-status": "submitted"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_the_referral_status_through_the_api(world, member):
    def api(user):
        return bearer_client(user)

    referral = services.add_referral(member, actor=world.regisseur, kind="topx", referred_on=TODAY)
    url = f"/api/v1/cases/{member.case_id}/name-list/{member.pk}/referrals/{referral.pk}"
    body = api(world.regisseur).get(url).json()
    assert (body["status"], body["next_statuses"]) == ("proposed", ["submitted", "ended"])
    assert api(world.jongerenwerker).get(url).json()["next_statuses"] == []
    assert api(world.jongerenwerker).patch(url, {"status": "submitted"}, format="json").status_code == 403
    assert api(world.outsider).get(url).status_code == 404
    wrong = api(world.regisseur).patch(url, {"status": "accepted"}, format="json")
    assert wrong.status_code == 400 and "status" in wrong.json()["errors"]
    moved = api(world.regisseur).patch(url, {"status": "submitted"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "submitted"


# --- regional partners -----------------------------------------------------------------------


@pytest.fixture
def region(world):
    """Buurdorp's covenant lets the police receive names but no criminal-law data; Teststad's
    (the demo covenant) lets them receive both. One police unit, of Teststad, serves Buurdorp too."""
    unit = Organisation.objects.create(name="Politie eenheid Kust", kind=OrganisationKind.POLITIE,
                                       municipality=world.municipality)  # fmt: skip
    unit.also_serves.add(world.neighbour)
    agent = UserFactory(username="regioagent", organisation=unit, function_title="wijkagent")
    buurdorp = world.outsider.organisation
    coordinator = UserFactory(username="buurcoord", organisation=buurdorp, role=Role.COORDINATOR)
    rules = [
        {"organisation_kind": kind, "category": cat, "may_supply": True, "may_receive": True,
         "legal_basis": LegalBasis.AVG_6_1_E_GEMEENTEWET}
        for kind, cat in ((OrganisationKind.GEMEENTE, Category.PERSONAL), (OrganisationKind.GEMEENTE, Category.CRIMINAL),
                          (OrganisationKind.POLITIE, Category.PERSONAL))
    ]  # fmt: skip
    publish_covenant(municipality=world.neighbour, title="Convenant Buurdorp", effective_from=date(2020, 1, 1),
                     purposes="x", parties=[buurdorp, unit], rules=rules)  # fmt: skip

    def open_case(municipality, regisseur, coord, name):
        case = case_services.open_case(
            GroupFactory(municipality=municipality, name=name), actor=regisseur, reason="x"
        )
        case_services.appoint_coordinator(case, coordinator=coord, legal_basis_choice="avg6e_gw172", legal_basis="c",
                                          necessity="n", actor=regisseur)  # fmt: skip
        case_services.invite_participant(case, organisation=unit, actor=regisseur, name=[agent])
        case = case_services.advance_case(case, to_step=2, actor=regisseur, reason="x")
        m = case_services.add_to_name_list(case, actor=coord, full_name=f"Jongere {name}")
        case_services.add_information(
            case, actor=agent, matrix_item=_criminal_item(), content=f"PV {name}", person=m.person
        ) if access.can_supply(agent, case, Category.CRIMINAL) else None
        return case

    west = open_case(world.municipality, world.regisseur, world.coordinator, "Westkant")
    east = open_case(world.neighbour, world.outsider, coordinator, "Oostkant")
    unvisited = case_services.open_case(
        GroupFactory(municipality=world.neighbour, name="Elders"), actor=world.outsider, reason="x"
    )
    return unit, agent, west, east, unvisited


def _criminal_item():
    from privacy.models import MatrixItem

    return MatrixItem.objects.filter(category=Category.CRIMINAL).first()


def test_a_regional_partner_sees_each_municipality_under_its_own_covenant(world, region):
    _unit, agent, west, east, _unvisited = region
    assert access.can_receive(agent, west, Category.CRIMINAL)
    assert access.can_receive(agent, east, Category.PERSONAL)
    assert not access.can_receive(agent, east, Category.CRIMINAL)
    assert not access.can_supply(agent, east, Category.CRIMINAL)


def test_a_regional_partner_sees_only_the_cases_it_takes_part_in(world, region, verified_client):
    _unit, agent, west, east, unvisited = region
    from cases.models import Case

    assert set(Case.objects.visible_to(agent)) == {west, east}
    client = verified_client(agent)
    assert client.get(f"/casussen/{unvisited.pk}/").status_code == 404
    html = client.get(f"/casussen/{east.pk}/namenlijst/").content.decode()
    assert "Jongere Oostkant" in html and "Jongere Westkant" not in html
    person = east.memberships.get().person
    page = client.get(f"/groepen/personen/{person.pk}/").content.decode()
    assert "afgeschermd: strafrechtelijke gegevens" in page
    group = client.get(f"/groepen/{east.group_id}/").content.decode()
    assert "Jongere Oostkant" in group and "blijven bij die gemeente" not in group


def test_municipalities_stay_apart_for_everyone_else(world, region, verified_client):
    _unit, _agent, west, east, _unvisited = region
    # Teststad's own wijkagent (not regional) is not in Buurdorp's case, nor can he be invited.
    assert not access.can_view_case(world.wijkagent, east)
    with pytest.raises(case_services.AccessDenied, match="werkt niet voor gemeente Buurdorp"):
        case_services.invite_participant(east, organisation=world.orgs["politie"], actor=world.outsider)
    # Buurdorp's regisseur does not see Teststad's case through the shared unit.
    assert verified_client(world.outsider).get(f"/casussen/{west.pk}/").status_code == 404
    assert not access.can_view_case(world.regisseur, east)
