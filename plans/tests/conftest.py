"""A prioritised case at step 5 built with the real services (steps 1–4 as in the analysis
tests), and a plan with goals, two SMART results and measures for three partners."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis import services as analysis_services
from analysis.tests.conftest import PRIORITISED, build_case, ready_for_step_4, sent_advice
from cases import services as case_services
from plans import services as plan_services


def step5_case(world, **kwargs):
    case = build_case(world, **kwargs)
    case = ready_for_step_4(world, case)
    sent_advice(world, case)
    analysis_services.record_decision(
        case, actor=world.burgemeester, decided_on=timezone.localdate(), **PRIORITISED
    )
    return case_services.advance_case(case, to_step=5, actor=world.regisseur, reason="geprioriteerd")


def plan_content(world, case):
    """Goals, tracks, two SMART results with a baseline, a scenario, and measures for three
    partners (police, youth work, enforcement), one aimed at a member."""
    member = case.memberships.order_by("pk").first()
    soon = timezone.localdate() + timedelta(days=180)
    return {
        "goals": [
            {"key": "g1", "code": "criminaliteit", "text": ""},
            {"key": "g2", "code": "perspectief", "text": ""},
            {"key": "g3", "code": "lokaal", "text": "Rust rond de sporthal in de avonduren."},
        ],
        "tracks": {
            "persoon": "Persoonsgerichte aanpak voor de kern.",
            "groep": "Groepsgesprekken door het jongerenwerk.",
            "omgeving": "Extra toezicht en verlichting bij de sporthal.",
        },
        "strategy": {
            "first_things_first": "Eerst de overlast bij de sporthal stoppen.",
            "interventions": "Gesprekken, toezicht, perspectief op werk en school.",
            "roles": "Coördinator stuurt; partners voeren uit.",
            "communication": "Woordvoerder burgemeester; geen reacties op sociale media.",
            "rewarding": "Toegang tot de sporthal bij goed gedrag.",
        },
        "organisation": {
            "information": "Politie levert wekelijks incidentcijfers voor de monitoring.",
            "agreements": "Afspraken in het systeem; coördinator bewaakt wekelijks.",
        },
        "results": [
            {
                "key": "r1",
                "goal": "g1",
                "indicator": "Overlastmeldingen per week",
                "unit": "meldingen",
                "baseline": "12",
                "target": "6",
                "deadline": soon.isoformat(),
                "domain": "openbare_orde",
            },
            {
                "key": "r2",
                "goal": "g2",
                "indicator": "Jongeren met dagbesteding",
                "unit": "jongeren",
                "baseline": "3",
                "target": "8",
                "deadline": soon.isoformat(),
                "domain": "onderwijs",
            },
        ],
        "scenarios": [
            {
                "key": "s1",
                "trigger": "Een geweldsincident bij de sporthal.",
                "response": "Crisismodus en dagelijkse briefing.",
            }
        ],
        "measures": [
            {
                "key": "m1",
                "track": "persoon",
                "organisation": world.orgs["politie"].pk,
                "target_kind": "jongere",
                "membership": member.pk,
                "location": "",
                "description": "Stopgesprek door de wijkagent.",
            },
            {
                "key": "m2",
                "track": "groep",
                "organisation": world.orgs["jongerenwerk"].pk,
                "target_kind": "groep",
                "membership": None,
                "location": "",
                "description": "Wekelijkse groepsgesprekken.",
            },
            {
                "key": "m3",
                "track": "omgeving",
                "organisation": world.orgs["handhaving"].pk,
                "target_kind": "locatie",
                "membership": None,
                "location": "Sporthal De Kade",
                "description": "Extra toezicht op vrijdag- en zaterdagavond.",
            },
        ],
    }


def with_plan(world, case):
    return plan_services.save_plan(
        case, actor=world.coordinator, based_on=0, content=plan_content(world, case)
    )


@pytest.fixture
def step5(world):
    return step5_case(world)


@pytest.fixture
def planned(world, step5):
    """The step-5 case with version 1 of the plan."""
    with_plan(world, step5)
    return step5
