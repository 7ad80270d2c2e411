"""The access table: for every persona of the demo covenant, which categories of a person
they can and cannot see — through the access decision and on every page that shows persons.
The denials are tested as carefully as the grants."""

from datetime import date

import pytest

from cases import services
from cases.models import Case, InformationItem
from privacy import access
from privacy.categories import Category
from privacy.models import MatrixItem, ProcessingLogEntry
from privacy.services import publish_covenant
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

P, CR, CA, SP = Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL

# persona -> categories of a person's data they may see in a case their organisation takes part in
EXPECTED = {
    "regisseur": {P, CR, CA},
    "coordinator": {P, CR, CA},
    "wijkagent": {P, CR},
    "officier": {P, CR},
    "jongerenwerker": {P},
    "boa": {P},
    "leerplicht": {P},
    "zorg": {P, CA},
    "school": set(),  # takes part, but the covenant gives schools nothing
    "burgemeester": set(),  # beslisser: anonymised material only
    "privacy": None,  # no case content at all: 404
    "beheer": None,
    "outsider": None,
}

CONTENT = {
    P: "Rol: harde kern",
    CR: "Drie processen-verbaal voor vernieling",
    CA: "Traject jeugdhulp loopt",
    SP: "Religieuze achtergrond",
}


@pytest.fixture
def case_with_person(world):
    group = GroupFactory(municipality=world.municipality, name="Testgroep")
    case = services.open_case(group, actor=world.regisseur, reason="signalen")
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant art. 4",
        necessity="Overlast en geweld",
        actor=world.regisseur,
    )
    for kind, org in world.orgs.items():
        services.invite_participant(case, organisation=org, actor=world.regisseur, name=world.staff(kind))
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="informatie verzamelen")
    membership = services.add_to_name_list(
        case, actor=world.coordinator, full_name="Kees Voorbeeld", nickname="Kay"
    )
    person = membership.person
    items = {
        P: ("Rollen", world.coordinator),
        CR: ("Ontvangen PV's", world.wijkagent),
        CA: ("Lopend traject op groepsleden?", world.zorg),
    }
    for category, (label, supplier) in items.items():
        services.add_information(
            case,
            actor=supplier,
            matrix_item=MatrixItem.objects.get(label__startswith=label),
            content=CONTENT[category],
            person=person,
        )
    # No covenant lets anyone supply special-category data; put one in behind the app's back
    # to prove that nobody sees it even when it exists.
    InformationItem.objects.create(
        case=case,
        person=person,
        category=SP,
        content=CONTENT[SP],
        matrix_item=MatrixItem.objects.get(category=SP),
        supplied_by=world.orgs["gemeente"],
        created_by=world.regisseur,
    )
    case.refresh_from_db()
    return case, person


def _user(world, name):
    return getattr(world, name)


@pytest.mark.parametrize("persona", EXPECTED)
def test_access_decision_per_category(world, case_with_person, persona):
    case, _person = case_with_person
    user = _user(world, persona)
    expected = EXPECTED[persona]
    for category in (P, CR, CA, SP):
        decision = access.can_receive(user, case, category)
        allowed = expected is not None and category in expected
        assert bool(decision) is allowed, (persona, category, decision.reason)
        if not allowed:
            assert decision.reason  # every denial says why


@pytest.mark.parametrize("persona", EXPECTED)
def test_person_page_shows_exactly_the_allowed_categories(world, case_with_person, persona, verified_client):
    case, person = case_with_person
    user = _user(world, persona)
    client = verified_client(user)
    response = client.get(f"/groepen/personen/{person.pk}/")
    expected = EXPECTED[persona]
    if not expected:
        assert response.status_code == 404
        assert not ProcessingLogEntry.objects.filter(
            data_subject=str(person.pseudonym), actor_id=user.pk
        ).exists()
        return
    html = response.content.decode()
    assert response.status_code == 200
    for category, text in CONTENT.items():
        assert (text in html) is (category in expected), (persona, category)
    if CR not in expected:
        assert "afgeschermd: strafrechtelijke gegevens, alleen voor" in html
    assert "afgeschermd: bijzondere persoonsgegevens" in html  # named, never shown
    # The read is logged exactly once for that person, with the categories actually shown.
    entries = ProcessingLogEntry.objects.filter(
        data_subject=str(person.pseudonym), actor_id=user.pk, operation="person.read"
    )
    assert entries.count() == 1
    assert set(entries.get().categories.split(",")) == {str(c) for c in expected}


@pytest.mark.parametrize("persona", EXPECTED)
def test_name_list_and_matrix_pages_follow_the_same_decision(
    world, case_with_person, persona, verified_client
):
    case, person = case_with_person
    client = verified_client(_user(world, persona))
    expected = EXPECTED[persona]
    for url in (f"/casussen/{case.pk}/namenlijst/", f"/casussen/{case.pk}/informatiematrix/"):
        response = client.get(url)
        if expected is None:
            assert response.status_code == 404
            continue
        html = response.content.decode()
        assert ("Kees Voorbeeld" in html) is (P in expected), (persona, url)
        if url.endswith("informatiematrix/"):
            for category, text in CONTENT.items():
                assert (text in html) is (category in expected), (persona, category)


@pytest.mark.parametrize("persona", ["regisseur", "wijkagent", "jongerenwerker"])
def test_group_page_logs_each_member_read_once(world, case_with_person, persona, verified_client):
    case, person = case_with_person
    client = verified_client(_user(world, persona))
    client.get(f"/groepen/{case.group_id}/")
    assert (
        ProcessingLogEntry.objects.filter(
            data_subject=str(person.pseudonym), operation="name_list.read"
        ).count()
        == 1
    )


def test_youth_worker_sees_case_but_not_police_criminal_items_and_both_are_logged(
    world, case_with_person, client
):
    case, person = case_with_person
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for user, visible in ((world.jongerenwerker, False), (world.wijkagent, True)):
        device = TOTPDevice.objects.create(user=user, confirmed=True, name="t")
        client.post("/inloggen/", {"username": user.username, "password": "test-Wachtwoord-2026"})
        client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"})
        assert client.get(f"/casussen/{case.pk}/").status_code == 200
        html = client.get(f"/groepen/personen/{person.pk}/").content.decode()
        assert (CONTENT[CR] in html) is visible
        assert ProcessingLogEntry.objects.filter(
            data_subject=str(person.pseudonym), actor_id=user.pk
        ).exists()
        client.post("/uitloggen/")


def test_organisation_not_participating_sees_nothing(world, case_with_person):
    case, _person = case_with_person
    case.participants.filter(organisation=world.orgs["politie"]).delete()
    fresh = type(world.wijkagent).objects.get(pk=world.wijkagent.pk)  # new request, new memo
    assert not access.can_view_case(fresh, case)
    assert not access.can_receive(fresh, case, CR)
    assert not Case.objects.visible_to(fresh).filter(pk=case.pk).exists()


def test_newer_covenant_version_changes_the_decision(world, case_with_person):
    case, _person = case_with_person
    publish_covenant(
        municipality=world.municipality,
        title="Convenant v2",
        effective_from=date(2021, 1, 1),
        purposes="x",
        parties=list(world.orgs.values()),
        rules=[
            {"organisation_kind": "jongerenwerk", "category": "personal", "may_receive": True},
            {"organisation_kind": "jongerenwerk", "category": "care", "may_receive": True},
        ],
    )
    worker = type(world.jongerenwerker).objects.get(pk=world.jongerenwerker.pk)
    assert access.can_receive(worker, case, CA)
    assert access.covenant_in_force(world.municipality.pk).version == 2


def test_future_covenant_is_not_yet_in_force(world, case_with_person):
    case, _person = case_with_person
    publish_covenant(
        municipality=world.municipality,
        title="Toekomst",
        effective_from=date(2099, 1, 1),
        purposes="x",
        parties=[],
        rules=[],
    )
    assert access.covenant_in_force(world.municipality.pk).version == 1


@pytest.mark.parametrize(
    "url",
    [
        "/casussen/{case}/informatiematrix/",
        "/groepen/{group}/",
        "/groepen/personen/{person}/",
        "/casussen/{case}/namenlijst/",
    ],
)
def test_every_page_read_is_logged_exactly_once_per_person(world, case_with_person, verified_client, url):
    case, person = case_with_person
    client = verified_client(world.regisseur)
    before = ProcessingLogEntry.objects.filter(data_subject=str(person.pseudonym), action="read").count()
    assert client.get(url.format(case=case.pk, group=case.group_id, person=person.pk)).status_code == 200
    after = ProcessingLogEntry.objects.filter(data_subject=str(person.pseudonym), action="read").count()
    assert after - before == 1
