"""The shredder registry of privacy.retention: one shredder per app that holds personal
data, each model with personal data covered by one of them, and every shredder runs.

A model holds personal data when it says so (`category` in the personal categories, a
per-row `category` field or property, per-field categories like Person.FIELD_CATEGORIES)
or points at a person or a name-list membership. A new model of that kind fails
`test_every_model_with_personal_data_is_covered_by_a_shredder` until its app's shredder
names it in `covers` (and removes its personal data); see CONTRIBUTING.md."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from analysis.tests.conftest import build_case
from privacy import retention
from privacy.categories import PERSONAL_CATEGORIES

# In the order they run: the steps' links first, the persons themselves last.
EXPECTED_SHREDDERS = ["privacy", "closing", "monitoring", "analysis", "cases", "persons", "groups"]

# Project apps whose models no shredder touches, and why.
NOT_SHREDDED = {
    "privacy": "reference data (matrix, covenant) and the processing log, the accountability "
    "record that is never deleted (ADR 0003); its shredder takes only the guard's "
    "confirmations of a case",
}

PERSON_MODELS = {"groups.Person", "groups.Membership"}


def _holds_personal_data(model) -> bool:
    if model._meta.label in PERSON_MODELS:
        return True
    category = getattr(model, "category", None)
    if isinstance(category, str) and category in PERSONAL_CATEGORIES:
        return True
    if isinstance(category, property) or any(f.name == "category" for f in model._meta.concrete_fields):
        return True  # decided per row: may be personal
    if any(c in PERSONAL_CATEGORIES for c in getattr(model, "FIELD_CATEGORIES", {}).values()):
        return True
    return any(
        isinstance(f, models.ForeignKey | models.ManyToManyField)
        and f.related_model._meta.label in PERSON_MODELS
        for f in model._meta.get_fields()
        if f.concrete or f.many_to_many
    )


def _project_models():
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if Path(config.path).is_relative_to(base) and config.label not in NOT_SHREDDED:
            yield from config.get_models()


def test_one_shredder_per_app_that_holds_personal_data_in_order():
    assert [s.name for s in retention.shredders()] == EXPECTED_SHREDDERS
    assert all(str(s.label) for s in retention.shredders())


def test_every_model_with_personal_data_is_covered_by_a_shredder():
    holding = {m._meta.label for m in _project_models() if _holds_personal_data(m)}
    covered = {label for s in retention.shredders() for label in s.covers}
    assert holding - covered == set()
    # the scan sees what it should (and a shredder may cover more: the picture's text)
    assert {"groups.Person", "cases.InformationItem", "monitoring.Action", "closing.Handover"} <= holding
    for label in covered:
        apps.get_model(label)  # a real model
    for shredder in retention.shredders():  # a shredder covers only its own app's models
        assert {label.split(".")[0] for label in shredder.covers} == {shredder.name}


def test_every_shredder_runs_and_reports_what_it_did(world):
    case = build_case(world, to_step=2)
    ctx = retention.ShredContext(today=timezone.localdate(), case_id=case.pk)
    done = {s.name: s.shred(case, ctx) for s in retention.shredders()}
    assert all(isinstance(d, retention.Shredded) for d in done.values())
    # a fresh name list: nothing about a member yet, but the persons are on it
    assert {name: sum(d.rows.values()) for name, d in done.items() if name != "groups"} == {
        "privacy": 0,
        "closing": 0,
        "monitoring": 0,
        "analysis": 0,
        "cases": 0,
        "persons": 0,
    }
    members = case.memberships.count()
    assert done["groups"].persons_anonymised == members and len(done["groups"].subjects) == members
    assert "personal" in done["groups"].categories
