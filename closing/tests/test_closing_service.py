"""Step 7 services: the closing decision tested against the plan, hand-overs, the retention
period and legal hold, the evaluation, and the closing gate. Helpers here are shared by
the other test_closing* modules and privacy/tests/test_retention_command.py."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from analysis.models import ForumDecision
from cases import services as case_services
from cases.models import CaseStatus, Participant
from closing import services as closing
from closing.gates import closing_missing
from closing.models import (
    ClosingDecision,
    Evaluation,
    EvaluationContribution,
    HandoverStatus,
    RetentionDecision,
)
from documents.evaluation import measured_lines
from monitoring.models import Action, ActionStatus, Escalation, Indicator, Measurement
from plans.common import AccessDenied, ApproachError, GuardRefused, WorkflowError
from privacy.models import CovenantRule, ProcessingLogEntry
from tests.factories import SignalFactory, UserFactory

TODAY = timezone.localdate


def make_actions(world, case, due=None):
    """One action per measure of the plan (m1 aimed at a member, m2 the group, m3 a location)."""
    member = case.memberships.order_by("pk").first()
    due = due or TODAY() + timedelta(days=30)
    common = {"case": case, "due_date": due, "created_by": world.coordinator}
    return [
        Action.objects.create(
            measure_key="m1",
            track="persoon",
            organisation=world.orgs["politie"],
            target_kind="jongere",
            membership=member,
            description="Stopgesprek door de wijkagent.",
            **common,
        ),
        Action.objects.create(
            measure_key="m2",
            track="groep",
            organisation=world.orgs["jongerenwerk"],
            target_kind="groep",
            description="Wekelijkse groepsgesprekken.",
            **common,
        ),
        Action.objects.create(
            measure_key="m3",
            track="omgeving",
            organisation=world.orgs["handhaving"],
            target_kind="locatie",
            location="Sporthal De Kade",
            description="Extra toezicht op vrijdag- en zaterdagavond.",
            **common,
        ),
    ]


def to_step7(world, case):
    case = case_services.advance_case(case, to_step=6, actor=world.regisseur, reason="plan vastgesteld")
    return case_services.advance_case(case, to_step=7, actor=world.regisseur, reason="afronden")


def results_for(case, reached=True):
    return [
        {"key": r["key"], "reached": reached, "figures": r["figures"]} for r in closing.proposed_results(case)
    ]


def decide(world, case, **kwargs):
    data = {
        "forum": "driehoek",
        "decided_on": TODAY(),
        "outcome": "afschalen",
        "motivation": "De overlast is gehalveerd; de aanpak gaat over naar de reguliere zorg.",
        "results": results_for(case),
    }
    data.update(kwargs)
    return closing.record_closing_decision(case, actor=world.burgemeester, **data)


def finish_actions(case):
    Action.objects.filter(case=case).update(status=ActionStatus.DONE, completed_at=timezone.now())


@pytest.fixture
def step7(world, planned):
    make_actions(world, planned)
    return to_step7(world, planned)


# --- the closing decision ----------------------------------------------------------------------


def test_results_are_prefilled_from_the_linked_indicator(world, step7):
    indicator = Indicator.objects.create(
        case=step7,
        name="Overlastmeldingen",
        unit="per week",
        result_key="r1",
        baseline=Decimal("12"),
        target=Decimal("6"),
        created_by=world.coordinator,
    )
    Measurement.objects.create(
        indicator=indicator, period_start=TODAY() - timedelta(days=14), value=9, recorded_by=world.coordinator
    )
    Measurement.objects.create(
        indicator=indicator, period_start=TODAY() - timedelta(days=7), value=5, recorded_by=world.coordinator
    )
    rows = {r["key"]: r for r in closing.proposed_results(step7)}
    assert set(rows) == {"r1", "r2"}
    assert rows["r1"]["reached"] is True  # lower is better: 5 <= 6
    assert "laatste meting 5" in rows["r1"]["figures"] and "streefwaarde 6" in rows["r1"]["figures"]
    assert rows["r2"]["reached"] is None and "geen indicator" in rows["r2"]["figures"]

    up = Indicator.objects.create(
        case=step7,
        name="Jongeren met dagbesteding",
        result_key="r2",
        baseline=3,
        target=8,
        direction="omhoog",
        created_by=world.coordinator,
    )
    Measurement.objects.create(indicator=up, period_start=TODAY(), value=5, recorded_by=world.coordinator)
    assert {r["key"]: r for r in closing.proposed_results(step7)}["r2"][
        "reached"
    ] is False  # higher is better


def test_closing_decision_only_by_the_beslisser_and_only_in_step_7(world, planned):
    make_actions(world, planned)
    with pytest.raises(WorkflowError):
        decide(world, planned)  # still step 5
    case = to_step7(world, planned)
    for user in (world.regisseur, world.coordinator, world.wijkagent, world.outsider):
        with pytest.raises(AccessDenied):
            closing.record_closing_decision(
                case,
                actor=user,
                forum="driehoek",
                decided_on=TODAY(),
                outcome="stoppen",
                motivation="Doelen bereikt.",
                results=results_for(case),
            )
    decision = decide(world, case)
    assert decision.plan.number == 1 and decision.outcome == "afschalen"
    assert [r["key"] for r in decision.results] == ["r1", "r2"]
    assert all(r["reached"] is True for r in decision.results)
    with pytest.raises(Exception):  # noqa: B017 - immutable
        decision.motivation = "anders"
        decision.save()


def test_closing_decision_must_test_every_result_of_the_plan(world, step7):
    rows = results_for(step7)
    with pytest.raises(ApproachError):
        decide(world, step7, results=rows[:1])
    rows[1]["reached"] = None
    with pytest.raises(ApproachError):
        decide(world, step7, results=rows)
    rows = results_for(step7) + [{"key": "xx", "reached": True, "figures": "1"}]
    with pytest.raises(ApproachError):
        decide(world, step7, results=rows)
    with pytest.raises(ApproachError):
        decide(world, step7, decided_on=TODAY() + timedelta(days=1))
    with pytest.raises(GuardRefused):
        decide(world, step7, motivation="Ryan Meijer is weer naar school, dus stoppen.")
    assert not ClosingDecision.objects.filter(case=step7).exists()


# --- hand-overs ------------------------------------------------------------------------------


def test_handover_of_an_action_accepted_only_by_the_receiving_organisation(world, step7):
    action = step7.actions.get(measure_key="m2")
    wijkteam = world.orgs["zorg"]
    with pytest.raises(AccessDenied):
        closing.offer_handover(
            step7, actor=world.wijkagent, to_organisation=wijkteam, what="Groepsgesprekken", action=action
        )
    with pytest.raises(AccessDenied):
        closing.offer_handover(
            step7, actor=world.regisseur, to_organisation=world.outsider.organisation, what="x", action=action
        )
    handover = closing.offer_handover(
        step7,
        actor=world.coordinator,
        to_organisation=wijkteam,
        what="Groepsgesprekken voortzetten",
        action=action,
    )
    with pytest.raises(ApproachError):  # already offered
        closing.offer_handover(
            step7, actor=world.coordinator, to_organisation=wijkteam, what="nogmaals", action=action
        )
    for user in (world.jongerenwerker, world.regisseur, world.burgemeester):
        with pytest.raises(AccessDenied):
            closing.answer_handover(handover, actor=user, accept=True)
    with pytest.raises(ApproachError):
        closing.answer_handover(handover, actor=world.zorg, accept=False)  # a refusal needs a reason
    handover = closing.answer_handover(handover, actor=world.zorg, accept=True)
    action.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED and handover.answered_by == world.zorg
    assert action.organisation == wijkteam and action.is_open
    assert action.updates.filter(note__contains="Overgedragen").exists()
    with pytest.raises(ApproachError):
        closing.answer_handover(handover, actor=world.zorg, accept=False, reason="toch niet")


def test_declined_handover_keeps_the_action_loose(world, step7):
    action = step7.actions.get(measure_key="m3")
    handover = closing.offer_handover(
        step7, actor=world.regisseur, to_organisation=world.orgs["zorg"], what="Toezicht", action=action
    )
    assert Participant.objects.filter(case=step7, organisation=world.orgs["zorg"]).exists()
    closing.answer_handover(
        handover, actor=world.zorg, accept=False, reason="Geen capaciteit in het wijkteam."
    )
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.DECLINED and handover.decline_reason
    action.refresh_from_db()
    assert action.organisation == world.orgs["handhaving"]
    assert any("draag de lopende acties over" in m for m in closing_missing(step7))


def test_handover_of_a_youths_guidance_is_personal_and_logged(world, step7):
    member = step7.memberships.order_by("pk").first()
    handover = closing.offer_handover(
        step7,
        actor=world.coordinator,
        to_organisation=world.orgs["zorg"],
        what="Begeleiding door het wijkteam",
        membership=member,
    )
    assert ProcessingLogEntry.objects.filter(
        operation="handover.offer", action="create", data_subject=str(member.person.pseudonym)
    ).exists()
    with pytest.raises(AccessDenied):  # Veilig Thuis may only supply personal data, not receive it
        closing.offer_handover(
            step7,
            actor=world.coordinator,
            to_organisation=world.orgs["veilig_thuis"],
            what="x",
            membership=member,
        )
    closing.answer_handover(handover, actor=world.zorg, accept=True)
    assert ProcessingLogEntry.objects.filter(
        operation="handover.answer", actor_username="zorg", data_subject=str(member.person.pseudonym)
    ).exists()


# --- retention and legal hold --------------------------------------------------------------------


def test_retention_default_is_the_covenants_longest_term_for_personal_data(world, step7):
    covenant_rules = CovenantRule.objects.filter(covenant__municipality=world.municipality)
    covenant_rules.filter(category="criminal").update(retention_months=36)
    covenant_rules.filter(category="group").update(retention_months=120)  # not personal data: ignored
    assert closing.covenant_retention_months(step7) == 36
    decision = closing.set_retention(step7, actor=world.regisseur)
    assert decision.covenant_months == 36 and decision.motivation == "Conform convenant"
    assert decision.keep_until == closing.add_months(TODAY(), 36)
    step7.refresh_from_db()
    assert step7.retention_until == decision.keep_until


def test_a_different_retention_term_needs_a_motivation(world, step7):
    shorter = TODAY() + timedelta(days=200)
    with pytest.raises(ApproachError):
        closing.set_retention(step7, actor=world.regisseur, keep_until=shorter)
    with pytest.raises(ApproachError):
        closing.set_retention(
            step7, actor=world.regisseur, keep_until=shorter, motivation="Conform convenant"
        )
    with pytest.raises(AccessDenied):
        closing.set_retention(step7, actor=world.wijkagent, keep_until=shorter, motivation="Korter")
    decision = closing.set_retention(
        step7,
        actor=world.privacy,
        keep_until=shorter,
        motivation="Geen lopende trajecten meer; korter bewaren.",
    )
    assert decision.decided_by == world.privacy
    step7.refresh_from_db()
    assert step7.retention_until == shorter
    assert RetentionDecision.objects.filter(case=step7).count() == 1


def test_retention_only_in_step_7_or_after_closing(world, planned):
    with pytest.raises(WorkflowError):
        closing.set_retention(planned, actor=world.regisseur)


def test_legal_hold_by_privacy_officer_or_regisseur_logged_per_member(world, step7):
    with pytest.raises(ApproachError):  # a reason is required
        closing.set_legal_hold(step7, actor=world.privacy, on=True, reason=" ")
    with pytest.raises(AccessDenied):
        closing.set_legal_hold(step7, actor=world.coordinator, on=True, reason="x")
    with pytest.raises(AccessDenied):
        closing.set_legal_hold(step7, actor=world.outsider, on=True, reason="x")
    closing.set_legal_hold(step7, actor=world.privacy, on=True, reason="Strafrechtelijk onderzoek loopt.")
    step7.refresh_from_db()
    assert step7.legal_hold
    entries = ProcessingLogEntry.objects.filter(operation="case.legal_hold", action="update")
    assert entries.count() == step7.memberships.count()
    hold = step7.legal_holds.get()
    assert hold.on and hold.reason == "Strafrechtelijk onderzoek loopt." and hold.decided_by == world.privacy
    closing.set_legal_hold(step7, actor=world.regisseur, on=False, reason="Onderzoek afgerond.")
    step7.refresh_from_db()
    assert not step7.legal_hold


# --- the closing gate ----------------------------------------------------------------------------


def test_closing_refused_until_decision_handovers_retention_and_discussed_evaluation(world, step7):
    def close():
        return case_services.advance_case(step7, to_step=None, actor=world.regisseur, reason="afgerond")

    with pytest.raises(WorkflowError):
        close()
    decide(world, step7)
    actions = list(step7.actions.order_by("measure_key"))
    Action.objects.filter(pk__in=[actions[0].pk, actions[2].pk]).update(
        status=ActionStatus.DONE, completed_at=timezone.now()
    )
    handover = closing.offer_handover(
        step7,
        actor=world.regisseur,
        to_organisation=world.orgs["jongerenwerk"],
        what="Regulier jongerenwerk",
        action=actions[1],
    )
    with pytest.raises(WorkflowError):
        close()
    closing.answer_handover(handover, actor=world.jongerenwerker, accept=True)
    closing.set_retention(step7, actor=world.regisseur)
    evaluation = closing.open_evaluation(step7, actor=world.regisseur)
    with pytest.raises(WorkflowError):
        close()
    assert [done for _label, done in closing.checklist(step7)] == [True, True, True, True, False]
    closing.record_discussion(
        evaluation,
        actor=world.regisseur,
        discussed_on=TODAY(),
        forum="driehoek",
        summary="Goed samengewerkt.",
    )
    assert closing_missing(step7) == []
    assert all(done for _label, done in closing.checklist(step7))
    case = close()
    assert case.status == CaseStatus.CLOSED


def test_checklist_matches_the_gate(world, step7):
    missing = closing_missing(step7)
    assert sum(1 for _label, done in closing.checklist(step7) if not done) == len(missing)


# --- the evaluation ------------------------------------------------------------------------------


def test_measured_criteria_on_a_constructed_case(world, step7):
    today = TODAY()
    tz = timezone.get_current_timezone()

    def at(day):
        return datetime.combine(day, time(12), tzinfo=tz)

    step7.transitions.filter(to_step=5).update(at=at(today - timedelta(days=100)))
    step7.approach_plans.filter(number=1).update(created_at=at(today - timedelta(days=90)))
    type(step7).objects.filter(pk=step7.pk).update(opened_at=at(today - timedelta(days=160)))
    ForumDecision.objects.filter(case=step7).update(decided_on=today - timedelta(days=110))
    SignalFactory(
        municipality=world.municipality,
        group=step7.group,
        observed_at=at(today - timedelta(days=200)),
        organisation=world.orgs["politie"],
        reported_by=world.wijkagent,
    )
    a1, a2, a3 = step7.actions.order_by("measure_key")
    due = today - timedelta(days=10)
    Action.objects.filter(pk=a1.pk).update(status=ActionStatus.DONE, due_date=due, completed_at=at(due))
    Action.objects.filter(pk=a2.pk).update(
        status=ActionStatus.DONE, due_date=due, completed_at=at(due + timedelta(days=3))
    )
    Action.objects.filter(pk=a3.pk).update(status=ActionStatus.NOT_KEPT, due_date=due)
    Action.objects.create(
        case=step7,
        measure_key="m3",
        track="omgeving",
        organisation=world.orgs["handhaving"],
        target_kind="locatie",
        location="Sporthal",
        description="Vervallen",
        due_date=due,
        status=ActionStatus.LAPSED,
        created_by=world.coordinator,
    )
    Escalation.objects.create(
        case=step7,
        action=a3,
        level=1,
        level_label="teamleider",
        reason="Niet nagekomen",
        escalated_by=world.coordinator,
    )
    decide(world, step7, decided_on=today - timedelta(days=5), results=[
        {"key": "r1", "reached": True, "figures": "5 meldingen"},
        {"key": "r2", "reached": False, "figures": "4 jongeren"},
    ])  # fmt: skip

    step7.refresh_from_db()
    m = closing.measured(step7)
    assert m["duration"]["realised_days"] == 95  # step 5 entered 100 days ago, decision 5 days ago
    assert m["duration"]["planned_days"] == 90 + 180  # plan v1 90 days ago, deadline in 180 days
    assert m["agreements"] == {
        "actions": 3,
        "on_time": 1,
        "late": 1,
        "not_kept": 1,
        "open": 0,
        "on_time_share": 33,
        "escalations": 1,
    }
    assert m["speed"]["signal_to_decision_days"] == 90
    assert m["speed"]["opening_to_decision_days"] == 50
    assert m["speed"]["plan_versions"] == 1
    assert m["effort"]["per_partner"] == {
        world.orgs["handhaving"].name: 1,
        world.orgs["jongerenwerk"].name: 1,
        world.orgs["politie"].name: 1,
    }
    assert m["effort"]["per_track"] == {
        "Groeps- en netwerkgericht": 1,
        "Omgevingsgericht": 1,
        "Persoons- en gezinsgericht": 1,
    }
    assert m["effectiveness"] == {"results": 2, "reached": 1, "outcome": "afschalen"}
    lines = measured_lines(m)  # the report's sentences: documents.evaluation
    assert any("1 van 3 acties op tijd" in line for line in lines["rollen"])


def test_evaluation_contributions_one_per_organisation_until_discussed(world, step7):
    with pytest.raises(AccessDenied):
        closing.open_evaluation(step7, actor=world.wijkagent)
    evaluation = closing.open_evaluation(step7, actor=world.coordinator)
    assert closing.open_evaluation(step7, actor=world.regisseur) == evaluation
    closing.save_contribution(evaluation, actor=world.wijkagent, texts={"rollen": "Rollen waren helder."})
    second_agent = UserFactory(username="agent2", organisation=world.orgs["politie"])
    contribution = closing.save_contribution(
        evaluation, actor=second_agent, texts={"rollen": "Helder.", "informatie": "Soms laat."}
    )
    closing.save_contribution(
        evaluation, actor=world.jongerenwerker, texts={"inzet": "Veel uren in de avond."}
    )
    assert EvaluationContribution.objects.filter(evaluation=evaluation).count() == 2
    assert contribution.texts == {"rollen": "Helder.", "informatie": "Soms laat."}
    with pytest.raises(ApproachError):
        closing.save_contribution(evaluation, actor=world.jongerenwerker, texts={"onbekend": "x"})
    with pytest.raises(ApproachError):
        closing.save_contribution(evaluation, actor=world.jongerenwerker, texts={"inzet": "  "})
    with pytest.raises(GuardRefused):
        closing.save_contribution(
            evaluation, actor=world.jongerenwerker, texts={"inzet": "Ryan Meijer hielp mee."}
        )
    for user in (world.school, world.burgemeester, world.outsider):  # not taking part / deciding / outside
        with pytest.raises(AccessDenied):
            closing.save_contribution(evaluation, actor=user, texts={"rollen": "x"})
    with pytest.raises(AccessDenied):
        closing.record_discussion(
            evaluation, actor=world.wijkagent, discussed_on=TODAY(), forum="driehoek", summary="x"
        )
    evaluation = closing.record_discussion(
        evaluation,
        actor=world.regisseur,
        discussed_on=TODAY(),
        forum="driehoek",
        summary="Lessen: eerder escaleren.",
    )
    assert evaluation.measured["agreements"]["actions"] == 3  # frozen snapshot
    with pytest.raises(ApproachError):
        closing.save_contribution(evaluation, actor=world.wijkagent, texts={"rollen": "later"})
    # after the discussion the figures shown are the snapshot, not a new computation
    Action.objects.filter(case=step7).delete()
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert closing.evaluation_figures(evaluation, step7)["agreements"]["actions"] == 3
