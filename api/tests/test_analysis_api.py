"""Steps 3–4 through the API: the same services and reads as the pages (analysis.*) —
versions with 409 on a stale version, 400 per field and for the privacy guard, 403 for a
forbidden action on a visible case, 404 outside it, personal fields only for who may
receive them (named under `withheld`), and the same processing-log entries as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis import services
from analysis.models import Advice, CircularRound, InterventionEntry, PictureVersion, Tie
from analysis.tests.conftest import PRIORITISED, build_case, ready_for_step_4, sent_advice
from api.tests.guard_fields import assert_guard_fields
from groups.models import Assessment
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERSONS = "Ryan Meijer heeft de meeste invloed; Yusuf Demir volgt hem."


@pytest.fixture
def step3(world):
    return build_case(world)


@pytest.fixture
def vt(world):
    return UserFactory(username="vt", organisation=world.orgs["veilig_thuis"])


def _url(case, rest=""):
    return f"/api/v1/cases/{case.pk}/{rest}"


def _member(case, name):
    return case.memberships.get(person__full_name=name)


def _picture(world, case, persons=PERSONS):
    return services.save_picture(
        case,
        actor=world.coordinator,
        based_on=case.picture_versions.count(),
        group_characteristics="Kleine harde kern.",
        persons=persons,
        severity="hoog",
    )


def _new_log(before):
    return set(
        ProcessingLogEntry.objects.filter(sequence__gt=before).values_list(
            "operation", "data_subject", "categories"
        )
    )


def _last_sequence():
    return ProcessingLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


# --- the integral picture -------------------------------------------------------------------


def test_picture_versions_persons_carried_over_and_stale_version_is_409(world, api, step3):
    coordinator = api(world.coordinator)
    first = coordinator.post(
        _url(step3, "picture"),
        {
            "version": 0,
            "group_characteristics": "Kleine harde kern.",
            "persons": PERSONS,
            "domains": {"openbare_orde": "Overlast bij de winkelstrip."},
            "severity": "hoog",
            "partners": [world.orgs["politie"].pk],
        },
        format="json",
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["number"] == 1 and body["current"] is True and body["persons"] == PERSONS
    assert (
        body["domains"]["openbare_orde"] == "Overlast bij de winkelstrip." and body["domains"]["zorg"] == ""
    )
    assert [p["id"] for p in body["partners"]] == [world.orgs["politie"].pk]
    # A partner builds on version 1 without the personal field: it is carried over, as are the partners.
    second = api(world.wijkagent).post(
        _url(step3, "picture"), {"version": 1, "group_characteristics": "Harde kern van vier."}, format="json"
    )
    assert second.status_code == 201, second.content
    assert second.json()["persons"] == PERSONS and second.json()["partners"] == body["partners"]
    stale = api(world.jongerenwerker).post(
        _url(step3, "picture"), {"version": 1, "group_characteristics": "Tegelijk."}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert step3.picture_versions.count() == 2
    listing = coordinator.get(_url(step3, "picture")).json()
    assert listing["current"]["number"] == 2 and [v["number"] for v in listing["versions"]] == [2, 1]
    old = coordinator.get(_url(step3, "picture/1")).json()
    assert old["current"] is False and old["group_characteristics"] == "Kleine harde kern."
    assert coordinator.get(_url(step3, "picture/9")).status_code == 404


def test_picture_invalid_input_is_400_per_field_and_guard_is_400_privacy_guard(world, api, step3):
    client = api(world.coordinator)
    bad = client.post(
        _url(step3, "picture"),
        {"version": -1, "severity": "enorm", "partners": [world.outsider.organisation.pk]},
        format="json",
    )
    assert bad.status_code == 400
    assert {"version", "severity"} <= set(bad.json()["errors"])
    other_town = client.post(
        _url(step3, "picture"), {"version": 0, "partners": [world.outsider.organisation.pk]}, format="json"
    )
    assert other_town.status_code == 400 and "partners" in other_town.json()["errors"]
    guarded = client.post(
        _url(step3, "picture"),
        {"version": 0, "group_characteristics": "Gesprek met Ryan Meijer."},
        format="json",
    )
    assert guarded.status_code == 400 and guarded.json()["code"] == "privacy_guard"
    # Issue 16: the finding names its field, never only non_field_errors.
    assert guarded.json()["findings"]["group_characteristics"][0]["text"] == "Ryan Meijer"
    assert "non_field_errors" not in guarded.json()["errors"]
    assert not step3.picture_versions.exists()


def test_picture_denials(world, api, step3, vt):
    _picture(world, step3)
    assert api(world.outsider).get(_url(step3, "picture")).status_code == 404
    assert api(world.outsider).post(_url(step3, "picture"), {"version": 1}, format="json").status_code == 404
    # The beslisser sees the case but not the personal field, and may not write.
    mayor = api(world.burgemeester).get(_url(step3, "picture")).json()["current"]
    assert "persons" not in mayor and "beslissers" in mayor["withheld"]["persons"]
    assert (
        api(world.burgemeester).post(_url(step3, "picture"), {"version": 1}, format="json").status_code == 403
    )
    # Veilig Thuis may supply but not receive: it cannot overwrite what it cannot read.
    refused = api(vt).post(_url(step3, "picture"), {"version": 1, "persons": "Iets anders."}, format="json")
    assert refused.status_code == 403
    assert step3.picture_versions.count() == 1


def test_picture_post_is_idempotent(world, api, step3):
    client = api(world.coordinator, HTTP_IDEMPOTENCY_KEY="beeld-1")
    body = {"version": 0, "group_characteristics": "Kleine harde kern."}
    first = client.post(_url(step3, "picture"), body, format="json")
    again = client.post(_url(step3, "picture"), body, format="json")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert PictureVersion.objects.filter(case=step3).count() == 1


def test_picture_in_step_2_is_409(world, api):
    case = build_case(world, name="Stap twee", to_step=2)
    response = api(world.coordinator).post(_url(case, "picture"), {"version": 0}, format="json")
    assert response.status_code == 409


# --- concept plan and capacity ----------------------------------------------------------------


def test_concept_plan_versions_and_person_line_withheld(world, api, step3, vt):
    client = api(world.coordinator)
    body = {"version": 0, "person_line": "Ryan Meijer: persoonsgericht.", "group_line": "Groepsgesprekken."}
    assert client.post(_url(step3, "concept-plan"), body, format="json").status_code == 201
    stale = client.post(_url(step3, "concept-plan"), body, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    before = _last_sequence()
    police = api(world.wijkagent).get(_url(step3, "concept-plan")).json()
    assert police["current"]["person_line"] == "Ryan Meijer: persoonsgericht."
    ryan = _member(step3, "Ryan Meijer").person
    assert ("concept_plan.read", str(ryan.pseudonym), "personal") in _new_log(before)
    for user in (vt, world.burgemeester):
        hidden = api(user).get(_url(step3, "concept-plan")).json()["current"]
        assert "person_line" not in hidden and hidden["withheld"]["person_line"]
        assert hidden["group_line"] == "Groepsgesprekken."
    assert api(world.coordinator).get(_url(step3, "concept-plan/1")).json()["number"] == 1
    assert api(world.outsider).get(_url(step3, "concept-plan")).status_code == 404


def test_capacity_partner_for_own_organisation_only(world, api, step3):
    youth_work = api(world.jongerenwerker)
    own = youth_work.post(
        _url(step3, "capacity"),
        {"organisation": world.orgs["jongerenwerk"].pk, "hours_per_week": "8", "months": 6, "cost": "1000"},
        format="json",
    )
    assert own.status_code == 201, own.content
    assert own.json()["total_hours"] == 208
    other = youth_work.post(
        _url(step3, "capacity"),
        {"organisation": world.orgs["politie"].pk, "fte": "0.5", "months": 6},
        format="json",
    )
    assert other.status_code == 403
    outsider_org = youth_work.post(
        _url(step3, "capacity"),
        {"organisation": world.outsider.organisation.pk, "fte": "0.5", "months": 6},
        format="json",
    )
    assert outsider_org.status_code == 400 and "organisation" in outsider_org.json()["errors"]
    missing = youth_work.post(
        _url(step3, "capacity"), {"organisation": world.orgs["jongerenwerk"].pk, "months": 6}, format="json"
    )
    assert missing.status_code == 400 and "hours_per_week" in missing.json()["errors"]
    listing = api(world.burgemeester).get(_url(step3, "capacity")).json()
    assert listing["total_hours"] == 208 and listing["total_cost"] == 1000
    estimate = own.json()["id"]
    assert api(world.wijkagent).delete(_url(step3, f"capacity/{estimate}")).status_code == 403
    assert youth_work.delete(_url(step3, f"capacity/{estimate}")).status_code == 204
    assert not step3.capacity_estimates.exists()


# --- the interventiematrix ----------------------------------------------------------------------


def test_interventions_group_and_member_rows_by_category(world, api, step3):
    ryan = _member(step3, "Ryan Meijer")
    group_cell = api(world.jongerenwerker).post(
        _url(step3, "interventions"),
        {"column": "signalen", "content": "Overlast in de avond."},
        format="json",
    )
    assert group_cell.status_code == 201, group_cell.content
    police = api(world.wijkagent).post(
        _url(step3, "interventions"),
        {"member": ryan.pk, "column": "informatie", "category": "criminal", "content": "Twee PV's."},
        format="json",
    )
    assert police.status_code == 201, police.content
    # Jongerenwerk may not supply criminal-law data (covenant): a forbidden action.
    refused = api(world.jongerenwerker).post(
        _url(step3, "interventions"),
        {"member": ryan.pk, "column": "informatie", "category": "criminal", "content": "Iets."},
        format="json",
    )
    assert refused.status_code == 403
    guarded = api(world.jongerenwerker).post(
        _url(step3, "interventions"), {"column": "strategie", "content": "Bel Ryan Meijer."}, format="json"
    )
    assert_guard_fields(guarded, "content")
    not_listed = api(world.wijkagent).post(
        _url(step3, "interventions"),
        {"member": 999999, "column": "informatie", "content": "x"},
        format="json",
    )
    assert not_listed.status_code == 400 and "member" in not_listed.json()["errors"]
    assert InterventionEntry.objects.filter(case=step3).count() == 2

    youth = api(world.jongerenwerker).get(_url(step3, "interventions")).json()
    assert [e["content"] for e in youth["group"]] == ["Overlast in de avond."]
    row = next(r for r in youth["members"] if r["member"]["id"] == ryan.pk)
    assert row["entries"] == [] and set(youth["withheld"]) == {"criminal", "care"}
    police_view = api(world.wijkagent).get(_url(step3, "interventions")).json()
    row = next(r for r in police_view["members"] if r["member"]["id"] == ryan.pk)
    assert [e["content"] for e in row["entries"]] == ["Twee PV's."]
    mayor = api(world.burgemeester).get(_url(step3, "interventions")).json()
    assert "members" not in mayor and set(mayor["withheld"]) == {"personal", "criminal", "care"}
    assert len(mayor["group"]) == 1
    assert api(world.outsider).get(_url(step3, "interventions")).status_code == 404


# --- group dynamics ------------------------------------------------------------------------------


def test_dynamics_assessments_ties_and_history(world, api, step3, vt):
    ryan, yusuf = _member(step3, "Ryan Meijer"), _member(step3, "Yusuf Demir")
    today = timezone.localdate()
    youth = api(world.jongerenwerker)
    assessed = youth.post(
        _url(step3, "assessments"),
        {
            "assessed_on": str(today),
            "rows": [
                {"member": ryan.pk, "dynamic": "min", "influence": 5, "is_leader": True},
                {"member": yusuf.pk, "dynamic": "mee"},
            ],
        },
        format="json",
    )
    assert assessed.status_code == 201, assessed.content
    assert Assessment.objects.filter(membership__case=step3).count() == 2
    invalid = youth.post(
        _url(step3, "assessments"),
        {"assessed_on": str(today + timedelta(days=2)), "rows": [{"member": 999999, "dynamic": "zo"}]},
        format="json",
    )
    assert invalid.status_code == 400
    assert {"assessed_on", "rows.0.dynamic"} <= set(invalid.json()["errors"])
    tie = youth.post(
        _url(step3, "ties"),
        {
            "source": ryan.pk,
            "target": yusuf.pk,
            "kind": "leider_volger",
            "since": str(today - timedelta(days=3)),
        },
        format="json",
    )
    assert tie.status_code == 201, tie.content
    again = youth.post(
        _url(step3, "ties"),
        {"source": ryan.pk, "target": yusuf.pk, "kind": "leider_volger", "since": str(today)},
        format="json",
    )
    assert again.status_code == 409
    same = youth.post(
        _url(step3, "ties"),
        {"source": ryan.pk, "target": ryan.pk, "kind": "familie", "since": str(today)},
        format="json",
    )
    assert same.status_code == 400 and "target" in same.json()["errors"]

    now = youth.get(_url(step3, "dynamics")).json()
    node = next(n for n in now["nodes"] if n["member"]["id"] == ryan.pk)
    assert (node["dynamic"], node["influence"], node["is_leader"]) == ("min", 5, True)
    assert [(e["source"], e["target"], e["kind"]) for e in now["edges"]] == [
        (ryan.pk, yusuf.pk, "leider_volger")
    ]
    before = youth.get(_url(step3, "dynamics"), {"on": str(today - timedelta(days=5))}).json()
    assert before["edges"] == [] and len(before["ties"]) == 1
    assert youth.get(_url(step3, "dynamics"), {"on": "gisteren"}).status_code == 400

    tie_id = tie.json()["id"]
    ended = youth.post(_url(step3, f"ties/{tie_id}/end"), {"until": str(today)}, format="json")
    assert ended.status_code == 200 and ended.json()["until"] == str(today)
    assert youth.post(_url(step3, f"ties/{tie_id}/end"), {}, format="json").status_code == 409
    assert Tie.objects.get(pk=tie_id).ended_by == world.jongerenwerker
    assert youth.post(_url(step3, "ties/999999/end"), {}, format="json").status_code == 404

    # Who may not receive the name list: the reason instead of the sociogram; no writes.
    mayor = api(world.burgemeester).get(_url(step3, "dynamics")).json()
    assert "nodes" not in mayor and mayor["withheld"]["members"]
    body = {"source": ryan.pk, "target": yusuf.pk, "kind": "vriendschap", "since": str(today)}
    assert api(world.burgemeester).post(_url(step3, "ties"), body, format="json").status_code == 403
    assert api(vt).post(_url(step3, "ties"), body, format="json").status_code == 403
    assert api(world.outsider).get(_url(step3, "dynamics")).status_code == 404


# --- circular questioning --------------------------------------------------------------------


def test_circular_round_answer_threads_and_close(world, api, step3):
    ryan = _member(step3, "Ryan Meijer")
    coordinator = api(world.coordinator)
    opened = coordinator.post(_url(step3, "circular-rounds"), {"session_on": None}, format="json")
    assert opened.status_code == 201, opened.content
    assert opened.json()["number"] == 1 and opened.json()["is_open"] is True
    assert coordinator.post(_url(step3, "circular-rounds"), {}, format="json").status_code == 409
    assert api(world.wijkagent).post(_url(step3, "circular-rounds"), {}, format="json").status_code == 403

    answer = api(world.wijkagent).post(
        _url(step3, "circular-rounds/1/answer"),
        {
            "characteristics": ["Hechte kern", "Veel meelopers"],
            "risks": ["Escalatie bij de sporthal"],
            "key_figures_inside": [ryan.pk],
            "key_figures_outside": "De trainer van de voetbalclub",
        },
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert [m["id"] for m in answer.json()["key_figures_inside"]] == [ryan.pk]
    too_many = api(world.jongerenwerker).post(
        _url(step3, "circular-rounds/1/answer"), {"risks": ["a", "b", "c", "d"]}, format="json"
    )
    assert too_many.status_code == 400 and "risks" in too_many.json()["errors"]
    guarded = api(world.jongerenwerker).post(
        _url(step3, "circular-rounds/1/answer"), {"key_figures_outside": "Ryan Meijer"}, format="json"
    )
    assert_guard_fields(guarded, "key_figures_outside")
    empty = api(world.jongerenwerker).post(_url(step3, "circular-rounds/1/answer"), {}, format="json")
    assert empty.status_code == 400

    thread = coordinator.post(
        _url(step3, "circular-rounds/1/threads"), {"question": "risicos", "text": "Escalatie."}, format="json"
    )
    assert thread.status_code == 201
    partner_thread = api(world.wijkagent).post(
        _url(step3, "circular-rounds/1/threads"), {"question": "risicos", "text": "x"}, format="json"
    )
    assert partner_thread.status_code == 403

    mayor = api(world.burgemeester).get(_url(step3, "circular-rounds/1")).json()
    assert "key_figures_inside" not in mayor["answers"][0]
    assert mayor["withheld"]["answers.key_figures_inside"]
    assert mayor["threads"][0]["text"] == "Escalatie."
    police = api(world.wijkagent).get(_url(step3, "circular-rounds/1")).json()
    assert police["answers"][0]["key_figures_inside"][0]["person"]["full_name"] == "Ryan Meijer"
    listing = api(world.jongerenwerker).get(_url(step3, "circular-rounds")).json()
    assert listing["count"] == 1 and listing["results"][0]["answers"] == 1

    assert api(world.wijkagent).post(_url(step3, "circular-rounds/1/close")).status_code == 403
    closed = coordinator.post(_url(step3, "circular-rounds/1/close"))
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    assert coordinator.post(_url(step3, "circular-rounds/1/close")).status_code == 409
    late = api(world.jongerenwerker).post(
        _url(step3, "circular-rounds/1/answer"), {"risks": ["Iets"]}, format="json"
    )
    assert late.status_code == 409
    assert CircularRound.objects.get(case=step3).answers.count() == 1
    assert coordinator.get(_url(step3, "circular-rounds/7")).status_code == 404


# --- step 4: advice, decision, contacts, agenda --------------------------------------------------


def test_advice_generate_edit_send(world, api, step3):
    case = ready_for_step_4(world, step3)
    regie = api(world.regisseur)
    assert api(world.wijkagent).post(_url(case, "advices")).status_code == 403
    generated = regie.post(_url(case, "advices"))
    assert generated.status_code == 201, generated.content
    draft = generated.json()
    assert draft["status"] == "concept" and "Ryan Meijer" not in draft["body"] and "findings" in draft
    assert regie.post(_url(case, "advices")).status_code == 200  # the draft regenerated in place
    # Partners never see a draft (it may still hold names).
    assert api(world.wijkagent).get(_url(case, "advices")).json()["count"] == 0
    assert api(world.wijkagent).get(_url(case, "advices/1")).status_code == 404
    assert (
        api(world.wijkagent).patch(_url(case, "advices/1"), {"forum": "driehoek"}, format="json").status_code
        == 404
    )

    not_ready = regie.post(_url(case, "advices/1/send"), {}, format="json")
    assert not_ready.status_code == 409  # no forum, no members yet
    assert regie.patch(_url(case, "advices/1"), {"forum": "vergadering"}, format="json").status_code == 400
    edited = regie.patch(_url(case, "advices/1"), {"forum": "driehoek"}, format="json")
    assert edited.status_code == 200 and edited.json()["forum"] == "driehoek"
    member = regie.post(
        _url(case, "advices/1/forum-members"),
        {"name": "B. Burgemeester", "organisation": "Gemeente", "mandate": "voorzitter"},
        format="json",
    )
    assert member.status_code == 201
    with_name = regie.patch(
        _url(case, "advices/1"), {"body": draft["body"] + "\nRyan Meijer."}, format="json"
    )
    assert with_name.status_code == 200 and any(
        f["text"] == "Ryan Meijer" for f in with_name.json()["findings"]
    )
    refused = regie.post(_url(case, "advices/1/send"), {}, format="json")
    assert_guard_fields(refused, "body")  # the advice's own text, not in this request
    regie.patch(_url(case, "advices/1"), {"body": draft["body"]}, format="json")
    sent = regie.post(_url(case, "advices/1/send"), {}, format="json")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "verzonden" and "findings" not in sent.json()
    assert regie.patch(_url(case, "advices/1"), {"forum": "ketenoverleg"}, format="json").status_code == 409
    assert api(world.wijkagent).get(_url(case, "advices")).json()["count"] == 1
    assert api(world.outsider).get(_url(case, "advices")).status_code == 404
    assert Advice.objects.filter(case=case).count() == 1


def test_decision_only_by_the_beslisser(world, api, step3):
    case = ready_for_step_4(world, step3)
    sent_advice(world, case)
    today = str(timezone.localdate())
    body = {**PRIORITISED, "decided_on": today}
    assert api(world.regisseur).post(_url(case, "decisions"), body, format="json").status_code == 403
    incomplete = api(world.burgemeester).post(
        _url(case, "decisions"), {**body, "goals": "", "forum": "elders"}, format="json"
    )
    assert incomplete.status_code == 400 and "forum" in incomplete.json()["errors"]
    missing = api(world.burgemeester).post(_url(case, "decisions"), {**body, "goals": ""}, format="json")
    assert missing.status_code == 400 and "goals" in missing.json()["errors"]
    recorded = api(world.burgemeester).post(_url(case, "decisions"), body, format="json")
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["current"] is True and recorded.json()["advice"] == 1
    listing = api(world.wijkagent).get(_url(case, "decisions")).json()
    assert listing["count"] == 1 and listing["results"][0]["outcome"] == "geprioriteerd"
    assert api(world.outsider).get(_url(case, "decisions")).status_code == 404
    agenda = api(world.burgemeester).get("/api/v1/agenda").json()
    row = next(r for r in agenda["waiting"] if r["case"] == case.pk)
    assert row["decision"]["priority"] == 1 and row["advice"]["forum"] == "driehoek"
    assert api(world.jongerenwerker).get("/api/v1/agenda").status_code == 403


def test_decision_outside_step_4_is_409(world, api, step3):
    body = {**PRIORITISED, "decided_on": str(timezone.localdate()), "fast_track": True}
    assert api(world.burgemeester).post(_url(step3, "decisions"), body, format="json").status_code == 409


def test_municipality_contacts(world, api, step3):
    today = str(timezone.localdate())
    body = {"municipality": world.neighbour.pk, "informed_on": today, "shared_information": "Groep actief."}
    assert (
        api(world.wijkagent).post(_url(step3, "municipality-contacts"), body, format="json").status_code
        == 403
    )
    own = api(world.regisseur).post(
        _url(step3, "municipality-contacts"), {**body, "municipality": world.municipality.pk}, format="json"
    )
    assert own.status_code == 400 and "municipality" in own.json()["errors"]
    guarded = api(world.regisseur).post(
        _url(step3, "municipality-contacts"),
        {**body, "shared_information": "Ryan Meijer is verhuisd."},
        format="json",
    )
    assert_guard_fields(guarded, "shared_information")
    created = api(world.regisseur).post(_url(step3, "municipality-contacts"), body, format="json")
    assert created.status_code == 201 and created.json()["municipality"]["id"] == world.neighbour.pk
    assert api(world.jongerenwerker).get(_url(step3, "municipality-contacts")).json()["count"] == 1


# --- parity: page and API show and log the same -----------------------------------------------

PERSONAS = ["regisseur", "wijkagent", "jongerenwerker", "vt", "burgemeester", "outsider"]
MAY_RECEIVE = {"regisseur", "wijkagent", "jongerenwerker"}


def _persona(world, vt, name):
    return vt if name == "vt" else getattr(world, name)


def _both(api, verified_client, user, page_url, api_url):
    """(page response, page log, API response, API log) for the same read."""
    before = _last_sequence()
    response = api(user).get(api_url)
    api_log = _new_log(before)
    before = _last_sequence()
    page = verified_client(user).get(page_url)
    page_log = {entry for entry in _new_log(before) if not entry[0].startswith("auth")}
    return page, page_log, response, api_log


@pytest.mark.parametrize("persona", PERSONAS)
def test_picture_page_and_api_agree(world, api, verified_client, step3, vt, persona):
    _picture(world, step3)
    user = _persona(world, vt, persona)
    page, page_log, response, api_log = _both(
        api, verified_client, user, f"/casussen/{step3.pk}/beeld/", _url(step3, "picture")
    )
    assert response.status_code == page.status_code
    if page.status_code == 404:
        return
    html = page.content.decode()
    current = response.json()["current"]
    assert (PERSONS in html) is ("persons" in current) is (persona in MAY_RECEIVE)
    if "persons" not in current:
        assert current["withheld"]["persons"] in html
    assert api_log == page_log
    assert bool(api_log) is (persona in MAY_RECEIVE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_interventiematrix_page_and_api_agree(world, api, verified_client, step3, vt, persona):
    ryan = _member(step3, "Ryan Meijer")
    services.add_intervention(
        step3,
        actor=world.wijkagent,
        membership=ryan,
        column="informatie",
        category="criminal",
        content="Twee processen-verbaal.",
    )
    services.add_intervention(
        step3,
        actor=world.jongerenwerker,
        membership=ryan,
        column="strategie",
        category="personal",
        content="Mentor.",
    )
    user = _persona(world, vt, persona)
    page, page_log, response, api_log = _both(
        api, verified_client, user, f"/casussen/{step3.pk}/interventiematrix/", _url(step3, "interventions")
    )
    assert response.status_code == page.status_code
    if page.status_code == 404:
        return
    html = page.content.decode()
    body = response.json()
    contents = {e["content"] for row in body.get("members", []) for e in row["entries"]}
    for text in ("Twee processen-verbaal.", "Mentor."):
        assert (text in html) is (text in contents), text
    assert ("Ryan Meijer" in html) is ("members" in body) is (persona in MAY_RECEIVE)
    for reason in body["withheld"].values():
        assert reason in html
    assert api_log == page_log


@pytest.mark.parametrize("persona", PERSONAS)
def test_sociogram_page_and_api_agree(world, api, verified_client, step3, vt, persona):
    ryan, yusuf = _member(step3, "Ryan Meijer"), _member(step3, "Yusuf Demir")
    today = timezone.localdate()
    services.assess_members(
        step3, actor=world.jongerenwerker, assessed_on=today, rows=[(ryan, "min", 4, True, "")]
    )
    services.add_tie(
        step3, actor=world.jongerenwerker, source=ryan, target=yusuf, kind="vriendschap", since=today
    )
    user = _persona(world, vt, persona)
    page, page_log, response, api_log = _both(
        api, verified_client, user, f"/casussen/{step3.pk}/groepsdynamiek/", _url(step3, "dynamics")
    )
    assert response.status_code == page.status_code
    if page.status_code == 404:
        return
    html = page.content.decode()
    body = response.json()
    assert ("Yusuf Demir" in html) is ("nodes" in body) is (persona in MAY_RECEIVE)
    if "nodes" in body:
        assert {n["member"]["person"]["full_name"] for n in body["nodes"]} >= {"Ryan Meijer", "Yusuf Demir"}
    else:
        assert body["withheld"]["members"] in html
    assert api_log == page_log


def test_extreme_dates_are_answered_not_crashed(world, api, step3):
    ryan, yusuf = _member(step3, "Ryan Meijer"), _member(step3, "Yusuf Demir")
    youth = api(world.jongerenwerker)
    assert youth.get(_url(step3, "dynamics"), {"on": "0001-01-01"}).status_code == 200
    assert youth.get(_url(step3, "dynamics"), {"on": "9999-12-31"}).json()["on"] == str(timezone.localdate())
    tie = youth.post(
        _url(step3, "ties"),
        {"source": ryan.pk, "target": yusuf.pk, "kind": "familie", "since": "0001-01-02"},
        format="json",
    )
    assert tie.status_code == 201
    ended = youth.post(_url(step3, f"ties/{tie.json()['id']}/end"), {"until": "0001-01-01"}, format="json")
    assert ended.status_code == 400 and "until" in ended.json()["errors"]
