"""The fast track from the first hour (issue 19): chosen by the regisseur with the reason,
it opens crisis mode and urgent measures in any step; a briefing and a debriefing per day;
the half-A4 briefing published to a distribution list, guarded and logged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OrganisationKind as K
from monitoring import actions
from monitoring import services as monitoring
from monitoring.models import BriefingKind, CrisisBriefing, CrisisPublication, FastTrack
from plans.common import AccessDenied, ApproachError, GuardRefused, WorkflowError
from privacy.models import ProcessingLogEntry
from tests.factories import GroupFactory, agree_names, case_in_step_2

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REASON = "Geweld bij de sporthal, de groep escaleert snel."


@pytest.fixture
def step2(world):
    group = GroupFactory(municipality=world.municipality, name="Groep Sporthal")
    case = case_in_step_2(world, group, partners=(K.POLITIE, K.JONGERENWERK))
    agree_names(world, case, "Jan Jansen", "Piet Pietersen")
    assert case.step == 2
    return case


def test_without_the_fast_track_crisis_mode_waits_for_step_5(world, step2):
    with pytest.raises(WorkflowError, match="stap 5 of 6"):
        monitoring.start_crisis(step2, actor=world.regisseur, reason=REASON)


def test_regisseur_chooses_the_fast_track_and_crisis_mode_starts_in_step_2(world, step2):
    fast = monitoring.choose_fast_track(step2, actor=world.regisseur, reason=REASON)
    assert fast.chosen_by == world.regisseur and fast.reason == REASON and fast.step == 2
    period = monitoring.start_crisis(step2, actor=world.coordinator, reason=REASON)
    assert period.is_active
    with pytest.raises(ApproachError, match="al gekozen"):
        monitoring.choose_fast_track(step2, actor=world.regisseur, reason="Nog eens.")


@pytest.mark.parametrize("persona", ["coordinator", "wijkagent", "burgemeester", "outsider"])
def test_only_the_regisseur_of_the_municipality_chooses_the_fast_track(world, step2, persona):
    with pytest.raises(AccessDenied):
        monitoring.choose_fast_track(step2, actor=getattr(world, persona), reason=REASON)
    assert not FastTrack.objects.exists()


def test_the_fast_track_needs_a_reason_without_names(world, step2):
    with pytest.raises(ApproachError, match="reden"):
        monitoring.choose_fast_track(step2, actor=world.regisseur, reason="  ")
    with pytest.raises(GuardRefused):
        monitoring.choose_fast_track(step2, actor=world.regisseur, reason="Kevin de Vries sloeg een agent.")
    assert not FastTrack.objects.exists()


def test_urgent_measure_before_a_plan_only_on_the_fast_track(world, step2):
    police = world.orgs[K.POLITIE]
    due = TODAY + timedelta(days=1)
    with pytest.raises(WorkflowError, match="snelle route"):
        actions.add_urgent_action(
            step2, actor=world.regisseur, organisation=police, description="Extra surveillance.", due_date=due
        )
    monitoring.choose_fast_track(step2, actor=world.regisseur, reason=REASON)
    action = actions.add_urgent_action(
        step2,
        actor=world.regisseur,
        organisation=police,
        description="Extra surveillance.",
        due_date=due,
        location="Sporthal",
    )
    assert action.urgent and action.measure_key == "" and action.target_kind == "locatie"
    with pytest.raises(AccessDenied):
        actions.add_urgent_action(
            step2, actor=world.wijkagent, organisation=police, description="x", due_date=due
        )
    with pytest.raises(ApproachError, match="nog geen plan"):  # taken into the plan once there is one
        actions.take_into_plan(action, actor=world.regisseur, measure_key="m1")


def _crisis(world, case):
    monitoring.choose_fast_track(case, actor=world.regisseur, reason=REASON)
    monitoring.start_crisis(case, actor=world.regisseur, reason=REASON)
    for kind, text in (
        (BriefingKind.BRIEFING, "Onrust verwacht."),
        (BriefingKind.DEBRIEFING, "Rustige avond."),
    ):
        monitoring.save_briefing(
            case,
            actor=world.wijkagent,
            day=TODAY,
            kind=kind,
            happened=text,
            planned="Toezicht.",
            whereabouts="Twee agenten.",
        )


def test_a_briefing_and_a_debriefing_per_day(world, step2):
    _crisis(world, step2)
    monitoring.save_briefing(
        step2,
        actor=world.wijkagent,
        day=TODAY,
        kind=BriefingKind.DEBRIEFING,
        happened="Bijgewerkt.",
        planned="x",
        whereabouts="y",
    )
    kinds = dict(CrisisBriefing.objects.values_list("kind", "happened"))
    assert kinds == {"briefing": "Onrust verwacht.", "debriefing": "Bijgewerkt."}


def test_publish_the_half_a4_briefing_guarded_and_logged(world, step2):
    _crisis(world, step2)
    before = ProcessingLogEntry.objects.filter(operation="crisis_briefing.publish").count()
    publication = monitoring.publish_briefing(
        step2, actor=world.regisseur, day=TODAY, organisations=[world.orgs[K.POLITIE], world.orgs[K.JONGERENWERK]],
        functions="teamchef, burgemeester",
    )  # fmt: skip
    assert "Onrust verwacht." in publication.text and "Rustige avond." in publication.text
    assert "teamchef, burgemeester" in publication.text
    assert set(publication.organisations.all()) == {world.orgs[K.POLITIE], world.orgs[K.JONGERENWERK]}
    rows = ProcessingLogEntry.objects.filter(operation="crisis_briefing.publish")
    assert rows.count() - before == 2  # one per person on the name list
    assert set(rows.values_list("actor_id", flat=True)) == {world.regisseur.pk}
    pdf = monitoring.publication_pdf(publication)
    assert pdf.startswith(b"%PDF")


def test_publication_refusals(world, step2):
    with pytest.raises(ApproachError, match="geen crisisperiode"):
        monitoring.publish_briefing(step2, actor=world.regisseur, day=TODAY, functions="teamchef")
    _crisis(world, step2)
    with pytest.raises(AccessDenied):
        monitoring.publish_briefing(step2, actor=world.wijkagent, day=TODAY, functions="teamchef")
    with pytest.raises(ApproachError, match="verspreiding"):
        monitoring.publish_briefing(step2, actor=world.regisseur, day=TODAY)
    with pytest.raises(ApproachError, match="gemeente van deze casus"):
        monitoring.publish_briefing(
            step2, actor=world.regisseur, day=TODAY, organisations=[world.outsider.organisation]
        )
    with pytest.raises(GuardRefused):  # the whole composed text is guarded, the list too
        monitoring.publish_briefing(step2, actor=world.regisseur, day=TODAY, functions="Kevin de Vries")
    with pytest.raises(ApproachError, match="nog geen briefing"):
        monitoring.publish_briefing(
            step2, actor=world.regisseur, day=TODAY - timedelta(days=1), functions="teamchef"
        )
    assert not CrisisPublication.objects.exists()
    assert not ProcessingLogEntry.objects.filter(operation="crisis_briefing.publish").exists()
