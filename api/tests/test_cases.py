"""Steps 1–2 through the API: a coordinator moves a case, the gates answer 409 with the
explanation, the name list and the matrix follow the covenant, requests are answered."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tests.guard_fields import assert_guard_fields
from cases import services
from cases.models import Case, InformationRequest, Transition
from groups.models import Membership
from privacy.models import MatrixItem, ProcessingLogEntry
from tests import samples
from tests.factories import GroupFactory, send_groepsscan

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_case(world):
    group = GroupFactory(municipality=world.municipality, name="Nieuwe groep")
    return services.open_case(group, actor=world.regisseur, reason="signalen")


def test_regisseur_opens_a_case_through_the_api(world, api):
    group = GroupFactory(municipality=world.municipality)
    response = api(world.regisseur).post(
        "/api/v1/cases", {"group": group.pk, "reason": "drie signalen"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["step"] == 1 and body["can_manage"] is True
    assert body["personal_data_gate"]["allowed"] is False
    again = api(world.regisseur).post("/api/v1/cases", {"group": group.pk}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == "Voor deze groep loopt al een casus."


def test_partner_cannot_open_a_case(world, api):
    group = GroupFactory(municipality=world.municipality)
    assert api(world.wijkagent).post("/api/v1/cases", {"group": group.pk}, format="json").status_code == 400


def test_gate_violation_is_409_with_the_gates_explanation(world, api, fresh_case):
    response = api(world.regisseur).post(
        f"/api/v1/cases/{fresh_case.pk}/transitions", {"to_step": 2, "reason": "door"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "gate"
    assert response.json()["detail"].startswith(
        "Stap 2 kan pas beginnen als u: wijs een uitvoeringscoördinator aan"
    )
    assert not Transition.objects.filter(case=fresh_case, to_step=2).exists()


def test_coordinator_moves_a_case(world, api, fresh_case):
    client = api(world.regisseur)
    url = f"/api/v1/cases/{fresh_case.pk}"
    response = client.post(
        url + "/coordinator",
        {
            "coordinator": world.coordinator.pk,
            "legal_basis_choice": "avg6e_gw172",
            "legal_basis": "Convenant art. 4",
            "necessity": "Overlast op vijf plekken",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["coordinator"]["id"] == world.coordinator.pk
    coordinator = api(world.coordinator)
    response = coordinator.post(
        url + "/transitions", {"to_step": 2, "reason": "informatie verzamelen"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["to_step"] == 2 and response.json()["actor"]["id"] == world.coordinator.pk
    # 2 -> 3 needs a partner: 409 with the reason; after inviting one it works.
    blocked = coordinator.post(url + "/transitions", {"to_step": 3, "reason": "beeld"}, format="json")
    assert blocked.status_code == 409
    assert blocked.json()["detail"] == "Nodig ten minste één ketenpartner uit voor het integrale beeld."
    invite = coordinator.post(
        url + "/participants", {"organisation": world.orgs["politie"].pk}, format="json"
    )
    assert invite.status_code == 201
    assert (
        coordinator.post(url + "/transitions", {"to_step": 3, "reason": "beeld"}, format="json").status_code
        == 201
    )
    case = coordinator.get(url).json()
    assert case["step"] == 3
    assert [m["to_step"] for m in case["moves"]] == [4, None]
    closed = coordinator.post(
        url + "/transitions", {"to_step": None, "reason": "gerichte actie volstaat"}, format="json"
    )
    assert closed.status_code == 201
    assert Case.objects.get(pk=fresh_case.pk).status == "closed"
    reopened = client.post(url + "/reopen", {"reason": "nieuwe signalen"}, format="json")
    assert reopened.status_code == 200 and reopened.json()["cycle"] == 2


def test_partner_may_see_but_not_move_the_case(story, api):
    response = api(story.wijkagent).post(
        f"/api/v1/cases/{story.case.pk}/transitions", {"to_step": 3, "reason": "door"}, format="json"
    )
    assert response.status_code == 403
    assert "procesregisseur" in response.json()["detail"]


def test_transition_needs_a_reason_and_a_known_step(story, api):
    response = api(story.regisseur).post(
        f"/api/v1/cases/{story.case.pk}/transitions", {"to_step": 9, "reason": ""}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"to_step", "reason"}


def test_name_list_before_step_2_is_409_and_saves_nothing(world, api, fresh_case):
    response = api(world.regisseur).post(
        f"/api/v1/cases/{fresh_case.pk}/name-list", {"full_name": "Piet Puk"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Persoonsgegevens zijn pas toegestaan vanaf stap 2."
    assert not Membership.objects.exists()


def test_name_list_add_and_status_follow_the_covenant(story, api):
    url = f"/api/v1/cases/{story.case.pk}/name-list"
    response = api(story.wijkagent).post(
        url, {"full_name": "Piet Puk", "role_in_group": "meeloper"}, format="json"
    )
    assert response.status_code == 201, response.content
    member = response.json()
    assert member["status"] == "proposed" and member["person"]["full_name"] == "Piet Puk"
    assert (
        ProcessingLogEntry.objects.filter(operation="name_list.add", actor_id=story.wijkagent.pk).count() == 1
    )
    refused = api(story.school).post(url, {"full_name": "Jan Klaassen"}, format="json")
    assert refused.status_code == 403  # the covenant gives schools nothing
    assert api(story.burgemeester).post(url, {"full_name": "Jan Klaassen"}, format="json").status_code == 403
    # Status: only the regisseur or the coordinator.
    patch = f"{url}/{member['id']}"
    assert api(story.wijkagent).patch(patch, {"status": "agreed"}, format="json").status_code == 403
    response = api(story.coordinator).patch(patch, {"status": "agreed", "note": "besproken"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "agreed"
    assert api(story.coordinator).patch(patch, {"status": "gezellig"}, format="json").status_code == 400


def _groepsscan(story, outcome="unknown"):
    """A groepsscan for Kees (agreed first), answered per name by the teamchef."""
    services.set_membership_status(story.membership, status="agreed", actor=story.coordinator)
    return send_groepsscan(story, story.case, names=(), outcomes={"Kees Voorbeeld": outcome})


def test_requests_are_sent_and_answered_by_the_teamchef_with_an_attachment(story, api):
    url = f"/api/v1/cases/{story.case.pk}/requests"
    due = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    wrong = api(story.regisseur).post(
        url,
        {"kind": "groepsscan", "addressee": story.orgs["zorg"].pk, "question": "?", "due_date": due},
        format="json",
    )
    assert wrong.status_code == 400 and "politie" in wrong.json()["errors"]["addressee"][0]
    body = {
        "addressee": story.orgs["politie"].pk,
        "mayor": story.burgemeester.pk,
        "om_officer": story.officier.pk,
        "question": "Groepsscan",
        "due_date": due,
    }
    unagreed = api(story.regisseur).post(f"{url}/groepsscan", body, format="json")
    assert unagreed.status_code == 409 and "namenlijst" in unagreed.json()["detail"]
    services.set_membership_status(story.membership, status="agreed", actor=story.coordinator)
    response = api(story.regisseur).post(f"{url}/groepsscan", body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["addressee_function"] == "teamchef" and created["names"] == 1
    request_id = created["id"]
    answer_url = f"{url}/{request_id}/answer"
    assert api(story.jongerenwerker).post(answer_url, {"answer": "x"}, format="json").status_code == 403
    assert api(story.wijkagent).post(answer_url, {"answer": "x"}, format="json").status_code == 403
    police = api(story.teamchef)
    assert police.get(f"{url}/{request_id}").json()["can_answer"] is True
    early = police.post(answer_url, {"answer": "Zie rapport"}, format="json")
    assert early.status_code == 409  # first the answer per name
    names = police.post(
        f"{url}/{request_id}/names",
        {"answers": [{"member": story.membership.pk, "outcome": "unknown"}]},
        format="json",
    )
    assert names.status_code == 200, names.content
    report = SimpleUploadedFile("standaardrapport.pdf", samples.PDF, content_type="application/pdf")
    response = police.post(
        answer_url,
        {"answer": "Zie rapport", "information_position": "matig", "attachment": report},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "answered" and body["unknown_to_police"] == 1 and body["has_attachment"] is True
    again = police.post(answer_url, {"answer": "nogmaals"}, format="json")
    assert again.status_code == 409
    name_list = api(story.regisseur).get(f"/api/v1/cases/{story.case.pk}/name-list").json()
    assert name_list["unknown_to_police"] == 1


def test_police_answers_a_groepsscan_with_csv(story, api):
    request = _groepsscan(story)
    url = f"/api/v1/cases/{story.case.pk}/requests/{request.pk}/answer"
    csv_body = "unknown_to_police;information_position;answer\n1;sterk;Standaardrapport volgt per post\n"
    response = api(story.teamchef).generic("POST", url, csv_body.encode(), content_type="text/csv")
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert (request.unknown_to_police, request.information_position) == (1, "sterk")
    assert request.answered_by == story.teamchef


def test_csv_and_attachment_together_in_multipart(story, api):
    request = _groepsscan(story)
    url = f"/api/v1/cases/{story.case.pk}/requests/{request.pk}/answer"
    csv_file = SimpleUploadedFile(
        "antwoord.csv", b"onbekend_bij_politie,informatiepositie,antwoord\n1,zwak,Zie bijlage\n"
    )
    report = SimpleUploadedFile("rapport.pdf", samples.PDF)
    response = api(story.teamchef).post(url, {"csv": csv_file, "attachment": report}, format="multipart")
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.unknown_to_police == 1 and request.information_position == "zwak" and request.attachment


def test_bad_csv_is_400(story, api):
    request = _groepsscan(story)
    url = f"/api/v1/cases/{story.case.pk}/requests/{request.pk}/answer"
    client = api(story.teamchef)
    for body in ("alleen;een;kop\n", "unknown_to_police;answer\nveel;x\n", "foo;answer\n1;x\n"):
        response = client.generic("POST", url, body.encode(), content_type="text/csv")
        assert response.status_code == 400, (body, response.content)
    assert InformationRequest.objects.get(pk=request.pk).status == "open"


def test_matrix_entries_follow_the_covenant(story, api):
    url = f"/api/v1/cases/{story.case.pk}/matrix"
    halt = MatrixItem.objects.get(label="Aantal maal verwezen naar Halt")
    response = api(story.wijkagent).post(
        url,
        {"matrix_item": halt.pk, "content": "Eenmaal naar Halt", "person": story.person.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["category"] == "criminal"
    refused = api(story.jongerenwerker).post(
        url, {"matrix_item": halt.pk, "content": "Weet ik ook", "person": story.person.pk}, format="json"
    )
    assert refused.status_code == 403
    assert "convenant" in refused.json()["detail"]
    group_item = MatrixItem.objects.filter(category="group").first()
    guarded = api(story.jongerenwerker).post(
        url, {"matrix_item": group_item.pk, "content": "Kevin de Vries is de leider"}, format="json"
    )
    assert_guard_fields(guarded, "content", "Kevin de Vries")
    unknown_person = api(story.wijkagent).post(
        url, {"matrix_item": halt.pk, "content": "x", "person": 999999}, format="json"
    )
    assert unknown_person.status_code == 400 and "person" in unknown_person.json()["errors"]


def test_group_write_through_the_api(world, api):
    client = api(world.regisseur)
    response = client.post(
        "/api/v1/groups", {"name": "Groep Havenkwartier", "description": "Tien jongeren"}, format="json"
    )
    assert response.status_code == 201, response.content
    group_id = response.json()["id"]
    guarded = client.patch(
        f"/api/v1/groups/{group_id}", {"description": "Leider is Kevin de Vries"}, format="json"
    )
    assert_guard_fields(guarded, "description", "Kevin de Vries")
    ok = client.patch(f"/api/v1/groups/{group_id}", {"locations": "Havenkwartier"}, format="json")
    assert ok.status_code == 200 and ok.json()["locations"] == "Havenkwartier"
    assert api(world.wijkagent).post("/api/v1/groups", {"name": "X"}, format="json").status_code == 403
