"""The API contract (issue 22): what the schema says is what the server does. One test per
finding of the issue, each written to fail before its fix."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis.tests.conftest import PRIORITISED, build_case, ready_for_step_4, sent_advice
from api.tests.test_actions_api import SOON, acted, planned  # noqa: F401 (fixtures)
from groups.models import YouthGroup
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(case, rest=""):
    return f"/api/v1/cases/{case.pk}/{rest}"


@pytest.fixture
def step4(world):
    return ready_for_step_4(world, build_case(world))


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def _resolve(schema, ref_or_schema):
    if "$ref" in ref_or_schema:
        return schema["components"]["schemas"][ref_or_schema["$ref"].rsplit("/", 1)[1]]
    return ref_or_schema


# --- decisions: the conditional requirements in the schema; the gate is 409 -------------------


def test_decision_body_states_per_outcome_what_it_requires(schema):
    body = schema["paths"]["/api/v1/cases/{id}/decisions"]["post"]["requestBody"]
    shape = _resolve(schema, body["content"]["application/json"]["schema"])
    variants = {}
    for option in shape["oneOf"]:
        resolved = _resolve(schema, option)
        outcome = resolved["properties"]["outcome"]
        variants[tuple(_resolve(schema, outcome).get("enum", []))] = set(resolved["required"])
    assert shape["discriminator"]["propertyName"] == "outcome"
    assert {
        "steering",
        "external_communication",
        "inform_moments",
        "goals",
        "priority",
        "escalation_line",
    } <= (variants[("geprioriteerd",)])
    assert "motivation" in variants[("niet_geprioriteerd",)]
    assert {"motivation", "analysis_domains"} <= variants[("verdere_analyse",)]


def test_a_prioritised_decision_without_steering_names_the_field(world, api, step4):
    sent_advice(world, step4)
    body = {**PRIORITISED, "decided_on": str(TODAY)}
    del body["steering"]
    refused = api(world.burgemeester).post(_url(step4, "decisions"), body, format="json")
    assert refused.status_code == 400
    assert "steering" in refused.json()["errors"]


def test_a_regular_decision_without_a_sent_advice_is_409_gate(world, api, step4):
    body = {**PRIORITISED, "decided_on": str(TODAY)}
    refused = api(world.burgemeester).post(_url(step4, "decisions"), body, format="json")
    assert refused.status_code == 409, refused.content
    assert refused.json()["code"] == "gate"


def test_a_decision_has_a_detail_route_that_cannot_be_changed(world, api, step4):
    sent_advice(world, step4)
    body = {**PRIORITISED, "decided_on": str(TODAY)}
    created = api(world.burgemeester).post(_url(step4, "decisions"), body, format="json")
    assert created.status_code == 201
    location = created["Location"]
    assert location.endswith(f"/api/v1/cases/{step4.pk}/decisions/{created.json()['id']}")
    shown = api(world.wijkagent).get(location)
    assert shown.status_code == 200 and shown.json()["outcome"] == "geprioriteerd"
    assert api(world.burgemeester).patch(location, {"goals": "x"}, format="json").status_code == 405
    assert api(world.burgemeester).delete(location).status_code == 405
    assert api(world.outsider).get(location).status_code == 404
    assert api(world.wijkagent).get(_url(step4, "decisions/99999")).status_code == 404


# --- one identity per youth ---------------------------------------------------------------------


def test_a_youth_is_named_by_the_person_id_and_the_old_member_field_still_works(world, api):
    case = build_case(world)
    membership = case.memberships.select_related("person").first()
    person = membership.person
    coordinator = api(world.coordinator)
    body = {"column": "interventies", "category": "personal", "content": "Traject loopt."}
    by_person = coordinator.post(_url(case, "interventions"), {**body, "person": person.pk}, format="json")
    assert by_person.status_code == 201, by_person.content
    assert by_person.json()["person"] == person.pk
    # The old field (the place on the name list) is accepted for one deprecation period.
    by_member = coordinator.post(
        _url(case, "interventions"), {**body, "member": membership.pk}, format="json"
    )
    assert by_member.status_code == 201, by_member.content
    assert by_member.json()["person"] == person.pk
    # The membership id under the new field is not a person: 400 on the field.
    if membership.pk != person.pk:
        wrong = coordinator.post(_url(case, "interventions"), {**body, "person": 999999}, format="json")
        assert wrong.status_code == 400 and "person" in wrong.json()["errors"]


def test_the_member_page_is_a_nested_resource_found_by_the_person_id(world, api):
    case = build_case(world)
    membership = case.memberships.select_related("person").first()
    shown = api(world.coordinator).get(_url(case, f"persons/{membership.person_id}"))
    assert shown.status_code == 200, shown.content
    assert shown.json()["id"] == membership.pk and shown.json()["person"]["id"] == membership.person_id
    assert api(world.outsider).get(_url(case, f"persons/{membership.person_id}")).status_code == 404


# --- uniform success codes ------------------------------------------------------------------------


def test_a_transition_is_created_with_location_and_actions_on_a_case_answer_200(world, api, story):
    case = story.case
    regie = api(world.regisseur)
    moved = regie.post(_url(case, "transitions"), {"to_step": None, "reason": "Volstaat."}, format="json")
    assert moved.status_code == 201, moved.content
    assert regie.get(moved["Location"]).status_code == 200
    assert regie.get(moved["Location"]).json()["kind"] == moved.json()["kind"]
    reopened = regie.post(_url(case, "reopen"), {"reason": "Nieuwe signalen."}, format="json")
    assert reopened.status_code == 200, reopened.content


def test_every_create_answers_201_with_a_location_that_can_be_read(world, api, story):
    from tests.factories import agree_names

    case = story.case
    agree_names(world, case, "Afgestemde Jongere")  # a request goes out after the name list is agreed
    regie = api(world.regisseur)
    created = [
        regie.post(_url(case, "name-list"), {"full_name": "Nieuwe Jongere", "nickname": ""}, format="json"),
        regie.post(
            _url(case, "requests"),
            {
                "kind": "intern",
                "addressee": world.orgs["jongerenwerk"].pk,
                "question": "Wat weet u?",
                "due_date": str(TODAY + timedelta(days=7)),
            },
            format="json",
        ),
        regie.post(
            "/api/v1/cases",
            {
                "group": YouthGroup.objects.create(
                    municipality=world.municipality, name="Andere groep", created_by=world.regisseur
                ).pk,
                "reason": "",
            },
            format="json",
        ),
    ]
    for response in created:
        assert response.status_code == 201, response.content
        assert "Location" in response, response.json()
        assert regie.get(response["Location"]).status_code == 200, response["Location"]


# --- one word per idea ------------------------------------------------------------------------


def test_the_plan_says_current_like_decisions_and_keeps_in_force_as_an_alias(world, api, acted):  # noqa: F811
    case, _made = acted
    plan = api(world.coordinator).get(_url(case, "plan")).json()
    assert plan["current"]["number"] == plan["in_force"]["number"]
    one = api(world.coordinator).get(_url(case, f"plan/{plan['current']['number']}")).json()
    assert one["current"] is True and one["in_force"] is True
    covenant = api(world.regisseur).get("/api/v1/covenants").json()["results"][0]
    assert covenant["current"] == covenant["in_force"]


# --- PATCH validates like POST ------------------------------------------------------------------


def test_patch_refuses_a_past_due_date_like_post(world, api, acted):  # noqa: F811
    case, made = acted
    action = made[1]
    past = (TODAY - timedelta(days=1)).isoformat()
    refused = api(world.coordinator).patch(
        _url(case, f"actions/{action.pk}"), {"due_date": past}, format="json"
    )
    assert refused.status_code == 400 and "due_date" in refused.json()["errors"]
    action.refresh_from_db()
    assert action.due_date == SOON


# --- guard findings on their field ------------------------------------------------------------


def test_guard_findings_of_a_decision_land_on_their_field(world, api, step4):
    sent_advice(world, step4)
    body = {**PRIORITISED, "decided_on": str(TODAY), "goals": "Kevin de Vries stoppen met overlast."}
    refused = api(world.burgemeester).post(_url(step4, "decisions"), body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "privacy_guard"
    assert set(refused.json()["errors"]) == {"goals"}
    assert set(refused.json()["findings"]) == {"goals"}


# --- the processing log's filters ----------------------------------------------------------------


def test_the_processing_log_filters_like_the_page(world, api, story):
    case, person = story.case, story.person
    api(world.wijkagent).get(f"/api/v1/persons/{person.pk}")  # logged: person.read by the wijkagent
    privacy = api(world.privacy)

    def ids(**params):
        response = privacy.get("/api/v1/processing-log", params)
        assert response.status_code == 200, response.content
        return {row["sequence"] for row in response.json()["results"]}

    by_actor = ids(actor=world.wijkagent.pk)
    assert by_actor and by_actor == set(
        ProcessingLogEntry.objects.filter(actor_id=world.wijkagent.pk).values_list("sequence", flat=True)
    )
    by_org = ids(organisation=world.orgs["politie"].pk)
    assert by_actor <= by_org
    reads = ids(operation="person.read")
    assert reads and reads == set(
        ProcessingLogEntry.objects.filter(operation="person.read").values_list("sequence", flat=True)
    )
    assert ids(case=case.pk) == set(
        ProcessingLogEntry.objects.filter(case_id=case.pk).values_list("sequence", flat=True)
    )
    assert ids(person=person.pk) == set(
        ProcessingLogEntry.objects.filter(data_subject=str(person.pseudonym)).values_list(
            "sequence", flat=True
        )
    )
    assert ids(date_from=str(TODAY), date_to=str(TODAY)) == ids()
    assert ids(date_to=str(TODAY - timedelta(days=1))) == set()
    assert privacy.get("/api/v1/processing-log", {"date_from": "gisteren"}).status_code == 400
    assert privacy.get("/api/v1/processing-log", {"operation": "geen.code"}).status_code == 400


def test_the_processing_log_and_signals_page_by_cursor(world, api, story):
    privacy = api(world.privacy)
    first = privacy.get("/api/v1/processing-log", {"limit": 2, "cursor": ""}).json()
    assert len(first["results"]) == 2 and "cursor=" in first["next"] and "count" not in first
    api(world.wijkagent).get(f"/api/v1/persons/{story.person.pk}")  # a new row does not shift the pages
    second = privacy.get(first["next"]).json()
    assert max(r["sequence"] for r in second["results"]) < min(r["sequence"] for r in first["results"])
    assert "offset=" in privacy.get("/api/v1/processing-log", {"limit": 2}).json()["next"]  # as before
    signals = api(world.regisseur).get("/api/v1/signals", {"cursor": ""})
    assert signals.status_code == 200 and "count" not in signals.json()


# --- a group shared with another municipality ------------------------------------------------


def test_a_shared_group_names_what_is_withheld_from_the_other_municipality(world, api, story):
    group = story.group
    group.other_municipalities.add(world.neighbour)
    response = api(world.outsider).get(f"/api/v1/groups/{group.pk}/members")
    assert response.status_code == 200, response.content
    body = response.json()
    assert "members" in body["withheld"] and not body.get("members")


# --- the version of the contract ---------------------------------------------------------------


def test_every_response_names_the_api_version(world, api):
    from django.conf import settings

    version = settings.SPECTACULAR_SETTINGS["VERSION"]
    assert api(world.regisseur).get("/api/v1/me")["API-Version"] == version
    assert api(world.regisseur).get("/api/v1/bestaat-niet")["API-Version"] == version
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/me")["API-Version"] == version  # 401 too
