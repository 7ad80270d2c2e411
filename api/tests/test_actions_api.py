"""Step 6 actions through the API: the same services and reads as the pages — adding from a
measure (managers, steps 5–6), updating by the owner organisation, escalation along the
decision's line, "my actions", progress, the plan comparison; member-aimed actions only
for who may receive personal data (the read logged), and the same set of actions as the
page for every persona."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from analysis.tests.conftest import build_case, ready_for_step_4
from api.tests.guard_fields import assert_guard_fields
from monitoring import actions as services
from monitoring.models import Action, ActionStatus, ActionUpdate, Escalation
from plans import services as plan_services
from plans.tests.conftest import plan_content, step5_case, with_plan
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOON = TODAY + timedelta(days=30)


@pytest.fixture
def planned(world):
    case = step5_case(world)
    with_plan(world, case)
    return case


@pytest.fixture
def acted(world, planned):
    """One action per measure: m1 police aimed at a member, m2 youth work (owner: the
    jongerenwerker), m3 enforcement at a location."""
    made = [
        services.actions_from_measure(planned, actor=world.coordinator, measure_key="m1", due_date=SOON),
        services.actions_from_measure(
            planned, actor=world.coordinator, measure_key="m2", due_date=SOON, owner=world.jongerenwerker
        ),
        services.actions_from_measure(planned, actor=world.coordinator, measure_key="m3", due_date=SOON),
    ]
    return planned, made


@pytest.fixture
def vt(world):
    """Veilig Thuis: takes part, but may not receive personal data."""
    return UserFactory(username="vt", organisation=world.orgs["veilig_thuis"])


def _url(case, rest=""):
    return f"/api/v1/cases/{case.pk}/actions{rest}"


def _new(world, **extra):
    return {
        "measure": "m2",
        "owner": world.jongerenwerker.pk,
        "description": "Wekelijkse groepsgesprekken in het buurthuis.",
        "due_date": SOON.isoformat(),
        **extra,
    }


# --- adding -------------------------------------------------------------------------------------


def test_coordinator_adds_an_action_and_a_retry_with_the_same_key_creates_nothing(world, api, planned):
    client = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="actie-0001")
    first = client.post(_url(planned), _new(world), format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["track"] == "groep" and body["organisation"]["id"] == world.orgs["jongerenwerk"].pk
    assert body["owner"]["id"] == world.jongerenwerker.pk and body["status"] == "gepland"
    assert [h["to_status"] for h in body["history"]] == ["gepland"]
    again = client.post(_url(planned), _new(world), format="json")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert Action.objects.filter(case=planned).count() == 1
    other = client.post(_url(planned), _new(world, description="Iets anders."), format="json")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    listing = api(world.coordinator).get(_url(planned)).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]


def test_partner_and_beslisser_may_not_add_and_an_outsider_gets_404(world, api, planned):
    for user in (world.jongerenwerker, world.burgemeester):
        response = api(user).post(_url(planned), _new(world), format="json")
        assert response.status_code == 403, user.username
    assert api(world.outsider).get(_url(planned)).status_code == 404
    assert api(world.outsider).post(_url(planned), _new(world), format="json").status_code == 404
    assert not Action.objects.exists()


def test_adding_an_action_in_step_4_is_409(world, api):
    case = ready_for_step_4(world, build_case(world))
    assert case.step == 4
    response = api(world.coordinator).post(_url(case), _new(world), format="json")
    assert response.status_code == 409 and "stap" in response.json()["detail"]
    assert not Action.objects.exists()


def test_bad_input_is_400_per_field_and_the_guard_is_400_privacy_guard(world, api, planned):
    client = api(world.coordinator)
    bad = client.post(_url(planned), _new(world, due_date="31-02-gisteren", description=""), format="json")
    assert bad.status_code == 400
    assert {"due_date", "description"} <= set(bad.json()["errors"])
    past = client.post(
        _url(planned), _new(world, due_date=(TODAY - timedelta(days=1)).isoformat()), format="json"
    )
    assert past.status_code == 400 and "due_date" in past.json()["errors"]
    owner = client.post(_url(planned), _new(world, owner=world.boa.pk), format="json")
    assert owner.status_code == 400  # a handhaving employee cannot own a youth work action
    unknown = client.post(_url(planned), _new(world, measure="m9"), format="json")
    assert unknown.status_code == 400
    guard = client.post(_url(planned), _new(world, description="Gesprek met Ryan Meijer."), format="json")
    assert_guard_fields(guard, "description")
    assert not Action.objects.exists()


# --- updating -------------------------------------------------------------------------------------


def test_the_owner_organisation_reports_done_and_others_are_refused(world, api, acted):
    case, (_m1, m2, _m3) = acted
    refused = api(world.boa).patch(_url(case, f"/{m2.pk}"), {"status": "lopend"}, format="json")
    assert refused.status_code == 403
    moved = api(world.jongerenwerker).patch(
        _url(case, f"/{m2.pk}"), {"due_date": (SOON + timedelta(days=7)).isoformat()}, format="json"
    )
    assert moved.status_code == 403  # only the coordinator moves a deadline
    bad = api(world.jongerenwerker).patch(_url(case, f"/{m2.pk}"), {"due_date": "morgen"}, format="json")
    assert bad.status_code == 400 and "due_date" in bad.json()["errors"]
    done = api(world.jongerenwerker).patch(
        _url(case, f"/{m2.pk}"),
        {"status": "gereed", "result_note": "Vier gesprekken gevoerd."},
        format="json",
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (
        body["status"] == "gereed"
        and body["completed_at"]
        and body["result_note"] == "Vier gesprekken gevoerd."
    )
    assert [h["to_status"] for h in body["history"]] == ["gepland", "gereed"]
    nothing = api(world.jongerenwerker).patch(_url(case, f"/{m2.pk}"), {}, format="json")
    assert nothing.status_code == 400  # nothing changed
    assert ActionUpdate.objects.filter(action=m2).count() == 2
    guard = api(world.jongerenwerker).patch(
        _url(case, f"/{m2.pk}"), {"status": "gereed", "result_note": "Ryan Meijer kwam niet."}, format="json"
    )
    assert_guard_fields(guard, "result_note")


# --- member-aimed actions -------------------------------------------------------------------------


def test_member_aimed_action_names_the_member_for_the_wijkagent_and_is_withheld_for_veilig_thuis(
    world, api, acted, vt
):
    case, (m1, m2, m3) = acted
    member = m1.membership
    police = api(world.wijkagent).get(_url(case)).json()
    row = next(r for r in police["results"] if r["id"] == m1.pk)
    assert row["member_name"] == member.person.full_name and row["membership"] == member.pk
    assert police["withheld"] == {}
    logged = ProcessingLogEntry.objects.filter(
        actor_id=world.wijkagent.pk, data_subject=str(member.person.pseudonym)
    )
    assert logged.filter(operation="approach_actions.read").exists()
    detail = api(world.wijkagent).get(_url(case, f"/{m1.pk}"))
    assert detail.status_code == 200 and detail.json()["member_name"] == member.person.full_name
    assert logged.filter(operation="approach_action.read").exists()

    hidden = api(vt).get(_url(case))
    assert hidden.status_code == 200
    body = hidden.json()
    assert {r["id"] for r in body["results"]} == {m2.pk, m3.pk}
    assert "member_actions" in body["withheld"] and member.person.full_name not in str(body)
    assert api(vt).get(_url(case, f"/{m1.pk}")).status_code == 404
    assert api(vt).patch(_url(case, f"/{m1.pk}"), {"status": "lopend"}, format="json").status_code == 404
    assert not ProcessingLogEntry.objects.filter(actor_id=vt.pk).exists()


def test_page_and_api_show_the_same_actions_per_persona(world, api, acted, vt, verified_client):
    case, (m1, m2, m3) = acted
    expected = {
        world.coordinator: {m1.pk, m2.pk, m3.pk},
        world.wijkagent: {m1.pk, m2.pk, m3.pk},
        world.jongerenwerker: {m1.pk, m2.pk, m3.pk},
        vt: {m2.pk, m3.pk},
    }
    seen = {}
    for user in (world.coordinator, world.wijkagent, world.jongerenwerker, world.burgemeester, vt):
        html = verified_client(user).get(f"/casussen/{case.pk}/acties/").content.decode()
        on_page = {int(n) for n in re.findall(rf"/casussen/{case.pk}/acties/(\d+)/", html)}
        listing = api(user).get(_url(case))
        assert listing.status_code == 200, user.username
        assert {r["id"] for r in listing.json()["results"]} == on_page, user.username
        seen[user] = on_page
    for user, ids in expected.items():
        assert seen[user] == ids, user.username


def test_filters_and_progress(world, api, acted):
    case, (_m1, m2, m3) = acted
    services.update_action(m2, actor=world.jongerenwerker, status=ActionStatus.DONE, result_note="Klaar.")
    client = api(world.coordinator)
    by_partner = client.get(_url(case), {"partner": world.orgs["handhaving"].pk}).json()
    assert [r["id"] for r in by_partner["results"]] == [m3.pk]
    assert {r["id"] for r in client.get(_url(case), {"status": "open"}).json()["results"]} == {
        a.pk for a in case.actions.exclude(pk=m2.pk)
    }
    assert [r["id"] for r in client.get(_url(case), {"track": "groep"}).json()["results"]] == [m2.pk]
    assert client.get(_url(case), {"status": "half"}).status_code == 400
    assert client.get(_url(case), {"limit": 1}).json()["count"] == 3
    progress = client.get(_url(case, "/progress")).json()
    assert progress["total"]["total"] == 3 and progress["total"]["done"] == 1
    groep = next(t for t in progress["tracks"] if t["key"] == "groep")
    assert groep["done"] == 1 and groep["percent_done"] == 100
    assert api(world.outsider).get(_url(case, "/progress")).status_code == 404


# --- escalation -------------------------------------------------------------------------------------


def test_escalation_along_the_decisions_line(world, api, acted):
    case, (_m1, m2, _m3) = acted
    url = _url(case, f"/{m2.pk}/escalations")
    early = api(world.coordinator).post(url, {"reason": "Niet op tijd."}, format="json")
    assert early.status_code == 400  # not overdue, not 'niet nagekomen'
    Action.objects.filter(pk=m2.pk).update(due_date=TODAY - timedelta(days=3))
    assert api(world.jongerenwerker).post(url, {"reason": "x"}, format="json").status_code == 403
    client = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="esc-1")
    first = client.post(url, {"reason": "Twee weken over de deadline."}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["level"] == 1 and first.json()["level_label"] == "teamleider"
    assert client.post(url, {"reason": "Twee weken over de deadline."}, format="json").json() == first.json()
    assert Escalation.objects.count() == 1
    blocked = api(world.coordinator).post(url, {"reason": "Nog steeds niet."}, format="json")
    assert blocked.status_code == 400  # the previous escalation has no outcome yet
    outcome_url = f"{url}/{first.json()['id']}/outcome"
    assert api(world.jongerenwerker).post(outcome_url, {"outcome": "x"}, format="json").status_code == 403
    done = api(world.coordinator).post(
        outcome_url, {"outcome": "Teamleider zet extra uren in."}, format="json"
    )
    assert done.status_code == 200 and done.json()["outcome"] == "Teamleider zet extra uren in."
    state = api(world.jongerenwerker).get(url).json()
    assert state["line"][0] == "professional" and state["current"] == 1 and state["next"] == 2
    assert api(world.outsider).get(url).status_code == 404


# --- my actions ---------------------------------------------------------------------------------------


def test_my_actions_as_the_page(world, api, acted, vt):
    case, (m1, m2, m3) = acted
    mine = api(world.jongerenwerker).get("/api/v1/my-actions").json()
    assert [r["id"] for r in mine["results"]] == [m2.pk] and mine["results"][0]["group"] == case.group.name
    police = api(world.wijkagent).get("/api/v1/my-actions").json()
    assert [r["id"] for r in police["results"]] == [m1.pk]
    assert police["results"][0]["member_name"] == m1.membership.person.full_name
    assert ProcessingLogEntry.objects.filter(
        actor_id=world.wijkagent.pk, operation="my_actions.read"
    ).exists()
    assert api(vt).get("/api/v1/my-actions").json()["count"] == 0


# --- comparing plan versions -----------------------------------------------------------------------------


def test_compare_two_versions_as_data(world, api, planned, vt):
    compare = f"/api/v1/cases/{planned.pk}/plan/compare"
    assert api(world.coordinator).get(compare).status_code == 409  # one version only
    content = plan_content(world, planned)
    content["results"][0]["target"] = "4"
    content["measures"] = content["measures"][1:]
    plan_services.save_plan(planned, actor=world.coordinator, based_on=1, content=content, reason="scherper")
    body = api(world.coordinator).get(compare).json()
    assert body["from_version"] == 1 and body["to_version"] == 2
    assert body["summary"]["changed"] == 1 and body["summary"]["removed"] == 1
    results = next(s for s in body["sections"] if s["code"] == "results")
    target = next(f for f in results["items"][0]["fields"] if f["name"] == "target")
    assert (target["old"], target["new"], target["status"]) == ("6", "4", "changed")
    member = planned.memberships.order_by("pk").first().person.full_name
    assert member in str(body) and body["withheld"] == {}
    hidden = api(vt).get(compare).json()
    assert member not in str(hidden) and "measures.membership" in hidden["withheld"]
    assert api(world.coordinator).get(compare, {"from": 7}).json()["errors"]["from"]
    assert api(world.coordinator).get(compare, {"to": "x"}).status_code == 400
    assert api(world.outsider).get(compare).status_code == 404


def test_the_worked_example_plan_action_done(world, api):
    """docs/api.md, "Van plan naar actie naar gereed"."""
    case = step5_case(world)
    youth_work = world.orgs["jongerenwerk"].pk
    content = {
        "goals": [{"key": "g1", "code": "criminaliteit"}],
        "results": [
            {"key": "r1", "goal": "g1", "indicator": "Overlastmeldingen per week", "unit": "meldingen",
             "baseline": "12", "target": "6", "deadline": SOON.isoformat(), "domain": "openbare_orde"}
        ],
        "measures": [
            {"key": "m2", "track": "groep", "organisation": youth_work, "target_kind": "groep",
             "description": "Wekelijkse groepsgesprekken."}
        ],
    }  # fmt: skip
    coordinator = api(world.coordinator)
    plan = coordinator.post(
        f"/api/v1/cases/{case.pk}/plan", {"version": 0, "content": content}, format="json"
    )
    assert plan.status_code == 201, plan.content
    made = coordinator.post(
        _url(case),
        {
            "measure": "m2",
            "due_date": SOON.isoformat(),
            "description": "Wekelijkse groepsgesprekken in het buurthuis.",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    action_id = made.json()["id"]
    assert [r["id"] for r in api(world.jongerenwerker).get("/api/v1/my-actions").json()["results"]] == [
        action_id
    ]
    done = api(world.jongerenwerker).patch(
        _url(case, f"/{action_id}"),
        {"status": "gereed", "result_note": "Vier groepsgesprekken gevoerd."},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "gereed"
    assert [(h["from_status"], h["to_status"]) for h in done.json()["history"]] == [
        ("", "gepland"),
        ("gepland", "gereed"),
    ]


def test_the_list_logs_only_the_members_on_the_page(world, api, acted):
    """A page of the list discloses its rows; the member of an action on a later page is
    not logged until that page is read."""
    case, (m1, _m2, _m3) = acted
    Action.objects.filter(pk=m1.pk).update(due_date=SOON + timedelta(days=365))  # last in order
    subject = str(m1.membership.person.pseudonym)
    reads = ProcessingLogEntry.objects.filter(actor_id=world.wijkagent.pk, data_subject=subject)
    client = api(world.wijkagent)
    first = client.get(_url(case), {"limit": 2}).json()
    assert first["count"] == 3 and m1.pk not in {r["id"] for r in first["results"]}
    assert not reads.exists()
    last = client.get(_url(case), {"limit": 2, "offset": 2}).json()
    assert [r["id"] for r in last["results"]] == [m1.pk] and reads.count() == 1
