"""Privacy endpoints and reference data: who may read the processing log, the export is
itself logged, the covenant is readable by the roles of the covenant page, and text that
must stay anonymous (request questions, groepsscan answers) passes the guard."""

import datetime

import pytest

from cases import services
from privacy.models import ProcessingLogEntry
from tests.factories import send_groepsscan

pytestmark = pytest.mark.django_db


def test_privacy_officer_reads_the_municipalitys_log(story, api):
    response = api(story.privacy).get("/api/v1/processing-log")
    assert response.status_code == 200
    operations = {e["operation"] for e in response.json()["results"]}
    assert "name_list.add" in operations
    filtered = api(story.privacy).get("/api/v1/processing-log?actor=wijkagent").json()["results"]
    assert filtered and all(e["actor_username"] == "wijkagent" for e in filtered)


@pytest.mark.parametrize("persona", ["regisseur", "wijkagent", "burgemeester", "outsider"])
def test_only_the_privacy_officer_reads_the_whole_log(story, api, persona):
    assert api(getattr(story, persona)).get("/api/v1/processing-log").status_code == 403


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("privacy", 200),
        ("regisseur", 200),
        ("coordinator", 200),
        ("wijkagent", 404),
        ("burgemeester", 404),
        ("outsider", 404),
    ],
)
def test_who_saw_this_youth_follows_the_page(story, api, verified_client, persona, code):
    user = getattr(story, persona)
    response = api(user).get(f"/api/v1/persons/{story.person.pk}/processing-log")
    page = verified_client(user).get(f"/privacy/personen/{story.person.pseudonym}/verwerkingen/")
    assert response.status_code == page.status_code == code


def test_log_export_is_csv_and_is_itself_logged(story, api):
    response = api(story.privacy).get(f"/api/v1/persons/{story.person.pk}/processing-log/export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("volgnummer,tijd,gebruiker")
    assert (
        ProcessingLogEntry.objects.filter(
            operation="processing_log.export",
            actor_id=story.privacy.pk,
            data_subject=str(story.person.pseudonym),
        ).count()
        == 1
    )


def test_covenant_is_readable_for_the_covenant_roles(story, api):
    response = api(story.regisseur).get("/api/v1/covenants")
    assert response.status_code == 200
    covenant = response.json()["results"][0]
    assert covenant["in_force"] is True
    rule = next(
        r for r in covenant["rules"] if r["organisation_kind"] == "politie" and r["category"] == "criminal"
    )
    assert rule["may_supply"] and rule["may_receive"]
    assert api(story.wijkagent).get("/api/v1/covenants").status_code == 403


def test_organisations_are_those_of_the_callers_municipality(story, api):
    names = {o["name"] for o in api(story.wijkagent).get("/api/v1/organisations?limit=200").json()["results"]}
    assert "Politie Teststad" in names and "Gemeente Buurdorp" not in names
    buurdorp = story.outsider.organisation
    assert api(story.wijkagent).get(f"/api/v1/organisations/{buurdorp.pk}").status_code == 404


def test_request_question_and_answer_pass_the_guard(story, api):
    due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    url = f"/api/v1/cases/{story.case.pk}/requests"
    services.set_membership_status(story.membership, status="agreed", actor=story.coordinator)
    body = {"kind": "intern", "addressee": story.orgs["leerplicht"].pk, "due_date": due}
    refused = api(story.regisseur).post(
        url, {**body, "question": "Wat weet u van Kevin de Vries?"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "privacy_guard"
    assert "question" in refused.json()["findings"]
    request = send_groepsscan(story, story.case, names=(), outcomes={"Kees Voorbeeld": "unknown"})
    answer = f"{url}/{request.pk}/answer"
    refused = api(story.teamchef).post(answer, {"answer": "Kevin de Vries is bekend."}, format="json")
    assert refused.status_code == 400 and "answer" in refused.json()["findings"]
    csv_body = "unknown_to_police;information_position;answer\n1;zwak;Kevin de Vries is bekend\n"
    refused = api(story.teamchef).generic("POST", answer, csv_body.encode(), content_type="text/csv")
    assert refused.status_code == 400 and refused.json()["code"] == "privacy_guard"
    request.refresh_from_db()
    assert request.status == "open"


def test_docs_page_lists_every_operation_of_the_schema(db, client):
    schema = client.get("/api/v1/schema/?format=json").json()
    html = client.get("/api/v1/docs/").content.decode()
    for path, item in schema["paths"].items():
        for method in item:
            if method in {"get", "post", "patch", "put", "delete"}:
                assert f"{method.upper()} {path}" in html


def test_an_error_under_accept_csv_is_neutralised_csv():
    from api.views import CSVRenderer

    body = CSVRenderer().render({"detail": "=niet gevonden", "code": "not_found"}).decode()
    assert body == "detail;code\n'=niet gevonden;not_found\n"
