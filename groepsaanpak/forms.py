"""The project's form renderer: Django's own form templates, with one override.

Django renders each <option> of a <select> through two template includes (the option and
its attributes). A list of the users of a case's partners (60 options) then costs ~4 ms,
and pages with such lists were the slowest in the benchmarks (bench/RESULTS.md, issue 8).
groepsaanpak/form_templates/django/forms/widgets/select.html renders the options inline
and gives exactly the same HTML (tests/test_form_renderer.py compares both)."""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates

OVERRIDES = Path(__file__).resolve().parent / "form_templates"
DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OVERRIDES, DJANGO_FORM_TEMPLATES],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
