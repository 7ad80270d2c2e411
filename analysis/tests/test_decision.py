"""The forum's decision: recorded by a mandated decider, immutable, superseded by a later
decision, the fast track marked as such, and the workflow gates of steps 3–4."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis import services
from analysis.models import ForumDecision, ImmutableError
from analysis.tests.conftest import PRIORITISED, ready_for_step_4, sent_advice
from cases import services as case_services
from cases import workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def advised(world, case):
    case = ready_for_step_4(world, case)
    sent_advice(world, case)
    return case


def _decide(world, case, actor=None, **overrides):
    data = {**PRIORITISED, "decided_on": timezone.localdate(), **overrides}
    return services.record_decision(case, actor=actor or world.burgemeester, **data)


def test_decider_records_a_prioritising_decision_with_goals_and_steering(world, advised, verified_client):
    client = verified_client(world.burgemeester)
    url = f"/casussen/{advised.pk}/besluit/"
    html = client.get(url).content.decode()
    assert "Besluit vastleggen" in html and "Advies 1 lezen" in html
    response = client.post(
        url,
        {
            "decision-outcome": "geprioriteerd",
            "decision-forum": "driehoek",
            "decision-decided_on": timezone.localdate().isoformat(),
            "decision-priority": "2",
            "decision-goals": "Overlast bij de sporthal halveren.",
            "decision-steering": "Het ketenoverleg.",
            "decision-escalation_line": "professional\nteamleider\ndirecteur\nburgemeester",
            "decision-inform_moments": "Elke zes weken.",
            "decision-external_communication": "De woordvoerder van de burgemeester.",
        },
    )
    assert response.status_code == 302
    decision = ForumDecision.objects.get()
    assert decision.escalation_line == ["professional", "teamleider", "directeur", "burgemeester"]
    assert (decision.recorded_by, decision.advice, decision.priority) == (
        world.burgemeester,
        advised.advices.get(),
        2,
    )
    advised.refresh_from_db()
    assert advised.priority == 2
    html = client.get(url).content.decode()
    assert "Overlast bij de sporthal halveren." in html and "<li>teamleider</li>" in html


def test_only_a_decider_of_the_municipality_records(world, advised, verified_client):
    for persona in ("regisseur", "coordinator", "wijkagent"):
        with pytest.raises(services.AccessDenied):
            _decide(world, advised, actor=getattr(world, persona))
        response = verified_client(getattr(world, persona)).post(f"/casussen/{advised.pk}/besluit/", {})
        assert response.status_code == 404
    assert verified_client(world.outsider).get(f"/casussen/{advised.pk}/besluit/").status_code == 404
    assert not ForumDecision.objects.exists()


def test_prioritising_needs_goals_steering_escalation_and_more(world, advised):
    with pytest.raises(services.AnalysisError, match="de doelen; wie stuurt"):
        _decide(world, advised, goals="", steering="")
    with pytest.raises(services.AnalysisError, match="escalatielijn"):
        _decide(world, advised, escalation_line=[])
    with pytest.raises(services.AnalysisError, match="toekomst"):
        _decide(world, advised, decided_on=timezone.localdate() + timedelta(days=1))


def test_a_decision_is_immutable_and_a_new_one_supersedes_it(world, advised, verified_client):
    first = _decide(world, advised)
    first.goals = "Stilletjes aangepast"
    with pytest.raises(ImmutableError):
        first.save()
    assert ForumDecision.objects.get().goals == PRIORITISED["goals"]
    second = _decide(world, advised, priority=3, goals="Bijgesteld doel na nieuw overleg.")
    first.refresh_from_db()
    assert second.supersedes == first and not first.is_current and second.is_current
    html = verified_client(world.regisseur).get(f"/casussen/{advised.pk}/besluit/").content.decode()
    assert "vervangen door een later besluit" in html and "Vervangt het besluit vastgelegd op" in html
    assert html.index("Bijgesteld doel na nieuw overleg.") < html.index(PRIORITISED["goals"])


def test_fast_track_decision_recorded_afterwards_is_marked(world, case, verified_client):
    case = ready_for_step_4(world, case)
    with pytest.raises(services.AnalysisError, match="spoedprocedure"):
        _decide(world, case)
    decision = _decide(world, case, fast_track=True, decided_on=timezone.localdate() - timedelta(days=1))
    assert decision.fast_track and decision.advice is None
    html = verified_client(world.burgemeester).get(f"/casussen/{case.pk}/besluit/").content.decode()
    assert "achteraf vastgelegd (spoedprocedure)" in html and "Zonder schriftelijk advies." in html
    agenda = verified_client(world.burgemeester).get("/casussen/agenda/").content.decode()
    assert "achteraf vastgelegd (spoedprocedure)" in agenda


def test_further_analysis_sends_the_case_back_to_step_3(world, advised):
    with pytest.raises(workflow.WorkflowError, match="aanvullende analyse"):
        case_services.advance_case(advised, to_step=3, actor=world.regisseur, reason="terug")
    with pytest.raises(services.AnalysisError, match="domeinen"):
        _decide(world, advised, outcome="verdere_analyse", motivation="Beeld op zorg ontbreekt.")
    decision = _decide(
        world,
        advised,
        outcome="verdere_analyse",
        motivation="Beeld op zorg ontbreekt.",
        analysis_domains=["zorg", "onderwijs"],
    )
    assert decision.analysis_domain_labels() == ["Zorg", "Onderwijs"] and decision.priority is None
    with pytest.raises(workflow.WorkflowError, match="prioriteren"):
        case_services.advance_case(advised, to_step=5, actor=world.regisseur, reason="door")
    case = case_services.advance_case(advised, to_step=3, actor=world.regisseur, reason="aanvullende analyse")
    assert case.transitions.last().kind == "back"
    # Back in step 3 the picture is redone before the case can return to step 4.
    with pytest.raises(workflow.WorkflowError, match="integraal beeld"):
        case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="opnieuw")
    services.save_picture(case, actor=world.coordinator, based_on=1, domain_zorg="Zorgbeeld aangevuld.")
    case = case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="opnieuw")
    # The earlier decision belongs to the earlier stay in step 4: a new one is needed.
    with pytest.raises(workflow.WorkflowError, match="prioriteren"):
        case_services.advance_case(case, to_step=5, actor=world.regisseur, reason="door")


def test_step_3_to_4_needs_picture_and_concept_plan(world, case):
    with pytest.raises(workflow.WorkflowError, match="integraal beeld.*concept plan"):
        case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="door")
    services.save_picture(case, actor=world.coordinator, based_on=0, behaviour="Overlast.")
    with pytest.raises(workflow.WorkflowError, match="concept plan"):
        case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="door")
    services.save_concept_plan(case, actor=world.coordinator, based_on=0, group_line="Gesprekken.")
    assert case_services.advance_case(case, to_step=4, actor=world.regisseur, reason="door").step == 4


def test_step_4_to_5_needs_a_prioritising_decision(world, advised):
    with pytest.raises(workflow.WorkflowError, match="prioriteren"):
        case_services.advance_case(advised, to_step=5, actor=world.regisseur, reason="door")
    _decide(world, advised)
    assert case_services.advance_case(advised, to_step=5, actor=world.regisseur, reason="door").step == 5


def test_not_prioritised_closes_the_case(world, advised):
    with pytest.raises(workflow.WorkflowError, match="niet te prioriteren"):
        case_services.advance_case(advised, to_step=None, actor=world.regisseur, reason="klaar")
    _decide(
        world,
        advised,
        outcome="niet_geprioriteerd",
        motivation="Andere groepen gaan voor; regulier toezicht.",
    )
    case = case_services.advance_case(
        advised, to_step=None, actor=world.regisseur, reason="niet geprioriteerd"
    )
    assert case.status == "closed"


def test_checklist_shows_what_steps_3_and_4_still_need(world, case, verified_client):
    html = verified_client(world.regisseur).get(f"/casussen/{case.pk}/").content.decode()
    assert (
        "Integraal beeld opgeslagen (in deze stap 3)" in html and "Concept plan van aanpak opgesteld" in html
    )
    case = ready_for_step_4(world, case)
    html = verified_client(world.regisseur).get(f"/casussen/{case.pk}/").content.decode()
    assert "Geanonimiseerd advies verzonden aan het overleg" in html
    assert "Terug naar stap 3" in html  # the 4 → 3 move is offered (its gate explains when it applies)


def test_agenda_lists_step_4_groups_side_by_side_without_names(world, advised, verified_client):
    from analysis.tests.conftest import build_case

    other = build_case(world, name="Groep Stationsplein", members=[("Kai Voorbeeld", "", None, "")])
    ready_for_step_4(world, other)
    html = verified_client(world.burgemeester).get("/casussen/agenda/").content.decode()
    assert "Jongeren Testwijk" in html and "Groep Stationsplein" in html
    assert "wacht op besluit" in html
    assert "Ryan Meijer" not in html and "Kai Voorbeeld" not in html
