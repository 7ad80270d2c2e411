"""The one table of step rules (cases.workflow): every requirement a move or checklist names
is registered by an app at start-up, every kind of write used in the code is in WRITES, and
what a checklist shows is what the gate checks."""

import ast
import pathlib

import pytest

from cases import services, workflow
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def case(world):
    group = GroupFactory(municipality=world.municipality)
    return services.open_case(group, actor=world.regisseur, reason="drie signalen")


def test_every_requirement_named_in_the_table_is_registered():
    assert workflow.unregistered() == []
    # the steps' apps registered theirs (cases imports none of them)
    assert {
        "picture.saved_in_step_3",
        "plan.in_force",
        "closing.retention_set",
    } <= workflow.REQUIREMENTS.keys()


def _write_names_used_in_code() -> set[str]:
    used = set()
    for path in ROOT.glob("*/*.py"):
        if path.parts[-2] in (".venv", "node_modules"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("require_write", "write_allowed")
            ):
                used.add(node.args[1].value)
    return used


def test_every_write_checked_in_the_code_is_in_the_table():
    used = _write_names_used_in_code()
    assert used, "no require_write calls found: the scan is broken"
    assert used <= workflow.WRITES.keys()


def test_write_outside_its_steps_is_refused_with_the_steps_named(world, case):
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.require_write(case, "plan")
    assert str(refused.value) == "Het plan van aanpak hoort bij stap 5 of 6; deze casus staat in stap 1."
    assert refused.value.code == "gate"
    assert workflow.write_allowed(case, "plan") is False


def test_checklist_and_gate_name_the_same_requirements(world, case):
    lines = workflow.checklist(case)
    assert lines == [
        ("Uitvoeringscoördinator aangewezen", False),
        ("Grondslag vastgelegd", False),
        ("Noodzaak onderbouwd", False),
    ]
    problem = workflow.TRANSITIONS[(1, 2)].gate(case)
    assert problem == (
        "Stap 2 kan pas beginnen als u: wijs een uitvoeringscoördinator aan; leg de grondslag vast; "
        "onderbouw de noodzaak."
    )
    case.necessity = "Overlast op het plein"
    assert workflow.checklist(case)[2] == ("Noodzaak onderbouwd", True)
    assert "noodzaak" not in workflow.TRANSITIONS[(1, 2)].gate(case)


def test_requirement_after_an_unmet_one_is_not_done_and_not_listed(world, case):
    # step 5 without any plan: only "adopt the plan" is asked; the plan's contents wait for it
    assert workflow.missing(case, workflow.TRANSITIONS[(5, 6)].requires) == [
        "stel het plan van aanpak vast (ten minste één versie)"
    ]
    assert [done for _line, done in workflow.checklist(case, step=5)] == [False, False, False, False]
