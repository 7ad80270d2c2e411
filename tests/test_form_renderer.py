"""The project's form renderer (groepsaanpak/forms.py) renders <select> without a template
include per option; the HTML must stay exactly Django's."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from groepsaanpak.forms import FormRenderer

CHOICES = [
    ("", "—"),
    ("a", "Alpha & <b>"),
    ("Groep", [("g1", "Eén"), ("g2", "Twee")]),
    (3, "Drie"),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    styled = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "x", "aria-describedby": "h"})
    )
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)


@pytest.mark.parametrize(
    "data", [None, {"one": "g2", "many": ["a", "3"], "styled": "a", "radio": "g1"}, {"one": "nope"}]
)
def test_select_html_is_the_same_as_djangos(data, settings):
    assert settings.FORM_RENDERER == "groepsaanpak.forms.FormRenderer"
    ours = Sample(data, renderer=FormRenderer())
    django = Sample(data, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert str(ours["one"]).count("<option") == 5
    if data and data.get("many"):
        assert str(ours["many"]).count(" selected") == 2
