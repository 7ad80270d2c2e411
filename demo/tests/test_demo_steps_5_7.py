"""The demo's story 3 (Jongeren Parkwijk) through steps 5–6: a living plan of approach in
two versions, actions for every measure with owners at the partners, an overdue action
escalated to the teamleider, effect indicators with weekly measurements and a progress
report. Every step 5–7 page of the case answers for the personas who may see it and is
not found for the neighbouring municipality; the command stays idempotent."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from cases.models import Case
from demo.management.commands.demo import Command
from groups.models import Person
from intake.models import Signal
from monitoring.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Escalation,
    Indicator,
    IndicatorSource,
    Measurement,
    ProgressReport,
)
from plans import gates
from plans import services as plan_services
from plans.models import PlanVersion
from privacy.models import GuardConfirmation, ProcessingLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "demo-Groepsaanpak-2026"
VIEWERS = ["regisseur", "coordinator", "wijkagent", "jongerenwerker", "burgemeester"]
MANAGERS = {"regisseur", "coordinator"}


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def park(demo):
    return Case.objects.get(group__name="Jongeren Parkwijk")


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            PlanVersion, Action, ActionUpdate, Escalation, Indicator, Measurement, ProgressReport, Signal,
        )
    )  # fmt: skip


def _pages(case):
    base = f"/casussen/{case.pk}"
    pages = [
        f"{base}/plan-van-aanpak/",
        f"{base}/plan-van-aanpak/vergelijken/",
        f"{base}/plan-van-aanpak/vergelijken/?van=1&naar=2",
        f"{base}/acties/",
        f"{base}/monitoring/",
        f"{base}/crisis/",
        f"{base}/afronden/",
        f"{base}/evaluatie/",
    ]
    pages += [f"{base}/plan-van-aanpak/versie/{v.number}/" for v in case.approach_plans.all()]
    pages += [f"{base}/acties/{a.pk}/" for a in case.actions.all()]
    pages += [f"{base}/monitoring/indicator/{i.pk}/" for i in case.indicators.all()]
    pages += [f"{base}/voortgangsrapportage/{r.number}/" for r in case.progress_reports.all()]
    return pages


def _login(client, username):
    response = client.post("/inloggen/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, username


# --- what the demo builds ---------------------------------------------------------------------


def test_parkwijk_is_in_step_6_with_two_plan_versions(park):
    assert park.step == 6
    v1, v2 = park.approach_plans.order_by("number")
    assert (v1.number, v2.number) == (1, 2) and not v1.reason and v2.reason.strip()
    assert plan_services.current(park) == v2
    codes = [g["code"] for g in v1.content["goals"]]
    assert codes == ["criminaliteit", "perspectief", "groepsdynamiek", "aanwas", "lokaal"]
    assert all(v1.content["tracks"][t].strip() for t in ("persoon", "groep", "omgeving"))
    assert v1.content["strategy"]["first_things_first"] and v1.content["scenarios"]
    results = {r["key"]: r for r in v2.content["results"]}
    assert set(results) == {"overlast", "dagbesteding", "verzuim"} and len(v1.content["results"]) == 2
    assert (results["overlast"]["baseline"], results["overlast"]["target"]) == ("14", "7")
    assert (results["dagbesteding"]["baseline"], results["dagbesteding"]["target"]) == ("4", "9")
    assert all(r["deadline"] for r in results.values())
    # The compare page has something to show: a result, a measure and a scenario added, a
    # measure changed.
    before = {m["key"]: m for m in v1.content["measures"]}
    changed = [m for m in v2.content["measures"] if m["key"] in before and m != before[m["key"]]]
    assert [m["key"] for m in changed] == ["toezicht"]
    assert len(v2.content["measures"]) == len(v1.content["measures"]) + 1
    assert len(v2.content["scenarios"]) == len(v1.content["scenarios"]) + 1


def test_measures_for_police_youth_work_enforcement_and_leerplicht(park):
    measures = plan_services.current(park).content["measures"]
    by_kind = {(m["target_kind"], m["track"]): m for m in measures}
    ryan = park.memberships.get(person__full_name="Ryan Meijer")
    member = by_kind[("jongere", "persoon")]
    assert member["membership"] == ryan.pk
    orgs = {m["organisation"] for m in measures}
    kinds = set(
        park.participants.filter(organisation_id__in=orgs).values_list("organisation__kind", flat=True)
    )
    assert {"politie", "jongerenwerk", "handhaving", "leerplicht"} <= kinds
    location = by_kind[("locatie", "omgeving")]
    assert location["location"] == "Winkelstrip Lindelaan"
    assert by_kind[("groep", "groep")]["description"]  # drafted from the interventiematrix


def test_every_measure_has_actions_with_owners(park):
    assert gates.plan_missing(park) == []
    keys = {m["key"] for m in plan_services.current(park).content["measures"]}
    actions = list(park.actions.select_related("owner"))
    assert keys == {a.measure_key for a in actions}
    assert all(a.owner is not None for a in actions)
    assert {a.owner.username for a in actions} == {"wijkagent", "jongerenwerker", "boa", "leerplicht"}
    statuses = {a.status for a in actions}
    assert {ActionStatus.RUNNING, ActionStatus.DONE} <= statuses
    done = [a for a in actions if a.status == ActionStatus.DONE]
    assert done and all(a.result_note and a.completed_at for a in done)
    member_action = park.actions.filter(membership__person__full_name="Ryan Meijer")
    assert member_action.exists()


def test_one_overdue_action_escalated_to_the_teamleider_with_outcome(park):
    overdue = [a for a in park.actions.all() if a.is_overdue]
    assert len(overdue) == 1
    action = overdue[0]
    assert action.owner.username == "leerplicht" and action.status == ActionStatus.RUNNING
    escalation = Escalation.objects.get(action=action)
    assert (escalation.level, escalation.level_label) == (1, "teamleider")
    assert escalation.outcome and escalation.outcome_by.username == "coordinator"
    assert not park.crisis_periods.exists()


def test_indicators_with_weekly_measurements_toward_the_target(park):
    from_results = park.indicators.exclude(result_key="")
    assert {i.result_key for i in from_results} == {"overlast", "dagbesteding", "verzuim"}
    for indicator in from_results:
        values = list(indicator.measurements.order_by("period_start").values_list("value", flat=True))
        assert 6 <= len(values) <= 8, indicator.name
        assert values[0] == indicator.baseline
        gap = [abs(v - indicator.target) for v in values]
        assert gap[-1] < gap[0] and gap == sorted(gap, reverse=True), indicator.name
        days = list(indicator.measurements.order_by("period_start").values_list("period_start", flat=True))
        assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False))
        assert all(d.weekday() == 0 for d in days)
    counted = park.indicators.get(source=IndicatorSource.SIGNALS)
    assert counted.measurements.exists()
    assert all(m.source == IndicatorSource.SIGNALS for m in counted.measurements.all())
    report = park.progress_reports.get()
    assert "Versie 2 is van kracht" in report.body and "naar teamleider: 1" in report.body
    for indicator in park.indicators.all():
        assert indicator.name in report.body


def test_no_member_names_in_group_level_texts_and_nothing_waived(park):
    texts = [report.body for report in park.progress_reports.all()]
    for version in park.approach_plans.all():
        texts += plan_services.guarded_texts(version.content).values()
    for action in park.actions.all():
        texts += [action.description, action.location, action.result_note]
        texts += [u.note for u in action.updates.all()]
    for escalation in Escalation.objects.filter(case=park):
        texts += [escalation.reason, escalation.outcome]
    texts += [i.name for i in park.indicators.all()]
    texts += list(Measurement.objects.filter(indicator__case=park).values_list("note", flat=True))
    text = "\n".join(texts)
    for person in Person.objects.all():
        for word in person.full_name.split():
            if word[0].isupper():
                assert not re.search(rf"\b{re.escape(word)}\b", text), word
    assert not GuardConfirmation.objects.exists()  # no guard finding was waived


# --- idempotent, also on a database of an earlier demo ------------------------------------


def test_demo_stays_idempotent(demo):
    counts = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == counts
    assert Case.objects.get(group__name="Jongeren Parkwijk").step == 6


def test_an_earlier_demo_left_at_step_5_is_brought_to_step_6(monkeypatch):
    monkeypatch.setattr(Command, "_story3_steps_5_and_6", lambda self, case, orgs, u: None)
    call_command("demo", stdout=io.StringIO())
    park = Case.objects.get(group__name="Jongeren Parkwijk")
    assert park.step == 5 and not park.approach_plans.exists()
    monkeypatch.undo()
    call_command("demo", stdout=io.StringIO())
    park.refresh_from_db()
    assert park.step == 6 and park.approach_plans.count() == 2


# --- the pages ----------------------------------------------------------------------------------


@override_settings(DEMO_MODE=True)
@pytest.mark.parametrize("username", VIEWERS)
def test_every_step_5_7_page_of_parkwijk_answers(client, park, username):
    _login(client, username)
    for url in _pages(park):
        assert client.get(url).status_code == 200, (username, url)
    edit = client.get(f"/casussen/{park.pk}/plan-van-aanpak/bewerken/")
    assert edit.status_code == (200 if username in MANAGERS else 404)
    assert client.get("/mijn-acties/").status_code == 200


@override_settings(DEMO_MODE=True)
def test_the_neighbouring_municipality_finds_nothing(client, park):
    _login(client, "buurgemeente")
    for url in [*_pages(park), f"/casussen/{park.pk}/plan-van-aanpak/bewerken/"]:
        assert client.get(url).status_code == 404, url
    response = client.get("/mijn-acties/")
    assert response.status_code == 200
    for action in park.actions.all():
        assert action.description not in response.content.decode()


@override_settings(DEMO_MODE=True)
@pytest.mark.parametrize("username", ["wijkagent", "jongerenwerker", "boa", "leerplicht"])
def test_my_actions_shows_each_owner_their_actions(client, park, username):
    _login(client, username)
    page = client.get("/mijn-acties/").content.decode()
    mine = park.actions.filter(owner__username=username)
    assert mine.exists()
    for action in mine:
        assert action.description in page
    for action in park.actions.exclude(owner__username=username):
        assert action.description not in page


@override_settings(DEMO_MODE=True)
def test_reading_the_member_aimed_action_is_logged(client, park):
    ryan = park.memberships.get(person__full_name="Ryan Meijer")
    action = park.actions.filter(membership=ryan).first()
    _login(client, "wijkagent")
    before = ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read").count()
    response = client.get(f"/casussen/{park.pk}/acties/{action.pk}/")
    assert response.status_code == 200 and "Ryan Meijer" in response.content.decode()
    reads = ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read")
    assert reads.count() > before
    assert reads.filter(data_subject=str(ryan.person.pseudonym), case_id=park.pk).exists()
