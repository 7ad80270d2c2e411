"""get_<field>_display() through groepsaanpak.choices gives Django's own text, in Dutch and
in English, for every choice of every field of the models that use it."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from groepsaanpak.choices import ChoiceLabelsMixin


def _cases():
    for model in apps.get_models():
        if not issubclass(model, ChoiceLabelsMixin):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


CASES = list(_cases())


def test_the_list_models_use_it():
    names = {m.__name__ for m, _f in CASES}
    assert {"Signal", "BehaviourTag", "Action", "Case", "Membership", "Assessment"} <= names


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("model", "field"), CASES, ids=[f"{m.__name__}.{f.name}" for m, f in CASES])
def test_same_text_as_django(model, field, language):
    with translation.override(language):
        for value, _label in field.flatchoices:
            obj = model(**{field.attname: value})
            ours = getattr(obj, f"get_{field.name}_display")()
            djangos = models.Model._get_FIELD_display(obj, field)
            assert ours == djangos and isinstance(ours, str)
        unknown = model(**{field.attname: "geen-keuze"})
        assert getattr(unknown, f"get_{field.name}_display")() == "geen-keuze"


def test_the_language_is_part_of_the_cache():
    from monitoring.models import Action

    action = Action(status="gereed")
    with translation.override("nl"):
        dutch = action.get_status_display()
    with translation.override("en"):
        english = action.get_status_display()
    assert dutch == "Gereed" and english != dutch
