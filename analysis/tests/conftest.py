"""A story-3-like case at step 3 built with the real services: coordinator and legal basis,
partners invited, twelve members on the name list. Personas come from the root `world`."""

from datetime import date

import pytest

from analysis import services
from cases import services as case_services
from tests.factories import GroupFactory, UserFactory

MEMBERS = [
    # full name, nickname, date of birth, address
    ("Ryan Meijer", "Kleine R", date(2009, 3, 1), "Lindelaan 12"),
    ("Yusuf Demir", "", date(2008, 7, 14), ""),
    ("Luuk Smit", "", None, ""),
    ("Anouk de Wit", "Noekie", None, ""),
    ("Daan Visser", "Daantje", None, ""),
    ("Mila Bakker", "", None, ""),
    ("Sem de Groot", "Semmie", None, ""),
    ("Noah de Jong", "", None, ""),
    ("Lotte Peters", "", None, ""),
    ("Milan Jansen", "", None, ""),
    ("Sara El Amrani", "", None, ""),
    ("Finn Mulder", "", None, ""),
]
PARTNERS = ("politie", "om", "jongerenwerk", "handhaving", "zorg", "veilig_thuis")


def build_case(world, *, name="Jongeren Testwijk", members=MEMBERS, to_step=3):
    group = GroupFactory(municipality=world.municipality, name=name)
    case = case_services.open_case(group, actor=world.regisseur, reason="signalen uit de wijk")
    case_services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant art. 4",
        necessity="Langdurige overlast en criminaliteit in de wijk.",
        actor=world.regisseur,
    )
    for kind in PARTNERS:
        case_services.invite_participant(
            case, organisation=world.orgs[kind], actor=world.regisseur, name=world.staff(kind)
        )
    case = case_services.advance_case(case, to_step=2, actor=world.regisseur, reason="namenlijst")
    for full_name, nickname, dob, address in members:
        m = case_services.add_to_name_list(
            case,
            actor=world.coordinator,
            full_name=full_name,
            nickname=nickname,
            date_of_birth=dob,
            address=address,
            accept_warnings=True,  # a second case of the same fictional youths: not a mistake here
        )
        case_services.set_membership_status(m, status="agreed", actor=world.coordinator)
    if to_step >= 3:
        case = case_services.advance_case(
            case, to_step=3, actor=world.regisseur, reason="integraal beeld maken"
        )
    return case


def ready_for_step_4(world, case):
    """A picture version and a concept plan (unless there are), enough for the 3 → 4 gate."""
    if case.picture_versions.exists() and case.concept_plan_versions.exists():
        return case_services.advance_case(
            case, to_step=4, actor=world.regisseur, reason="advies aan het overleg"
        )
    services.save_picture(
        case,
        actor=world.coordinator,
        based_on=case.picture_versions.count(),
        group_characteristics="Kleine harde kern met veel meelopers.",
        persons="Ryan Meijer heeft de meeste invloed; Yusuf Demir volgt hem.",
        behaviour="Vernielingen en intimidatie rond de sporthal.",
        severity="hoog",
        urgency="middel",
        domain_openbare_orde="Overlast bij de winkelstrip in de avonduren.",
    )
    services.save_concept_plan(
        case,
        actor=world.coordinator,
        based_on=case.concept_plan_versions.count(),
        person_line="Ryan Meijer: persoonsgerichte aanpak met de wijkagent.",
        group_line="Groepsgesprekken door het jongerenwerk.",
        area_line="Extra toezicht bij de sporthal.",
        strategy="Eerst de kern aanpakken, meelopers perspectief bieden.",
    )
    return case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="advies aan het overleg")


def sent_advice(world, case):
    advice = services.generate_advice(case, actor=world.regisseur)
    services.edit_advice(advice, actor=world.regisseur, body=advice.body, forum="driehoek")
    services.add_forum_member(
        advice, actor=world.regisseur, name="B. Burgemeester", organisation="Gemeente", mandate="voorzitter"
    )
    return services.send_advice(advice, actor=world.regisseur)


PRIORITISED = {
    "forum": "driehoek",
    "outcome": "geprioriteerd",
    "priority": 1,
    "goals": "Overlast bij de sporthal halveren binnen zes maanden.",
    "frame_cost": "Binnen het bestaande budget veiligheid.",
    "frame_capacity": "Ten hoogste 40 uur per week over alle partners.",
    "steering": "Het ketenoverleg Parkwijk.",
    "escalation_line": ["professional", "teamleider", "directeur", "burgemeester"],
    "inform_moments": "Elke zes weken over voortgang en effect.",
    "external_communication": "De woordvoerder van de burgemeester.",
}


@pytest.fixture
def case(world):
    return build_case(world)


@pytest.fixture
def veilig_thuis(world):
    """A partner that may supply but not receive personal data under the test covenant."""
    return UserFactory(username="veiligthuis", organisation=world.orgs["veilig_thuis"])
