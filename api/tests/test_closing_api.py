"""Step 7 through the API: the closing page's checklist, the forum's decision (beslisser
only), hand-overs (answered only by the receiving organisation), retention and legal hold,
and the evaluation — the services of the pages with their access rules and gates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.guard_fields import assert_guard_fields
from closing.models import (
    ClosingDecision,
    EvaluationContribution,
    Handover,
    HandoverStatus,
    RetentionDecision,
)
from closing.tests.test_closing_service import make_actions, to_step7
from plans.tests.conftest import step5_case, with_plan
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def planned(world):
    case = step5_case(world)
    with_plan(world, case)
    return case


@pytest.fixture
def step7(world, planned):
    make_actions(world, planned)
    return to_step7(world, planned)


@pytest.fixture
def vt(world):
    return UserFactory(username="vt", organisation=world.orgs["veilig_thuis"])


def _url(case, rest="closing"):
    return f"/api/v1/cases/{case.pk}/{rest}"


def _decision(world, client, case, **extra):
    proposed = client.get(_url(case)).json()["proposed_results"]
    return {
        "forum": "driehoek",
        "decided_on": TODAY.isoformat(),
        "outcome": "afschalen",
        "motivation": "De overlast is gehalveerd; de aanpak gaat over naar de reguliere zorg.",
        "results": [{"key": r["key"], "reached": True, "figures": r["figures"]} for r in proposed],
        **extra,
    }


def test_closing_overview_for_viewers_and_the_privacy_officer(world, api, step7):
    body = api(world.coordinator).get(_url(step7)).json()
    assert len(body["checklist"]) == 5 and not any(item["done"] for item in body["checklist"][:1])
    assert [r["key"] for r in body["proposed_results"]] == ["r1", "r2"]
    assert body["may_decide"] is False and body["retention"]["may_set_retention"] is True
    assert api(world.burgemeester).get(_url(step7)).json()["may_decide"] is True
    assert api(world.outsider).get(_url(step7)).status_code == 404
    officer = api(world.privacy).get(_url(step7))
    assert officer.status_code == 200
    assert "checklist" not in officer.json() and "checklist" in officer.json()["withheld"]
    assert officer.json()["retention"]["may_set_legal_hold"] is True


def test_only_the_beslisser_records_the_closing_decision(world, api, step7):
    burgemeester = api(world.burgemeester)
    for user in (world.coordinator, world.wijkagent):
        assert (
            api(user).post(_url(step7), _decision(world, burgemeester, step7), format="json").status_code
            == 403
        )
    assert api(world.burgemeester).post(_url(step7, "actions"), {}, format="json").status_code == 403
    bad = burgemeester.post(
        _url(step7),
        _decision(world, burgemeester, step7, decided_on="gisteren", outcome="opheffen"),
        format="json",
    )
    assert bad.status_code == 400 and {"decided_on", "outcome"} <= set(bad.json()["errors"])
    future = burgemeester.post(
        _url(step7), _decision(world, burgemeester, step7, decided_on=(TODAY + timedelta(days=2)).isoformat()),
        format="json",
    )  # fmt: skip
    assert future.status_code == 400 and "decided_on" in future.json()["errors"]
    partial = _decision(world, burgemeester, step7)
    partial["results"] = partial["results"][:1]
    assert burgemeester.post(_url(step7), partial, format="json").status_code == 400
    guard = burgemeester.post(
        _url(step7),
        _decision(world, burgemeester, step7, motivation="Ryan Meijer is verhuisd."),
        format="json",
    )
    assert_guard_fields(guard, "motivation")
    assert not ClosingDecision.objects.exists()
    made = api(world.burgemeester, HTTP_IDEMPOTENCY_KEY="besluit-1").post(
        _url(step7), _decision(world, burgemeester, step7), format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["outcome"] == "afschalen" and made.json()["plan_version"] == 1
    assert [r["reached"] for r in made.json()["results"]] == [True, True]
    body = api(world.coordinator).get(_url(step7)).json()
    assert body["checklist"][0]["done"] is True and len(body["decisions"]) == 1


def test_closing_decision_in_step_5_is_409(world, api, planned):
    client = api(world.burgemeester)
    response = client.post(_url(planned), _decision(world, client, planned), format="json")
    assert response.status_code == 409
    assert not ClosingDecision.objects.exists()


def test_handover_of_an_action_answered_only_by_the_receiving_organisation(world, api, step7):
    action = step7.actions.get(measure_key="m2")
    offer = {
        "to_organisation": world.orgs["zorg"].pk,
        "action": action.pk,
        "what": "Groepsgesprekken lopen door.",
    }
    assert api(world.jongerenwerker).post(_url(step7, "handovers"), offer, format="json").status_code == 403
    bad = api(world.coordinator).post(_url(step7, "handovers"), {**offer, "action": 999999}, format="json")
    assert bad.status_code == 400 and "action" in bad.json()["errors"]
    client = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="overdracht-1")
    made = client.post(_url(step7, "handovers"), offer, format="json")
    assert made.status_code == 201, made.content
    assert client.post(_url(step7, "handovers"), offer, format="json").json() == made.json()
    assert Handover.objects.count() == 1
    answer = f"/api/v1/handovers/{made.json()['id']}/answer"
    assert api(world.jongerenwerker).post(answer, {"accept": True}, format="json").status_code == 404
    assert api(world.outsider).post(answer, {"accept": True}, format="json").status_code == 404
    no_reason = api(world.zorg).post(answer, {"accept": False}, format="json")
    assert no_reason.status_code == 400
    offered = api(world.zorg).get("/api/v1/handovers").json()
    assert [h["id"] for h in offered["results"]] == [made.json()["id"]] and offered["results"][0][
        "may_answer"
    ]
    accepted = api(world.zorg).post(answer, {"accept": True}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == HandoverStatus.ACCEPTED
    action.refresh_from_db()
    assert action.organisation == world.orgs["zorg"]
    assert (
        api(world.zorg).post(answer, {"accept": False, "reason": "Toch niet."}, format="json").status_code
        == 409
    )


def test_handover_of_a_youths_guidance_names_the_youth_only_for_who_may_receive(world, api, step7, vt):
    member = step7.memberships.order_by("pk").first()
    offer = {
        "to_organisation": world.orgs["politie"].pk,
        "membership": member.pk,
        "what": "Begeleiding loopt door.",
    }
    made = api(world.coordinator).post(_url(step7, "handovers"), offer, format="json")
    assert made.status_code == 201, made.content
    police = api(world.wijkagent).get(_url(step7, "handovers")).json()["results"][0]
    assert police["member_name"] == member.person.full_name and police["membership"] == member.pk
    assert ProcessingLogEntry.objects.filter(
        actor_id=world.wijkagent.pk, operation="handover.read", data_subject=str(member.person.pseudonym)
    ).exists()
    hidden = api(vt).get(_url(step7, "handovers")).json()["results"][0]
    assert hidden["membership"] is None and hidden["member_name"] == ""
    assert "membership" in hidden["withheld"] and member.person.full_name not in str(hidden)
    assert not ProcessingLogEntry.objects.filter(actor_id=vt.pk).exists()


def test_retention_and_legal_hold(world, api, step7):
    url = _url(step7, "retention")
    assert api(world.jongerenwerker).post(url, {}, format="json").status_code == 403
    other = (TODAY + timedelta(days=400)).isoformat()
    unmotivated = api(world.coordinator).post(url, {"keep_until": other}, format="json")
    assert unmotivated.status_code == 400
    bad = api(world.coordinator).post(url, {"keep_until": "later"}, format="json")
    assert bad.status_code == 400 and "keep_until" in bad.json()["errors"]
    made = api(world.coordinator).post(url, {}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["retention_until"] == made.json()["default_keep_until"]
    assert made.json()["current"]["motivation"] == "Conform convenant"
    officer = api(world.privacy).post(
        url, {"keep_until": other, "motivation": "Klacht loopt nog."}, format="json"
    )
    assert officer.status_code == 201 and officer.json()["retention_until"] == other
    assert RetentionDecision.objects.filter(case=step7).count() == 2
    hold = _url(step7, "legal-hold")
    assert (
        api(world.coordinator).post(hold, {"on": True, "reason": "Onderzoek."}, format="json").status_code
        == 403
    )
    on = api(world.regisseur).post(
        hold, {"on": True, "reason": "Strafrechtelijk onderzoek loopt."}, format="json"
    )
    assert on.status_code == 200 and on.json()["legal_hold"] is True
    assert ProcessingLogEntry.objects.filter(
        actor_id=world.regisseur.pk, operation="case.legal_hold"
    ).exists()
    assert api(world.outsider).post(hold, {"on": False, "reason": "x"}, format="json").status_code == 404


def test_retention_before_step_7_is_409(world, api, planned):
    assert api(world.coordinator).post(_url(planned, "retention"), {}, format="json").status_code == 409


def test_evaluation_open_contribute_discuss(world, api, step7):
    url = _url(step7, "evaluation")
    texts = {"rollen": "Afspraken waren helder.", "informatie": "Wekelijks gedeeld."}
    assert api(world.coordinator).get(url).json()["opened"] is False
    assert api(world.jongerenwerker).post(f"{url}/contributions", texts, format="json").status_code == 409
    assert api(world.jongerenwerker).post(url).status_code == 403
    opened = api(world.coordinator).post(url)
    assert opened.status_code == 201 and opened.json()["opened"] is True
    assert api(world.coordinator).post(url).status_code == 200
    assert {c["code"] for c in opened.json()["criteria"]} >= {"doorlooptijd", "rollen"}
    guard = api(world.jongerenwerker).post(
        f"{url}/contributions", {"rollen": "Ryan Meijer hield zich niet aan afspraken."}, format="json"
    )
    assert_guard_fields(guard, "rollen")
    given = api(world.jongerenwerker).post(f"{url}/contributions", texts, format="json")
    assert given.status_code == 200 and given.json()["texts"] == texts
    assert EvaluationContribution.objects.get().organisation == world.orgs["jongerenwerk"]
    discussion = {
        "discussed_on": TODAY.isoformat(),
        "forum": "driehoek",
        "summary": "Lessen: eerder escaleren.",
    }
    assert api(world.jongerenwerker).post(f"{url}/discussion", discussion, format="json").status_code == 403
    bad = api(world.coordinator).post(
        f"{url}/discussion", {**discussion, "discussed_on": "ooit"}, format="json"
    )
    assert bad.status_code == 400 and "discussed_on" in bad.json()["errors"]
    done = api(world.coordinator).post(f"{url}/discussion", discussion, format="json")
    assert done.status_code == 200 and done.json()["discussed_on"] == TODAY.isoformat()
    assert done.json()["contributions"][0]["texts"] == texts
    assert api(world.jongerenwerker).post(f"{url}/contributions", texts, format="json").status_code == 409
    assert api(world.coordinator).post(f"{url}/discussion", discussion, format="json").status_code == 409
    assert api(world.outsider).get(url).status_code == 404
