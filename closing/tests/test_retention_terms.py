"""Every way a case ends fixes its retention per category from the covenant (issue 17):
closing after step 2, 3 or 4 (a targeted action suffices, not prioritised) and step 7; care
data may go earlier than criminal data; the name list goes last; an extension is logged per
youth with its motivation; reopening clears the terms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analysis import services as analysis_services
from analysis.tests.conftest import PRIORITISED, build_case, ready_for_step_4, sent_advice
from cases import services as case_services
from closing import services as closing
from closing.tests.test_closing_service import make_actions, to_step7
from privacy.models import CovenantRule, ProcessingLogEntry
from privacy.retention import add_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def covenant_terms(world):
    """Care 12 months, criminal 60, ordinary personal data 24 (the default)."""
    rules = CovenantRule.objects.filter(covenant__municipality=world.municipality)
    rules.filter(category="care").update(retention_months=12)
    rules.filter(category="criminal").update(retention_months=60)
    rules.filter(category="personal").update(retention_months=24)
    return {"care": 12, "criminal": 60, "personal": 24}


def terms(case) -> dict:
    return {t.data_category: t.keep_until for t in case.retention_terms.all()}


def close_after_step_4(world):
    case = ready_for_step_4(world, build_case(world))
    sent_advice(world, case)
    analysis_services.record_decision(
        case,
        actor=world.burgemeester,
        **{
            **PRIORITISED,
            "decided_on": TODAY(),
            "outcome": "niet_geprioriteerd",
            "motivation": "Andere groepen gaan voor.",
        },
    )
    return case_services.advance_case(case, to_step=None, actor=world.regisseur, reason="niet geprioriteerd")


def close_after(world, step):
    if step == 4:
        return close_after_step_4(world)
    case = build_case(world, to_step=step)
    return case_services.advance_case(
        case, to_step=None, actor=world.regisseur, reason="gerichte actie volstaat"
    )


@pytest.mark.parametrize("step", [2, 3, 4])
def test_closing_early_fixes_the_covenants_term_per_category(world, covenant_terms, step):
    case = close_after(world, step)
    case.refresh_from_db()
    fixed = terms(case)
    assert fixed["care"] == add_months(TODAY(), 12)
    assert fixed["criminal"] == add_months(TODAY(), 60)
    assert fixed["care"] < fixed["criminal"]  # care data go earlier than criminal data
    # the names go last: never before the criminal data about the same person
    assert fixed["personal"] == add_months(TODAY(), 60) == case.retention_until


def test_step_7_fixes_the_terms_and_closing_keeps_them(world, planned, covenant_terms):
    make_actions(world, planned)
    case = to_step7(world, planned)
    closing.set_retention(case, actor=world.regisseur)
    assert terms(case)["care"] == add_months(TODAY(), 12)
    assert terms(case)["personal"] == add_months(TODAY(), 60)
    assert not ProcessingLogEntry.objects.filter(operation="retention.extend").exists()


def test_a_shorter_term_caps_every_category(world, planned, covenant_terms):
    make_actions(world, planned)
    case = to_step7(world, planned)
    shorter = TODAY() + timedelta(days=200)
    closing.set_retention(
        case, actor=world.regisseur, keep_until=shorter, motivation="Korter: geen trajecten."
    )
    assert set(terms(case).values()) == {shorter}
    assert not ProcessingLogEntry.objects.filter(operation="retention.extend").exists()


def test_an_extension_moves_every_term_and_is_logged_per_youth(world, planned, covenant_terms):
    make_actions(world, planned)
    case = to_step7(world, planned)
    longer = add_months(TODAY(), 72)
    decision = closing.set_retention(
        case, actor=world.regisseur, keep_until=longer, motivation="Broertjes komen in beeld; langer bewaren."
    )
    extra = longer - add_months(TODAY(), 60)
    assert terms(case) == {
        "care": add_months(TODAY(), 12) + extra,
        "special": add_months(TODAY(), 24) + extra,
        "bsn": add_months(TODAY(), 24) + extra,
        "criminal": longer,
        "personal": longer,
    }
    entries = ProcessingLogEntry.objects.filter(operation="retention.extend", case_id=case.pk)
    assert entries.count() == case.memberships.count() > 0
    assert set(entries.values_list("actor_id", flat=True)) == {world.regisseur.pk}
    assert decision.motivation == "Broertjes komen in beeld; langer bewaren."


def test_reopening_clears_the_terms_and_the_next_ending_fixes_them_again(world, covenant_terms):
    case = close_after(world, 2)
    case = case_services.reopen_case(case, actor=world.regisseur, reason="nieuwe signalen")
    case.refresh_from_db()
    assert case.retention_until is None and not case.retention_terms.exists()
