"""The plan service: versions, conflicts, validation, the guard, and the 5 → 6 gate."""

import pytest

from cases import services as case_services
from cases.workflow import WorkflowError
from plans import services as plan_services
from plans.common import GuardRefused, VersionConflict
from plans.tests.conftest import plan_content


def test_first_version_then_revision_needs_reason_and_keeps_keys(world, step5):
    content = plan_content(world, step5)
    v1 = plan_services.save_plan(step5, actor=world.coordinator, based_on=0, content=content)
    assert v1.number == 1 and v1.decision is not None
    assert [r["key"] for r in v1.content["results"]] == ["r1", "r2"]
    content["results"][0]["target"] = "4"
    with pytest.raises(plan_services.PlanInvalid) as exc:
        plan_services.save_plan(step5, actor=world.coordinator, based_on=1, content=content)
    assert "reason" in exc.value.errors
    v2 = plan_services.save_plan(
        step5, actor=world.coordinator, based_on=1, content=content, reason="scherper doel"
    )
    assert v2.number == 2 and v2.content["results"][0]["target"] == "4"


def test_second_save_on_the_same_version_is_a_conflict_and_saves_nothing(world, planned):
    content = plan_content(world, planned)
    plan_services.save_plan(planned, actor=world.coordinator, based_on=1, content=content, reason="eerste")
    with pytest.raises(VersionConflict):
        plan_services.save_plan(planned, actor=world.regisseur, based_on=1, content=content, reason="tweede")
    assert planned.approach_plans.count() == 2


def test_invalid_results_are_reported_per_field_and_nothing_saved(world, step5):
    content = plan_content(world, step5)
    content["results"][0].update(baseline="twaalf", deadline="morgen", indicator="")
    content["measures"][0]["membership"] = 999999
    with pytest.raises(plan_services.PlanInvalid) as exc:
        plan_services.save_plan(step5, actor=world.coordinator, based_on=0, content=content)
    assert {
        "results.0.baseline",
        "results.0.deadline",
        "results.0.indicator",
        "measures.0.membership",
    } <= set(exc.value.errors)
    assert not step5.approach_plans.exists()


def test_guard_refuses_a_name_in_the_plan(world, step5):
    content = plan_content(world, step5)
    content["tracks"]["groep"] = "Gesprek met Ryan Meijer over zijn gedrag."
    with pytest.raises(GuardRefused):
        plan_services.save_plan(step5, actor=world.coordinator, based_on=0, content=content)


def test_only_the_managers_write_the_plan(world, step5):
    with pytest.raises(plan_services.AccessDenied):
        plan_services.save_plan(step5, actor=world.wijkagent, based_on=0, content=plan_content(world, step5))


def test_step_6_needs_a_plan_whose_measures_all_have_actions(world, planned):
    with pytest.raises(WorkflowError) as exc:
        case_services.advance_case(planned, to_step=6, actor=world.regisseur, reason="uitvoeren")
    assert "actie" in str(exc.value)
