"""Forms of the plan-of-approach editor: one main form (goals, tracks, strategy,
organisation, reason) and a formset per list (local goals, SMART results, scenarios,
measures). Every item keeps its `key` in a hidden field, so it keeps its identity across
versions (actions point at a measure, indicators at a result). Validation of the plan
itself is the service's (plans.services.validate); its errors by path are put back on the
fields here (`apply_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from analysis.models import Domain
from plans import content as c
from privacy.guarding import GuardedFormMixin

TEXTAREA = {"rows": 3}


def _text(label, help_text="", rows=3):
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class PlanForm(GuardedFormMixin, forms.Form):
    """The parts of the plan that are not lists, plus the version it is based on and the
    reason of the change (required from version 2 on)."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goal_codes = forms.MultipleChoiceField(
        label=_("Standaarddoelen"),
        required=False,
        choices=[(code, label) for code, label in c.GOALS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De vier doelen van de groepsaanpak; kies wat voor deze groep geldt."),
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht vanaf versie 2: waarom verandert het plan?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in c.GOALS:
            # The standard goals keep their key (and any text) across versions.
            self.fields[f"goal_key_{code}"] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.fields[f"goal_text_{code}"] = forms.CharField(widget=forms.HiddenInput, required=False)
        for code, label in c.TRACKS.items():
            self.fields[f"tracks_{code}"] = _text(label, rows=4)
        for code, label in c.STRATEGY_FIELDS.items():
            self.fields[f"strategy_{code}"] = _text(label)
        for code, label in c.ORGANISATION_FIELDS.items():
            self.fields[f"organisation_{code}"] = _text(label)
        self.guarded_fields = tuple(
            name for name in self.fields if name.startswith(("tracks_", "strategy_", "organisation_"))
        )

    @classmethod
    def initial_from(cls, content: dict, based_on: int) -> dict:
        initial = {"based_on": based_on}
        chosen = []
        for goal in c.goals(content):
            if goal.get("code") in c.GOALS:
                chosen.append(goal["code"])
                initial[f"goal_key_{goal['code']}"] = goal.get("key")
                initial[f"goal_text_{goal['code']}"] = goal.get("text") or ""
        for code in c.GOALS:
            initial.setdefault(f"goal_key_{code}", c.new_key())
        initial["goal_codes"] = chosen
        for section in ("tracks", "strategy", "organisation"):
            for code, value in (content.get(section) or {}).items():
                initial[f"{section}_{code}"] = value
        return initial

    def bound_goal_keys(self) -> dict[str, str]:
        """{code: key} of the standard goals, from the posted or initial data."""
        return {code: self[f"goal_key_{code}"].value() or "" for code in c.GOALS}

    def field_groups(self):
        """The visible text fields per section, for the template."""
        return [
            (gettext("Sporen"), [self[f"tracks_{code}"] for code in c.TRACKS]),
            (gettext("Strategie"), [self[f"strategy_{code}"] for code in c.STRATEGY_FIELDS]),
            (gettext("Organisatie"), [self[f"organisation_{code}"] for code in c.ORGANISATION_FIELDS]),
        ]


class ItemForm(GuardedFormMixin, forms.Form):
    """One item of a list; `key` is hidden and does not count as a change, so an empty
    extra row stays empty (and is skipped)."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("key"):
            # A new row gets its key now, so a result can point at a goal added alongside.
            self.initial = {**self.initial, "key": c.new_key()}

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != "key"]


class LocalGoalForm(ItemForm):
    text = forms.CharField(label=_("Lokaal doel"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    guarded_fields = ("text",)


class ResultForm(ItemForm):
    indicator = forms.CharField(
        label=_("Indicator"),
        required=False,
        help_text=_("Wat meet u? Bijvoorbeeld: overlastmeldingen per week."),
    )
    unit = forms.CharField(label=_("Eenheid"), required=False)
    baseline = forms.CharField(label=_("Nulmeting"), required=False, help_text=_("Een getal."))
    target = forms.CharField(label=_("Streefwaarde"), required=False, help_text=_("Een getal."))
    deadline = forms.CharField(
        label=_("Uiterlijk bereikt op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    domain = forms.ChoiceField(label=_("Domein"), required=False, choices=[("", "—")] + Domain.choices)
    goal = forms.ChoiceField(label=_("Hoort bij doel"), required=False, choices=[("", "—")])
    guarded_fields = ("indicator", "unit")

    def __init__(self, *args, goal_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "—"), *goal_choices]


class ScenarioForm(ItemForm):
    trigger = forms.CharField(
        label=_("Wanneer (aanleiding)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    response = forms.CharField(
        label=_("Wat er dan gebeurt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    guarded_fields = ("trigger", "response")


class MeasureForm(ItemForm):
    track = forms.ChoiceField(label=_("Spoor"), required=False, choices=[("", "—"), *c.TRACKS.items()])
    organisation = forms.ChoiceField(label=_("Partner die uitvoert"), required=False)
    target_kind = forms.ChoiceField(
        label=_("Gericht op"), required=False, choices=[("", "—"), *c.TARGET_KINDS.items()]
    )
    membership = forms.ChoiceField(
        label=_("Jongere"), required=False, help_text=_("Alleen bij een maatregel gericht op één jongere.")
    )
    location = forms.CharField(
        label=_("Locatie"), required=False, help_text=_("Alleen bij een maatregel gericht op een locatie.")
    )
    description = forms.CharField(
        label=_("Maatregel"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    guarded_fields = ("location", "description")

    def __init__(self, *args, organisation_choices=(), member_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisation_choices]
        if member_choices is None:
            # Who may not see the name list keeps the member as it is, without its name.
            self.fields["membership"] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.members_hidden = True
        else:
            self.fields["membership"].choices = [("", "—"), *member_choices]
            self.members_hidden = False


class CompareForm(forms.Form):
    """Which two versions to compare (a GET form)."""

    van = forms.TypedChoiceField(label=_("Van versie"), coerce=int)
    naar = forms.TypedChoiceField(label=_("Naar versie"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, gettext("Versie %(n)s") % {"n": n}) for n in numbers]
        self.fields["van"].choices = choices
        self.fields["naar"].choices = choices


def formset(form_class, *, extra: int):
    return forms.formset_factory(form_class, extra=extra, can_delete=True)


LocalGoalFormSet = formset(LocalGoalForm, extra=1)
ResultFormSet = formset(ResultForm, extra=2)
ScenarioFormSet = formset(ScenarioForm, extra=1)
MeasureFormSet = formset(MeasureForm, extra=2)

FORMSETS = {
    # section: (formset class, prefix, fields copied into the content)
    "goals": (LocalGoalFormSet, "doel", ("text",)),
    "results": (
        ResultFormSet,
        "resultaat",
        ("indicator", "unit", "baseline", "target", "deadline", "domain", "goal"),
    ),
    "scenarios": (ScenarioFormSet, "scenario", ("trigger", "response")),
    "measures": (
        MeasureFormSet,
        "maatregel",
        ("track", "organisation", "target_kind", "membership", "location", "description"),
    ),
}


def item_initial(section: str, content: dict) -> list[dict]:
    """Initial rows of a formset from a plan document."""
    fields = FORMSETS[section][2]
    rows = []
    for item in content.get(section) or []:
        if section == "goals" and item.get("code") != c.LOCAL_GOAL:
            continue
        row = {"key": item.get("key") or ""}
        for name in fields:
            value = item.get(name)
            row[name] = "" if value is None else str(value)
        rows.append(row)
    return rows


def kept_forms(fs) -> list:
    """The rows of a validated formset that go into the plan, in their order: not marked
    for deletion and not empty (a row cleared completely is left out too)."""
    return [f for f in fs.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
