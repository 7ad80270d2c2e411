"""The signal list at city scale (issue 8): the group filter rendered without a template
per option, and a count bounded at COUNT_CAP."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from groepsaanpak.widgets import LightSelect
from groups.models import YouthGroup
from intake import views
from intake.forms import SignalFilterForm
from tests.factories import GroupFactory, SignalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [None, "", "2", 3])
def test_light_select_renders_what_django_renders(world, value):
    groups = [GroupFactory(name=n, municipality=world.municipality) for n in ("A & B", "<De Kade>", "Zuid")]
    qs = YouthGroup.objects.filter(pk__in=[g.pk for g in groups]).order_by("name")
    value = groups[int(value) - 1].pk if value not in (None, "") else value
    plain = forms.ModelChoiceField(queryset=qs, required=False, empty_label="Alle")
    light = forms.ModelChoiceField(queryset=qs, required=False, empty_label="Alle", widget=LightSelect)
    attrs = {"id": "id_group"}
    expected = plain.widget.render("group", value, attrs=attrs)
    got = light.widget.render("group", value, attrs=attrs)
    normalise = lambda html: "".join(html.split())  # noqa: E731 - Django's template adds newlines
    assert normalise(got) == normalise(expected)
    assert "A &amp; B" in got and "&lt;De Kade&gt;" in got


def test_filter_form_uses_the_light_widget(world):
    form = SignalFilterForm(groups=YouthGroup.objects.all(), municipality_id=world.municipality.pk)
    assert isinstance(form.fields["group"].widget, LightSelect)
    assert isinstance(form.fields["organisation"].widget, LightSelect)


def test_count_is_bounded_and_pages_stay_reachable(world, verified_client, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    reporter = UserFactory(organisation=world.orgs["politie"])
    for i in range(9):
        SignalFactory(reported_by=reporter, observed_at=timezone.now() - timedelta(hours=i))
    client = verified_client(world.regisseur)
    html = client.get("/signalen/").content.decode()
    assert "Meer dan 4 signalen" in html and "Pagina 1<" in html and "page=2" in html
    html = client.get("/signalen/?page=4").content.decode()  # past the cap: counted further
    assert "Meer dan 10 signalen" not in html and "9 signalen" in html and "Pagina 4 van 5" in html
    html = client.get("/signalen/?area=nergens").content.decode()
    assert "0 signalen" in html


def test_group_options_come_from_rows_and_render_as_django(world, django_assert_num_queries):
    """The group filter's options are (pk, name) rows — one query, no model instances —
    and the select is the same as Django's own for those groups."""
    for name in ("A & B", "<De Kade>", "Zuid"):
        GroupFactory(name=name, municipality=world.municipality)
    groups = YouthGroup.objects.all()
    form = SignalFilterForm(
        {"group": str(groups.order_by("name").last().pk)},
        groups=groups,
        municipality_id=world.municipality.pk,
    )
    with django_assert_num_queries(1):
        options = [option for option in form.fields["group"].widget.choices]  # noqa: C416 - list() would count first
    assert all(isinstance(pk, int) for pk, _label in options[1:])
    plain = forms.ModelChoiceField(queryset=groups.order_by("name"), required=False, empty_label="Alle")
    normalise = lambda html: "".join(html.split())  # noqa: E731
    value = form["group"].value()
    assert normalise(str(form["group"].as_widget(attrs={"id": "id_group"}))).replace(
        "required", ""
    ) == normalise(plain.widget.render("group", value, attrs={"id": "id_group"}))
