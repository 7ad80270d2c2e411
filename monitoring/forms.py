"""Forms of the monitoring pages (step 6). Numbers are typed as people do (7, 7,5); dates
come from a date field. Group-level free text is checked by the privacy guard here and
again by the services (the backstop)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from analysis.models import Forum
from intake.models import Behaviour
from monitoring import services as monitoring
from monitoring.models import BriefingKind, Direction, IndicatorSource
from privacy.guarding import GuardedFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NumberField(forms.CharField):
    """A number with a decimal comma or point; a Dutch message when it is not a number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return monitoring.parse_value(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class IndicatorForm(GuardedFormMixin, forms.Form):
    """A free-standing indicator (not tied to a result of the plan)."""

    name = forms.CharField(
        label=_("Indicator"),
        max_length=150,
        help_text=_("Wat meet u? Bijvoorbeeld: overlastmeldingen per week."),
    )
    unit = forms.CharField(
        label=_("Eenheid"), max_length=60, required=False, help_text=_("Bijvoorbeeld: meldingen.")
    )
    baseline = NumberField(label=_("Nulmeting"), help_text=_("De waarde bij de start van de aanpak."))
    target = NumberField(label=_("Streefwaarde"))
    direction = forms.ChoiceField(label=_("Richting"), choices=Direction.choices, widget=forms.RadioSelect)
    source = forms.ChoiceField(label=_("Bron van de metingen"), choices=IndicatorSource.choices)
    signal_behaviours = forms.MultipleChoiceField(
        label=_("Gedragingen die meetellen (alleen bij 'berekend uit de signalen'; niets gekozen: alle)"),
        choices=Behaviour.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guarded_fields = ("name", "unit")


class FromResultForm(GuardedFormMixin, forms.Form):
    """An indicator copied from a SMART result of the plan in force."""

    result_key = forms.ChoiceField(label=_("Resultaat uit het plan van aanpak"))
    source = forms.ChoiceField(label=_("Bron van de metingen"), choices=IndicatorSource.choices)
    signal_behaviours = forms.MultipleChoiceField(
        label=_("Gedragingen die meetellen (alleen bij 'berekend uit de signalen'; niets gekozen: alle)"),
        choices=Behaviour.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, results=(), taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_key"].choices = [
            (
                r["key"],
                f"{r.get('indicator')} ({r.get('baseline')} → {r.get('target')} {r.get('unit') or ''})",
            )
            for r in results
            if r["key"] not in taken
        ]


class MeasurementForm(GuardedFormMixin, forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    period_start = forms.DateField(
        label=_("Periode vanaf"),
        widget=DATE,
        help_text=_("De eerste dag van de week of maand waarover de waarde gaat."),
    )
    value = NumberField(label=_("Waarde"))
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    guarded_fields = ("note",)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.name) for i in indicators]
        if len(self.fields["indicator"].choices) == 1:
            self.fields["indicator"].initial = self.fields["indicator"].choices[0][0]

    def clean_period_start(self):
        day = self.cleaned_data["period_start"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De periode ligt in de toekomst."))
        return day


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: indicator;periode;waarde;toelichting (ook met komma's gescheiden). "
            "Datum als 2026-03-09 of 09-03-2026; decimalen met komma of punt."
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > monitoring.CSV_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot (ten hoogste 1 MB)."))
        return f


class ReportForm(forms.Form):
    period_from = forms.DateField(label=_("Periode vanaf"), widget=DATE)
    period_to = forms.DateField(label=_("Periode tot en met"), widget=DATE)
    forum = forms.ChoiceField(
        label=_("Voor het overleg"), choices=[("", "—")] + Forum.choices, required=False
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("De einddatum ligt vóór het begin van de periode."))
        return cleaned


class CrisisStartForm(GuardedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Aanleiding"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Op groepsniveau, zonder namen. Bijvoorbeeld: geweldsincident bij de sporthal."),
    )
    guarded_fields = ("reason",)


class BriefingForm(GuardedFormMixin, forms.Form):
    day = forms.DateField(label=_("Dag"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=BriefingKind.choices,
        initial=BriefingKind.BRIEFING,
        widget=forms.RadioSelect,
        required=False,  # not given: the briefing (as before the debriefing existed)
        help_text=_("De briefing vóór de dienst, de debriefing erna."),
    )

    def clean_kind(self):
        return self.cleaned_data["kind"] or BriefingKind.BRIEFING

    happened = forms.CharField(label=_("Wat is er gebeurd"), widget=forms.Textarea(attrs={"rows": 3}))
    planned = forms.CharField(label=_("Wat is er gepland"), widget=forms.Textarea(attrs={"rows": 3}))
    whereabouts = forms.CharField(
        label=_("Wie is waar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Inzet van de professionals; geen jongeren bij naam."),
    )
    guarded_fields = ("happened", "planned", "whereabouts")


class FastTrackForm(GuardedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom de snelle route?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Op groepsniveau, zonder namen. Bijvoorbeeld: de groep escaleert, geweld bij de sporthal."
        ),
    )
    guarded_fields = ("reason",)


class UrgentActionForm(GuardedFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Wie doet het (organisatie)"), queryset=Organisation.objects.none()
    )
    description = forms.CharField(label=_("Wat wordt er gedaan"), widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(
        label=_("Locatie"),
        required=False,
        max_length=200,
        help_text=_("Leeg: de maatregel is op de groep gericht."),
    )
    due_date = forms.DateField(label=_("Uiterlijk gereed"), widget=DATE)
    guarded_fields = ("description", "location")

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=case.participants.values("organisation_id")
        ).order_by("name")
        self.fields["organisation"].empty_label = None


class PublishBriefingForm(forms.Form):
    day = forms.DateField(label=_("Dag"), widget=DATE)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties op de verspreidingslijst"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    functions = forms.CharField(
        label=_("Functies op de verspreidingslijst"),
        required=False,
        max_length=300,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: burgemeester, teamchef, gebiedsofficier."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            municipality_id=case.municipality_id
        ).order_by("name")
