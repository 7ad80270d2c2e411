"""The case page and the name list: one URL and one view per action (POST only). Each view:
success redirects with the Dutch message, invalid input or a refusal renders the same page
with the error and saves nothing, who may not see the case gets 404, and who may see but
not manage it also gets 404 (as the page gave before)."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import CaseStatus, Participant, Transition
from groups.models import Membership
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality)
    return services.open_case(group, actor=world.regisseur, reason="drie signalen")


def _appoint(world, case):
    return services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant",
        necessity="Overlast",
        actor=world.regisseur,
    )


@pytest.fixture
def member(world, case):
    _appoint(world, case)
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    return services.add_to_name_list(case, actor=world.coordinator, full_name="Jan Jansen")


COORDINATOR = {
    "coord-legal_basis_choice": "avg6e_gw172",
    "coord-legal_basis": "Convenant artikel 3",
    "coord-necessity": "Overlast en dreiging",
}


def test_page_still_answers_get_and_refuses_a_post(world, case, verified_client):
    client = verified_client(world.regisseur)
    html = client.get(f"/casussen/{case.pk}/").content.decode()
    for name in ("move", "coordinator", "invite"):
        assert f'action="{reverse(f"cases:{name}", args=[case.pk])}"' in html
    assert 'name="action"' not in html
    assert client.post(f"/casussen/{case.pk}/", {"action": "move"}).status_code == 405


def test_get_on_an_action_url_is_refused(world, case, verified_client):
    assert verified_client(world.regisseur).get(f"/casussen/{case.pk}/stap/").status_code == 405


# --- move -------------------------------------------------------------------------------------------


def test_move_redirects_with_message(world, case, verified_client):
    _appoint(world, case)
    client = verified_client(world.regisseur)
    response = client.post(f"/casussen/{case.pk}/stap/", {"move-to_step": "2", "move-reason": "door"})
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}/"
    assert "De casus is verplaatst." in client.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert case.step == 2


def test_move_without_reason_shows_the_form_error(world, case, verified_client):
    _appoint(world, case)
    response = verified_client(world.regisseur).post(f"/casussen/{case.pk}/stap/", {"move-to_step": "2"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_move-reason_error"' in html
    assert "Stap zetten" in html
    case.refresh_from_db()
    assert case.step == 1 and not Transition.objects.filter(case=case, to_step=2).exists()


def test_move_refused_by_the_gate_shows_the_dutch_reason(world, case, verified_client):
    response = verified_client(world.regisseur).post(
        f"/casussen/{case.pk}/stap/", {"move-to_step": "2", "move-reason": "door"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stap 2 kan pas beginnen als u: wijs een uitvoeringscoördinator aan" in html
    case.refresh_from_db()
    assert case.step == 1


# --- coordinator ------------------------------------------------------------------------------------


def test_coordinator_is_recorded(world, case, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(
        f"/casussen/{case.pk}/coordinator/", {"coord-coordinator": world.coordinator.pk, **COORDINATOR}
    )
    assert response.status_code == 302
    assert (
        "Uitvoeringscoördinator en grondslag vastgelegd." in client.get(response["Location"]).content.decode()
    )
    case.refresh_from_db()
    assert case.coordinator == world.coordinator and case.necessity == "Overlast en dreiging"


def test_coordinator_from_another_organisation_is_refused(world, case, verified_client):
    response = verified_client(world.regisseur).post(
        f"/casussen/{case.pk}/coordinator/", {"coord-coordinator": world.wijkagent.pk, **COORDINATOR}
    )
    assert response.status_code == 200 and 'id="id_coord-coordinator_error"' in response.content.decode()
    case.refresh_from_db()
    assert case.coordinator is None and case.necessity == ""


# --- invite -----------------------------------------------------------------------------------------


def test_invite_adds_the_organisation(world, case, verified_client):
    client = verified_client(world.regisseur)
    response = client.post(
        f"/casussen/{case.pk}/uitnodigen/", {"invite-organisation": world.orgs["politie"].pk}
    )
    assert response.status_code == 302
    assert "Organisatie uitgenodigd." in client.get(response["Location"]).content.decode()
    assert case.participants.filter(organisation=world.orgs["politie"]).exists()


def test_invite_without_organisation_shows_the_error(world, case, verified_client):
    before = Participant.objects.count()
    response = verified_client(world.regisseur).post(f"/casussen/{case.pk}/uitnodigen/", {})
    assert response.status_code == 200 and 'id="id_invite-organisation_error"' in response.content.decode()
    assert Participant.objects.count() == before


# --- reopen -----------------------------------------------------------------------------------------


def test_reopen_starts_a_new_cycle(world, case, verified_client):
    _appoint(world, case)
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")
    services.advance_case(case, to_step=None, actor=world.regisseur, reason="gerichte actie")
    client = verified_client(world.regisseur)
    response = client.post(f"/casussen/{case.pk}/heropenen/", {"reason": "nieuwe signalen"})
    assert response.status_code == 302
    assert "De casus is heropend als nieuwe cyclus." in client.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert (case.status, case.cycle, case.step) == (CaseStatus.OPEN, 2, 1)


def test_reopen_of_an_open_case_is_refused_on_the_page(world, case, verified_client):
    response = verified_client(world.regisseur).post(f"/casussen/{case.pk}/heropenen/", {"reason": "x"})
    assert response.status_code == 200
    assert "Alleen een afgesloten casus kan worden heropend." in response.content.decode()
    case.refresh_from_db()
    assert case.cycle == 1


# --- name list: status ------------------------------------------------------------------------------


def test_name_list_status_is_agreed(world, case, member, verified_client):
    client = verified_client(world.coordinator)
    url = reverse("cases:name_list_status", args=[case.pk, member.pk])
    assert url in client.get(f"/casussen/{case.pk}/namenlijst/").content.decode()
    response = client.post(url, {"status": "agreed"})
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}/namenlijst/"
    assert "Status op de namenlijst bijgewerkt." in client.get(response["Location"]).content.decode()
    member.refresh_from_db()
    assert member.status == "agreed"


def test_name_list_unknown_status_is_refused_on_the_page(world, case, member, verified_client):
    response = verified_client(world.coordinator).post(
        reverse("cases:name_list_status", args=[case.pk, member.pk]), {"status": "weg"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Onbekende status." in html and "Jan Jansen" in html
    member.refresh_from_db()
    assert member.status == "proposed"


def test_name_list_status_of_another_case_is_404(world, case, member, verified_client):
    other = services.open_case(
        GroupFactory(municipality=world.municipality), actor=world.regisseur, reason="x"
    )
    url = reverse("cases:name_list_status", args=[other.pk, member.pk])
    assert verified_client(world.regisseur).post(url, {"status": "agreed"}).status_code == 404


def test_name_list_add_posts_to_the_page(world, case, member, verified_client):
    client = verified_client(world.coordinator)
    client.post(f"/casussen/{case.pk}/namenlijst/", {"full_name": "Piet Pietersen"})
    assert Membership.objects.filter(case=case).count() == 2


# --- denial -----------------------------------------------------------------------------------------

ACTIONS = [
    ("stap/", {"move-to_step": "2", "move-reason": "door"}),
    ("coordinator/", {"coord-coordinator": "{coordinator}", **COORDINATOR}),
    ("uitnodigen/", {"invite-organisation": "{politie}"}),
    ("heropenen/", {"reason": "x"}),
    ("namenlijst/{member}/status/", {"status": "agreed"}),
]


@pytest.mark.parametrize("persona", ["outsider", "burgemeester", "wijkagent"])
@pytest.mark.parametrize(("path", "data"), ACTIONS)
def test_who_may_not_manage_the_case_gets_404(world, case, member, verified_client, persona, path, data):
    """The outsider may not see the case; the burgemeester and the participating police
    officer may see it but not manage it: 404, as the page gave, and nothing changes."""
    services.invite_participant(
        case, organisation=world.orgs["politie"], actor=world.regisseur, name=world.staff("politie")
    )
    fill = {"coordinator": world.coordinator.pk, "politie": world.orgs["politie"].pk, "member": member.pk}
    data = {k: str(v).format(**fill) for k, v in data.items()}
    client = verified_client(getattr(world, persona))
    transitions, status = Transition.objects.count(), member.status
    response = client.post(f"/casussen/{case.pk}/" + path.format(**fill), data)
    assert response.status_code == 404
    member.refresh_from_db()
    assert Transition.objects.count() == transitions and member.status == status


def test_language_switch_on_a_page_shown_after_a_failed_post_returns_to_the_page(
    world, case, verified_client
):
    """After a failed POST the page sits at the action URL (POST only); the language switch
    must send the user back to the page they came from, not to the action URL."""
    client = verified_client(world.regisseur)
    page = reverse("cases:detail", args=[case.pk])
    _appoint(world, case)
    response = client.post(
        reverse("cases:move", args=[case.pk]), {"move-to_step": "2"}, HTTP_REFERER=f"http://testserver{page}"
    )
    assert response.status_code == 200
    assert f'name="next" type="hidden" value="http://testserver{page}"' in response.content.decode()
