"""Forms of step 7: the closing decision (one row per result of the plan), hand-overs,
the retention period and legal hold, and the evaluation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analysis.models import Forum
from closing.models import ClosingOutcome, Criterion
from closing.services import ACCORDING_TO_COVENANT
from groepsaanpak.widgets import LightSelect
from privacy.guarding import GuardedFormMixin

DATE = {"type": "date"}
ISO_DATE = "%Y-%m-%d"  # what <input type="date"> accepts, whatever the language
YES_NO = [("ja", _("Ja, bereikt")), ("nee", _("Nee, niet bereikt"))]


def _text(label, help_text="", rows=3, required=True, initial=None):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ClosingDecisionForm(GuardedFormMixin, forms.Form):
    """The forum's decision, with every SMART result of the plan in force tested: reached
    yes/no and the figures (pre-filled from the indicators)."""

    forum = forms.ChoiceField(label=_("Overleg"), choices=Forum.choices)
    decided_on = forms.DateField(
        label=_("Datum van het besluit"), widget=forms.DateInput(attrs=DATE, format=ISO_DATE)
    )
    outcome = forms.ChoiceField(label=_("Besluit"), choices=ClosingOutcome.choices, widget=forms.RadioSelect)
    motivation = _text(
        _("Motivering"),
        _("Zijn de doelen bereikt? Groepsniveau: geen namen of andere persoonsgegevens."),
        rows=4,
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["decided_on"].initial = timezone.localdate()
        for i, row in enumerate(rows, start=1):
            label = row["indicator"] or row["key"]
            self.fields[f"reached_{row['key']}"] = forms.ChoiceField(
                label=_("Resultaat %(i)s: %(name)s — bereikt?") % {"i": i, "name": label},
                choices=YES_NO,
                widget=forms.RadioSelect,
                initial={True: "ja", False: "nee"}.get(row["reached"]),
            )
            self.fields[f"figures_{row['key']}"] = _text(
                _("Resultaat %(i)s: cijfers") % {"i": i},
                _("Voorstel uit de monitoring; pas aan wat het overleg vaststelt."),
                rows=2,
                initial=row["figures"],
            )
        self.guarded_fields = ("motivation",) + tuple(f"figures_{row['key']}" for row in rows)

    def result_fields(self):
        return [(row, self[f"reached_{row['key']}"], self[f"figures_{row['key']}"]) for row in self.rows]

    def results(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {
                "key": row["key"],
                "reached": d[f"reached_{row['key']}"] == "ja",
                "figures": d[f"figures_{row['key']}"],
            }
            for row in self.rows
        ]


class HandoverOfferForm(GuardedFormMixin, forms.Form):
    to_organisation = forms.ModelChoiceField(label=_("Overdragen aan"), queryset=None, widget=LightSelect)
    subject = forms.ChoiceField(label=_("Wat draagt u over"), required=False)
    what = _text(
        _("Omschrijving van de overdracht"),
        _(
            "Wat neemt de organisatie over, tot wanneer, met welke afspraken. Bij een actie of de groep: geen namen."
        ),
    )
    guarded_fields = ("what",)

    def __init__(self, *args, organisations, actions, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations
        self.fields["to_organisation"].label_from_instance = lambda o: o.name
        choices = [("", _("Een ander onderdeel van de aanpak (groepsniveau)"))]
        choices += [(f"actie:{a.pk}", _("Actie: %(d)s") % {"d": a.description[:80]}) for a in actions]
        choices += [
            (f"jongere:{m.pk}", _("Begeleiding van %(n)s") % {"n": m.person.full_name}) for m in members
        ]
        self.fields["subject"].choices = choices

    def clean(self):
        if (self.cleaned_data.get("subject") or "").startswith("jongere:"):
            self.guarded_fields = ()  # a youth's guidance is personal data by nature
        return super().clean()


class DeclineForm(GuardedFormMixin, forms.Form):
    reason = _text(_("Reden (verplicht bij weigeren)"), required=False, rows=2)
    guarded_fields = ("reason",)


class RetentionForm(GuardedFormMixin, forms.Form):
    keep_until = forms.DateField(label=_("Bewaren tot"), widget=forms.DateInput(attrs=DATE, format=ISO_DATE))
    motivation = _text(
        _("Motivering"),
        _("Bij een andere datum dan het convenant: waarom korter of langer."),
        rows=2,
        initial=ACCORDING_TO_COVENANT,
    )
    guarded_fields = ("motivation",)


class LegalHoldForm(GuardedFormMixin, forms.Form):
    reason = _text(_("Reden"), _("Bijvoorbeeld een lopend strafrechtelijk onderzoek of een klacht."), rows=2)
    guarded_fields = ("reason",)


class ContributionForm(GuardedFormMixin, forms.Form):
    """The organisation's written evaluation, one text per criterion (group level)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Criterion.choices:
            self.fields[code] = _text(label, required=False, rows=3)
        self.guarded_fields = tuple(Criterion.values)

    def texts(self) -> dict:
        return {code: self.cleaned_data.get(code) or "" for code in Criterion.values}


class DiscussionForm(GuardedFormMixin, forms.Form):
    discussed_on = forms.DateField(
        label=_("Besproken op"),
        widget=forms.DateInput(attrs=DATE, format=ISO_DATE),
        initial=timezone.localdate,
    )
    forum = forms.ChoiceField(label=_("Overleg"), choices=Forum.choices)
    summary = _text(_("Samenvatting en lessen"), rows=5)
    guarded_fields = ("summary",)
