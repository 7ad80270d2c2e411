"""Step 2's information chain through the API (issue 18): the same rules as the pages
(cases/tests/test_groepsscan_chain.py) — the agreed name list first (409), the groepsscan
to the teamchef's function, the answer per name as criminal-law data (page and API show the
same), the report to the burgemeester and the gebiedsofficier, the police's own groepsscan,
the OM request with its reason."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import InformationRequest
from privacy.models import ProcessingLogEntry
from tests import samples
from tests.factories import send_groepsscan

pytestmark = pytest.mark.django_db

DUE = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(story, rest=""):
    return f"/api/v1/cases/{story.case.pk}/requests{rest}"


def _body(story, **overrides):
    return {
        "addressee": story.orgs["politie"].pk,
        "mayor": story.burgemeester.pk,
        "om_officer": story.officier.pk,
        "question": "Groepsscan graag",
        "due_date": DUE,
        **overrides,
    }


def _agree(story):
    services.set_membership_status(story.membership, status="agreed", actor=story.coordinator)


def test_the_groepsscan_waits_for_the_agreed_name_list(story, api):
    response = api(story.regisseur).post(_url(story, "/groepsscan"), _body(story), format="json")
    assert response.status_code == 409
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("regisseur", 201), ("coordinator", 201), ("wijkagent", 403), ("burgemeester", 403), ("outsider", 404)],
)
def test_who_requests_a_groepsscan(story, api, persona, expected):
    _agree(story)
    response = api(getattr(story, persona)).post(_url(story, "/groepsscan"), _body(story), format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [("mayor", "wijkagent"), ("om_officer", "jongerenwerker"), ("addressee", None)],
)
def test_a_wrong_route_is_400_on_its_field(story, api, field, value):
    _agree(story)
    override = {field: getattr(story, value).pk} if value else {"addressee": story.orgs["zorg"].pk}
    response = api(story.regisseur).post(_url(story, "/groepsscan"), _body(story, **override), format="json")
    assert response.status_code == 400 and field in response.json()["errors"]


def test_the_teamchef_answers_per_name_and_the_wijkagent_cannot(story, api):
    _agree(story)
    request = send_groepsscan(story, story.case, names=(), outcomes={})
    url = _url(story, f"/{request.pk}/names")
    body = {"answers": [{"member": story.membership.pk, "outcome": "selected"}]}
    assert api(story.wijkagent).post(url, body, format="json").status_code == 403
    assert api(story.regisseur).post(url, body, format="json").status_code == 403
    wrong = {"answers": [{"member": 999999, "outcome": "known"}]}
    assert api(story.teamchef).post(url, wrong, format="json").status_code == 400
    response = api(story.teamchef).post(url, body, format="json")
    assert response.status_code == 200, response.content
    (row,) = response.json()["names"]
    assert (row["person"], row["outcome"], row["category"]) == ("Kees Voorbeeld", "selected", "criminal")


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("regisseur", True),
        ("coordinator", True),
        ("wijkagent", True),
        ("officier", True),
        ("jongerenwerker", False),
        ("zorg", False),
        ("burgemeester", False),
        ("outsider", None),
    ],
)
def test_page_and_api_show_the_answer_per_name_alike(story, api, verified_client, persona, sees):
    _agree(story)
    request = send_groepsscan(story, story.case, names=(), outcomes={"Kees Voorbeeld": "selected"})
    user = getattr(story, persona)
    page = verified_client(user).get(f"/casussen/{story.case.pk}/verzoeken/{request.pk}/namen/")
    response = api(user).get(_url(story, f"/{request.pk}/names"))
    assert response.status_code == page.status_code
    if sees is None:
        assert response.status_code == 404
        return
    body = response.json()
    assert bool(body["names"]) is sees is ("Kees Voorbeeld" in page.content.decode())
    assert bool(body["withheld"]) is not sees
    if body["withheld"]:
        assert body["withheld"] in page.content.decode()


def test_the_report_reaches_the_gebiedsofficier_through_the_api(story, api):
    _agree(story)
    request = send_groepsscan(story, story.case, names=())
    report = SimpleUploadedFile("rapport.pdf", samples.PDF, content_type="application/pdf")
    answered = api(story.teamchef).post(
        _url(story, f"/{request.pk}/answer"),
        {"answer": "Zie rapport", "attachment": report},
        format="multipart",
    )
    assert answered.status_code == 200, answered.content
    officer = api(story.officier)
    (listed,) = officer.get("/api/v1/reports").json()["results"]
    assert listed["id"] == request.pk and listed["has_attachment"] is True
    response = officer.get(f"/api/v1/reports/{request.pk}/attachment")
    assert response.status_code == 200 and response.content == samples.PDF
    assert ProcessingLogEntry.objects.filter(
        operation="request_attachment.download", actor_id=story.officier.pk
    ).exists()
    for persona in ("wijkagent", "jongerenwerker", "regisseur", "outsider"):
        client = api(getattr(story, persona))
        assert client.get(f"/api/v1/reports/{request.pk}/attachment").status_code == 404
        assert client.get("/api/v1/reports").json()["results"] == []


def test_the_police_record_their_own_groepsscan(story, api):
    body = {"answer": "Standaardrapportage: zes jongeren", "mayor": story.burgemeester.pk,
            "om_officer": story.officier.pk}  # fmt: skip
    url = _url(story, "/police-groepsscan")
    assert api(story.jongerenwerker).post(url, body, format="json").status_code == 403
    assert api(story.regisseur).post(url, body, format="json").status_code == 403
    guarded = api(story.wijkagent).post(url, {**body, "answer": "Kevin de Vries is de leider"}, format="json")
    assert guarded.status_code == 400 and guarded.json()["code"] == "privacy_guard"
    response = api(story.wijkagent).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["police_initiated"] is True and response.json()["reported_at"]


def test_the_om_request_needs_reason_consultation_and_selection(story, api):
    _agree(story)
    body = {
        "addressee": story.orgs["om"].pk,
        "question": "Strafrechtelijke informatie",
        "due_date": DUE,
        "reason": "Drugshandel overheerst",
        "consulted_on": datetime.date.today().isoformat(),
    }
    url = _url(story, "/om")
    missing = api(story.regisseur).post(url, {**body, "reason": ""}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert api(story.regisseur).post(url, body, format="json").status_code == 409  # no selection yet
    scan = send_groepsscan(story, story.case, names=(), outcomes={"Kees Voorbeeld": "selected"})
    services.answer_request(scan, actor=story.teamchef, answer="Zie rapport")
    response = api(story.regisseur).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["names"] == 1 and response.json()["reason"] == "Drugshandel overheerst"
    names = api(story.officier).post(
        _url(story, f"/{response.json()['id']}/names"),
        {"answers": [{"member": story.membership.pk, "outcome": "known", "content": "Twee zaken"}]},
        format="json",
    )
    assert names.status_code == 200 and names.json()["names"][0]["content"] == "Twee zaken"
