"""The action services: actions from the plan's measures, status updates with history,
access (owner organisation, managers, personal data), escalation along the decision's
line, "my actions", progress and the reminder command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from monitoring import actions as services
from monitoring import reads
from monitoring.models import Action, ActionStatus, ActionUpdate, Escalation, Reminder
from plans.common import AccessDenied, ApproachError, GuardRefused, WorkflowError
from privacy.models import ProcessingLogEntry
from tests.factories import UserFactory

TODAY = timezone.localdate()
SOON = TODAY + timedelta(days=30)


def three_actions(world, case):
    """One action per measure of the plan (m1 police/member, m2 youth work, m3 enforcement)."""
    m1 = services.actions_from_measure(case, actor=world.coordinator, measure_key="m1", due_date=SOON)
    m2 = services.actions_from_measure(
        case, actor=world.coordinator, measure_key="m2", due_date=SOON, owner=world.jongerenwerker
    )
    m3 = services.actions_from_measure(case, actor=world.coordinator, measure_key="m3", due_date=SOON)
    return m1, m2, m3


def overdue(action, days=3):
    Action.objects.filter(pk=action.pk).update(due_date=TODAY - timedelta(days=days))
    action.refresh_from_db()
    return action


@pytest.fixture
def non_receiver(world):
    """Veilig Thuis: takes part and may supply, but may not receive personal data."""
    return UserFactory(username="veiligthuis", organisation=world.orgs["veilig_thuis"])


@pytest.fixture
def acted(world, planned):
    return planned, three_actions(world, planned)


# --- creating -------------------------------------------------------------------------------


def test_actions_for_three_partners_copy_the_measures(world, acted):
    case, (police, youth, enforcement) = acted
    assert police.organisation == world.orgs["politie"] and police.track == "persoon"
    assert police.target_kind == "jongere" and police.membership == case.memberships.order_by("pk").first()
    assert youth.organisation == world.orgs["jongerenwerk"] and youth.owner == world.jongerenwerker
    assert youth.track == "groep" and youth.membership is None
    assert enforcement.location == "Sporthal De Kade" and enforcement.target_kind == "locatie"
    assert enforcement.description == "Extra toezicht op vrijdag- en zaterdagavond."
    # each creation starts the history; the member-aimed one is logged for the member
    assert ActionUpdate.objects.filter(action__case=case).count() == 3
    created = ProcessingLogEntry.objects.filter(actor_username="coordinator", action="create")
    assert created.filter(data_subject=str(police.membership.person.pseudonym)).exists()


def test_actions_from_plan_fills_the_gate(world, planned):
    from plans.gates import plan_missing

    assert any("actie" in m for m in plan_missing(planned))
    made = services.actions_from_plan(planned, actor=world.coordinator, due_date=SOON)
    assert len(made) == 3
    assert plan_missing(planned) == []
    assert services.actions_from_plan(planned, actor=world.coordinator, due_date=SOON) == []


def test_only_managers_add_actions_and_only_from_the_plan_in_force(world, planned):
    with pytest.raises(AccessDenied):
        services.actions_from_measure(planned, actor=world.wijkagent, measure_key="m2", due_date=SOON)
    with pytest.raises(ApproachError, match="staat niet in het plan"):
        services.add_action(
            planned, actor=world.coordinator, measure_key="nope", description="x", due_date=SOON
        )
    assert not Action.objects.exists()


def test_owner_must_belong_to_the_organisation(world, planned):
    with pytest.raises(ApproachError, match="werkt niet bij"):
        services.add_action(
            planned,
            actor=world.coordinator,
            measure_key="m2",
            owner=world.boa,
            description="Groepsgesprek.",
            due_date=SOON,
        )
    assert not Action.objects.exists()


def test_bad_input_is_refused_and_nothing_saved(world, planned):
    for kwargs, message in [
        ({"description": "   ", "due_date": SOON}, "Beschrijf"),
        ({"description": "Gesprek.", "due_date": "morgen"}, "geldige datum"),
        ({"description": "Gesprek.", "due_date": TODAY - timedelta(days=1)}, "verleden"),
    ]:
        with pytest.raises(ApproachError, match=message):
            services.add_action(planned, actor=world.coordinator, measure_key="m2", **kwargs)
    with pytest.raises(GuardRefused):
        services.add_action(
            planned,
            actor=world.coordinator,
            measure_key="m2",
            description="Gesprek met Ryan Meijer, Lindelaan 12.",
            due_date=SOON,
        )
    assert not Action.objects.exists()


def test_actions_are_made_in_steps_5_and_6_only(world, planned):
    planned.step = 4
    planned.save(update_fields=["step"])
    with pytest.raises(WorkflowError):
        services.actions_from_measure(planned, actor=world.coordinator, measure_key="m1", due_date=SOON)


# --- updating -------------------------------------------------------------------------------


def test_owner_organisation_updates_status_with_history(world, acted):
    _case, (_police, youth, _enforcement) = acted
    services.update_action(youth, actor=world.jongerenwerker, status=ActionStatus.RUNNING)
    done = services.update_action(
        youth, actor=world.jongerenwerker, status=ActionStatus.DONE, result_note="Zes gesprekken gevoerd."
    )
    assert done.status == "gereed" and done.completed_at is not None
    assert done.result_note == "Zes gesprekken gevoerd."
    history = list(youth.updates.order_by("at", "pk").values_list("from_status", "to_status", "note"))
    assert history == [
        ("", "gepland", ""),
        ("gepland", "lopend", ""),
        ("lopend", "gereed", "Zes gesprekken gevoerd."),
    ]
    reopened = services.update_action(youth, actor=world.coordinator, status=ActionStatus.RUNNING)
    assert reopened.completed_at is None


def test_another_organisation_is_refused(world, acted):
    _case, (_police, youth, _enforcement) = acted
    with pytest.raises(AccessDenied, match="eigenaar"):
        services.update_action(youth, actor=world.boa, status=ActionStatus.DONE)
    with pytest.raises(AccessDenied):
        services.update_action(youth, actor=world.outsider, status=ActionStatus.DONE)
    youth.refresh_from_db()
    assert youth.status == "gepland" and youth.updates.count() == 1


def test_only_managers_move_the_deadline_and_nothing_changed_is_refused(world, acted):
    _case, (_police, youth, _enforcement) = acted
    with pytest.raises(AccessDenied, match="deadline"):
        services.update_action(
            youth, actor=world.jongerenwerker, status=youth.status, due_date=SOON + timedelta(days=7)
        )
    with pytest.raises(ApproachError, match="niets gewijzigd"):
        services.update_action(youth, actor=world.jongerenwerker, status=youth.status)
    moved = services.update_action(
        youth, actor=world.coordinator, status=youth.status, due_date=SOON + timedelta(days=7)
    )
    assert moved.due_date == SOON + timedelta(days=7)
    assert "Deadline verzet" in moved.updates.order_by("-pk").first().note


def test_guarded_note_and_closed_case_refuse(world, acted):
    case, (_police, youth, _enforcement) = acted
    with pytest.raises(GuardRefused):
        services.update_action(
            youth, actor=world.jongerenwerker, status="lopend", result_note="Ryan Meijer, tel 0612345678"
        )
    case.status = "closed"
    case.save(update_fields=["status"])
    youth.refresh_from_db()
    with pytest.raises((WorkflowError, AccessDenied)):
        services.update_action(youth, actor=world.jongerenwerker, status="lopend")
    assert youth.updates.count() == 1


# --- reads ------------------------------------------------------------------------------------


def test_member_aimed_action_is_withheld_with_reason_and_logged_for_who_may(world, acted, non_receiver):
    case, (police, youth, enforcement) = acted
    visible, reason = reads.visible_actions(non_receiver, case)
    seen = list(visible)
    reads.log_shown(non_receiver, case, seen)
    assert police not in seen and {youth, enforcement} <= set(seen)
    assert reason.startswith("afgeschermd")
    assert not ProcessingLogEntry.objects.filter(actor_username="veiligthuis").exists()

    visible, reason = reads.visible_actions(world.wijkagent, case)
    seen = list(visible)
    assert police in seen and reason == ""
    logged = ProcessingLogEntry.objects.filter(actor_username="wijkagent", action="read")
    assert not logged.exists()  # reading the queryset discloses nothing yet: log_shown logs what is shown
    reads.log_shown(world.wijkagent, case, [youth, enforcement])
    assert not logged.exists()  # no member among the shown rows
    reads.log_shown(world.wijkagent, case, seen)
    assert list(logged.values_list("data_subject", flat=True)) == [str(police.membership.person.pseudonym)]

    action, reason = reads.action_for(world.burgemeester, police)
    assert action is None and reason.startswith("afgeschermd")
    with pytest.raises(AccessDenied):
        services.update_action(police, actor=non_receiver, status="lopend")


def test_my_actions_shows_only_mine_and_marks_overdue_first(world, acted):
    case, (police, youth, enforcement) = acted
    later = services.actions_from_measure(
        case, actor=world.coordinator, measure_key="m2", due_date=SOON + timedelta(days=10)
    )
    overdue(later)
    mine = reads.my_actions(world.jongerenwerker)
    # the named owner's action and the organisation's unassigned action, overdue first
    assert mine == [later, youth]
    assert mine[0].is_overdue and not mine[1].is_overdue
    assert reads.my_actions(world.boa) == [enforcement]
    assert reads.my_actions(world.wijkagent) == [police]  # member read logged
    assert ProcessingLogEntry.objects.filter(
        actor_username="wijkagent",
        operation="my_actions.read",
        data_subject=str(police.membership.person.pseudonym),
    ).exists()
    assert reads.my_actions(world.outsider) == []
    # another jongerenwerker sees the unassigned one, not the one assigned to a colleague
    colleague = UserFactory(username="collega", organisation=world.orgs["jongerenwerk"])
    assert reads.my_actions(colleague) == [later]
    # closed recently: still listed, after the open ones
    services.update_action(youth, actor=world.jongerenwerker, status="gereed")
    assert reads.my_actions(world.jongerenwerker) == [later, youth]


def test_progress_counts_per_track_and_partner(world, acted):
    case, (police, youth, enforcement) = acted
    services.update_action(youth, actor=world.jongerenwerker, status="gereed")
    overdue(enforcement)
    report = reads.progress(case)
    assert report["total"].total == 3 and report["total"].done == 1 and report["total"].overdue == 1
    tracks = {t.key: t for t in report["tracks"]}
    assert tracks["groep"].done == tracks["groep"].done_on_time == 1 and tracks["groep"].percent_done == 100
    assert tracks["omgeving"].overdue == 1 and tracks["persoon"].open == 1
    partners = {t.key: t for t in report["partners"]}
    assert partners[world.orgs["handhaving"].pk].overdue == 1
    assert partners[world.orgs["politie"].pk].by_status["gepland"] == 1


# --- escalation ---------------------------------------------------------------------------------


def test_escalation_climbs_the_line_one_level_at_a_time(world, acted):
    _case, (_police, youth, _enforcement) = acted
    with pytest.raises(ApproachError, match="niet is nagekomen of te laat"):
        services.escalate(youth, actor=world.coordinator, reason="Geen gesprekken.")
    services.update_action(youth, actor=world.jongerenwerker, status=ActionStatus.NOT_KEPT)
    with pytest.raises(AccessDenied):
        services.escalate(youth, actor=world.jongerenwerker, reason="Zelf escaleren.")
    with pytest.raises(AccessDenied):
        services.escalate(youth, actor=world.wijkagent, reason="Andere partner.")

    first = services.escalate(youth, actor=world.coordinator, reason="Geen gesprekken gevoerd.")
    assert (first.level, first.level_label) == (1, "teamleider")
    with pytest.raises(ApproachError, match="nog geen uitkomst"):
        services.escalate(youth, actor=world.coordinator, reason="Nog steeds niets.")
    with pytest.raises(AccessDenied):
        services.record_escalation_outcome(first, actor=world.wijkagent, outcome="x")
    services.record_escalation_outcome(first, actor=world.coordinator, outcome="Teamleider zegt inzet toe.")
    with pytest.raises(ApproachError, match="al vastgelegd"):
        services.record_escalation_outcome(first, actor=world.coordinator, outcome="Nogmaals.")

    second = services.escalate(youth, actor=world.coordinator, reason="Toezegging niet nagekomen.")
    assert (second.level, second.level_label) == (2, "directeur")
    services.record_escalation_outcome(second, actor=world.coordinator, outcome="Directeur grijpt in.")
    third = services.escalate(youth, actor=world.regisseur, reason="Nog steeds niet.")
    assert third.level_label == "burgemeester"
    services.record_escalation_outcome(
        third, actor=world.coordinator, outcome="De burgemeester spreekt de partner aan."
    )
    with pytest.raises(ApproachError, match="hoogste niveau"):
        services.escalate(youth, actor=world.coordinator, reason="Nog hoger?")
    assert Escalation.objects.filter(action=youth).count() == 3


def test_an_overdue_action_may_be_escalated(world, acted):
    _case, (_police, _youth, enforcement) = acted
    overdue(enforcement)
    escalation = services.escalate(enforcement, actor=world.coordinator, reason="Geen toezicht gezien.")
    assert escalation.level == 1
    with pytest.raises(GuardRefused):
        services.record_escalation_outcome(
            escalation, actor=world.coordinator, outcome="Bel Ryan Meijer op 0612345678."
        )


# --- reminders ----------------------------------------------------------------------------------


def test_reminder_command_sends_each_reminder_once(world, acted):
    case, (police, youth, enforcement) = acted
    world.jongerenwerker.email = "jw@example.org"
    world.jongerenwerker.save(update_fields=["email"])
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save(update_fields=["email"])
    for action in (police, youth, enforcement):
        overdue(action)
    services.update_action(enforcement, actor=world.boa, status="gereed")  # closed: no reminder

    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    assert "2 herinnering" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "jw@example.org"]
    member_mail = next(m for m in mail.outbox if m.to == ["coordinator@example.org"])
    assert "een jongere" in member_mail.body
    assert police.membership.person.full_name not in member_mail.body + member_mail.subject
    assert case.group.name in member_mail.subject
    assert f"/casussen/{case.pk}/acties/{police.pk}/" in member_mail.body

    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    assert "0 herinnering" in out.getvalue() and len(mail.outbox) == 2
    assert Reminder.objects.count() == 2

    # a new deadline that passes again is a new reminder
    Action.objects.filter(pk=youth.pk).update(due_date=TODAY - timedelta(days=1))
    assert services.send_reminders() == 1
    assert len(mail.outbox) == 3


def test_no_reminders_for_a_closed_case_or_a_future_deadline(world, acted):
    case, (police, youth, _enforcement) = acted
    world.coordinator.email = "coordinator@example.org"
    world.coordinator.save(update_fields=["email"])
    assert services.send_reminders() == 0
    overdue(police)
    case.status = "closed"
    case.save(update_fields=["status"])
    assert services.send_reminders() == 0
    assert mail.outbox == []
