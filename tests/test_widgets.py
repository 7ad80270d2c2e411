"""groepsaanpak.widgets.LightSelect renders what Django's Select renders, for plain choices
with translated labels too (the filter forms use it for status, track and behaviour)."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from groepsaanpak.widgets import LightSelect

CHOICES = [("", _("Alle")), ("open", _("Open (gepland of lopend)")), ("a&b", "A & <B>"), ("3", "Drie")]


@pytest.mark.parametrize("value", [None, "", "open", "a&b", "onbekend"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_same_html_as_django(value, language):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    light = forms.ChoiceField(choices=CHOICES, required=False, widget=LightSelect)
    attrs = {"id": "id_status", "aria-describedby": "help", "required": True}
    with override(language):
        expected = plain.widget.render("status", value, attrs=attrs)
        got = light.widget.render("status", value, attrs=attrs)
    normalise = lambda html: "".join(html.split())  # noqa: E731 - Django's template adds newlines
    assert normalise(got) == normalise(expected)
    assert got.count(" selected") == (1 if value in (None, "", "open", "a&b") else 0)
