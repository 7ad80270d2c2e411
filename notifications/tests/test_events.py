"""Per event: the notification arrives for the right person, not for an outsider (nor for
a user of the same municipality who has no part in it), and the e-mail carries no personal
data — checked with the privacy guard and with the youths' names."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from analysis import services as analysis_services
from analysis.tests.conftest import MEMBERS, PRIORITISED, build_case, ready_for_step_4, sent_advice
from cases import services as case_services
from closing import services as closing
from monitoring import actions
from monitoring.models import Action, ActionStatus
from notifications import sending
from notifications.models import Kind, Notification
from privacy.guarding import scan
from tests.factories import GroupFactory, UserFactory, case_in_step_2, send_groepsscan

TODAY = timezone.localdate()
NAMES = [full for full, *_ in MEMBERS] + [nick for _f, nick, *_ in MEMBERS if nick] + ["Jan Jansen"]


def told(user, kind) -> list:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def send_all():
    mail.outbox.clear()
    sending.send_due()
    sending.send_digest()
    return list(mail.outbox)


def assert_mail_without_personal_data(messages):
    assert messages, "no e-mail was sent"
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        for name in NAMES:
            assert name not in text
        # The guard finds nothing that looks like a person, phone, e-mail or address.
        assert scan(text) == []


@pytest.fixture
def emails(world):
    for user in (
        world.regisseur, world.coordinator, world.wijkagent, world.teamchef, world.officier,
        world.jongerenwerker, world.boa, world.zorg, world.burgemeester, world.outsider,
    ):  # fmt: skip
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def test_appointed_and_named_and_step_moved(emails):
    world = emails
    case = case_in_step_2(
        world, GroupFactory(municipality=world.municipality, name="Jongeren Kade"), partners=["politie"]
    )
    assert [n.alias for n in told(world.coordinator, Kind.APPOINTED)] == ["Jongeren Kade"]
    assert len(told(world.wijkagent, Kind.NAMED)) == 1
    # the move to step 2: the named participants, not the mover, not who is not named
    assert told(world.coordinator, Kind.STEP_MOVED) and told(world.wijkagent, Kind.STEP_MOVED)
    assert not told(world.regisseur, Kind.STEP_MOVED)
    for user in (world.outsider, world.teamchef, world.jongerenwerker, world.burgemeester):
        assert not Notification.objects.filter(recipient=user).exists()
    note = told(world.wijkagent, Kind.NAMED)[0]
    assert note.case_id == case.pk and note.link == f"/casussen/{case.pk}/"
    assert_mail_without_personal_data(send_all())


def test_request_addressed_to_the_function_and_the_answer_to_the_requester(emails):
    world = emails
    case = case_in_step_2(
        world, GroupFactory(municipality=world.municipality, name="Groep Oost"), partners=["politie"]
    )
    request = send_groepsscan(world, case)
    # addressed to the teamchef's function: not the wijkagent of the same police organisation
    assert [n.link for n in told(world.teamchef, Kind.REQUEST_ADDRESSED)] == [
        f"/casussen/{case.pk}/verzoeken/{request.pk}/"
    ]
    assert not told(world.wijkagent, Kind.REQUEST_ADDRESSED)
    assert not told(world.outsider, Kind.REQUEST_ADDRESSED)
    case_services.answer_request(request, actor=world.teamchef, answer="Groep is bekend bij de politie.")
    assert told(world.regisseur, Kind.REQUEST_ANSWERED)
    assert told(world.burgemeester, Kind.REQUEST_ANSWERED) and told(world.officier, Kind.REQUEST_ANSWERED)
    assert not told(world.teamchef, Kind.REQUEST_ANSWERED)  # who answered
    assert not told(world.wijkagent, Kind.REQUEST_ANSWERED) and not told(
        world.outsider, Kind.REQUEST_ANSWERED
    )
    assert_mail_without_personal_data(send_all())


def test_advice_awaits_the_beslisser_and_the_decision_reaches_the_participants(emails):
    world = emails
    other_beslisser = UserFactory(
        username="burgemeester-buur", organisation=world.outsider.organisation, role="beslisser"
    )
    case = ready_for_step_4(world, build_case(world))
    sent_advice(world, case)
    assert [n.link for n in told(world.burgemeester, Kind.ADVICE_AWAITS)] == [f"/casussen/{case.pk}/besluit/"]
    for user in (world.regisseur, world.coordinator, world.wijkagent, world.outsider, other_beslisser):
        assert not told(user, Kind.ADVICE_AWAITS)
    analysis_services.record_decision(case, actor=world.burgemeester, decided_on=TODAY, **PRIORITISED)
    assert told(world.regisseur, Kind.DECISION_RECORDED) and told(world.wijkagent, Kind.DECISION_RECORDED)
    assert not told(world.burgemeester, Kind.DECISION_RECORDED)
    assert not told(world.outsider, Kind.DECISION_RECORDED)
    assert_mail_without_personal_data(send_all())


@pytest.fixture
def acted(emails, planned):
    world = emails
    soon = TODAY + timedelta(days=30)
    youth = actions.actions_from_measure(
        planned, actor=world.coordinator, measure_key="m2", due_date=soon, owner=world.jongerenwerker
    )
    enforcement = actions.actions_from_measure(
        planned, actor=world.coordinator, measure_key="m3", due_date=soon
    )
    return planned, youth, enforcement


def test_action_assigned_to_the_owner_or_the_owning_organisation(emails, acted):
    world = emails
    _case, youth, enforcement = acted
    assert [n.link for n in told(world.jongerenwerker, Kind.ACTION_ASSIGNED)] == [
        f"/casussen/{youth.case_id}/acties/{youth.pk}/"
    ]
    assert len(told(world.boa, Kind.ACTION_ASSIGNED)) == 1  # handhaving: no owner named
    for user in (world.wijkagent, world.zorg, world.outsider, world.coordinator):
        assert not told(user, Kind.ACTION_ASSIGNED)
    assert_mail_without_personal_data(send_all())


def test_deadlines_told_once_per_deadline(emails, acted):
    world = emails
    _case, youth, enforcement = acted
    Action.objects.filter(pk=youth.pk).update(due_date=TODAY - timedelta(days=2))
    Action.objects.filter(pk=enforcement.pk).update(due_date=TODAY + timedelta(days=1))
    assert actions.notify_deadlines() == 2
    assert actions.notify_deadlines() == 0  # a second run tells nobody again
    assert len(told(world.jongerenwerker, Kind.ACTION_OVERDUE)) == 1
    assert len(told(world.boa, Kind.ACTION_DUE)) == 1
    assert not Notification.objects.filter(recipient=world.outsider).exists()
    Action.objects.filter(pk=youth.pk).update(due_date=TODAY - timedelta(days=1))  # moved, passed again
    assert actions.notify_deadlines() == 1
    assert_mail_without_personal_data(send_all())


def test_escalation_reaches_the_function_on_the_line(emails, acted):
    world = emails
    _case, youth, _enforcement = acted
    teamleider = UserFactory(
        username="teamleider", organisation=world.orgs["jongerenwerk"], function_title="teamleider"
    )
    teamleider.email = "tl@example.org"
    teamleider.save(update_fields=["email"])
    elsewhere = UserFactory(
        username="tl-buur", organisation=world.outsider.organisation, function_title="teamleider"
    )
    actions.update_action(youth, actor=world.jongerenwerker, status=ActionStatus.NOT_KEPT)
    actions.escalate(youth, actor=world.coordinator, reason="Geen gesprekken gevoerd.")
    assert len(told(teamleider, Kind.ESCALATION)) == 1
    assert not told(elsewhere, Kind.ESCALATION) and not told(world.wijkagent, Kind.ESCALATION)
    assert_mail_without_personal_data(send_all())


def test_handover_offered_to_the_receiving_organisation(emails, acted):
    world = emails
    case, youth, _enforcement = acted
    actions.actions_from_measure(
        case, actor=world.coordinator, measure_key="m1", due_date=TODAY + timedelta(days=9)
    )
    case = case_services.advance_case(case, to_step=6, actor=world.regisseur, reason="plan vastgesteld")
    case = case_services.advance_case(case, to_step=7, actor=world.regisseur, reason="afronden")
    closing.offer_handover(
        case,
        actor=world.coordinator,
        to_organisation=world.orgs["zorg"],
        what="Groepsgesprekken",
        action=youth,
    )
    assert [n.link for n in told(world.zorg, Kind.HANDOVER_OFFERED)] == ["/overdrachten/"]
    for user in (world.jongerenwerker, world.wijkagent, world.outsider):
        assert not told(user, Kind.HANDOVER_OFFERED)
    assert_mail_without_personal_data(send_all())


def test_a_refused_write_tells_nobody(emails):
    world = emails
    case = case_in_step_2(world, GroupFactory(municipality=world.municipality), partners=["politie"])
    before = Notification.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        case_services.name_person(case, user=world.outsider, reason="x", actor=world.coordinator)
    assert Notification.objects.count() == before


def test_the_closing_decision_reaches_the_participants(emails, planned):
    from closing.tests.test_closing_service import decide, make_actions, to_step7

    world = emails
    make_actions(world, planned)
    case = to_step7(world, planned)
    decide(world, case)
    assert [n.link for n in told(world.coordinator, Kind.DECISION_RECORDED)][
        0
    ] == f"/casussen/{case.pk}/afronden/"
    assert told(world.wijkagent, Kind.DECISION_RECORDED)
    assert not told(world.burgemeester, Kind.DECISION_RECORDED) and not told(
        world.outsider, Kind.DECISION_RECORDED
    )
    assert_mail_without_personal_data(send_all())
