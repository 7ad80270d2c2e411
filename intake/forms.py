from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from groepsaanpak.widgets import LightSelect, NameChoiceIterator
from privacy.guarding import GuardedFormMixin

from .models import Behaviour, BehaviourTag, Impact, Signal, SignalStatus, Source


class SignalForm(GuardedFormMixin, forms.ModelForm):
    guarded_fields = ("description", "location", "area")

    behaviours = forms.MultipleChoiceField(
        label=_("Wat gebeurde er?"),
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één categorie.")},
    )

    class Meta:
        model = Signal
        fields = ["observed_at", "location", "area", "behaviours", "group_size", "age_min", "age_max",
                  "source", "impact", "description", "latitude", "longitude"]  # fmt: skip
        widgets = {
            "observed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }
        labels = {
            "latitude": _("Breedtegraad (optioneel)"),
            "longitude": _("Lengtegraad (optioneel)"),
        }

    field_order = ["observed_at", "location", "area", "behaviours", "group_size", "age_min", "age_max",
                   "source", "impact", "description"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("observed_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_observed_at(self):
        when = self.cleaned_data["observed_at"]
        if when and when > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("Het tijdstip ligt in de toekomst."))
        return when

    def clean(self):
        cleaned = super().clean()
        lo, hi = cleaned.get("age_min"), cleaned.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", _("De leeftijd 'tot' is lager dan 'vanaf'."))
        for name, limit in (("latitude", 90), ("longitude", 180)):
            value = cleaned.get(name)
            if value is not None and abs(value) > limit:
                self.add_error(name, _("Geen geldige coördinaat."))
        return cleaned


class SignalFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    area = forms.CharField(label=_("Wijk / gebied"), required=False)
    behaviour = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[("", _("Alle"))] + Behaviour.choices,
        widget=LightSelect,
    )
    group = forms.ModelChoiceField(
        label=_("Groep"), required=False, queryset=None, empty_label=_("Alle"), widget=LightSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner"), required=False, queryset=None, empty_label=_("Alle"), widget=LightSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + SignalStatus.choices,
        widget=LightSelect,
    )

    def __init__(self, *args, groups, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Options from (pk, name) rows, no model instances: a city has hundreds of groups.
        self.fields["group"].iterator = NameChoiceIterator  # before the queryset: it sets the options
        self.fields["group"].queryset = groups.order_by("name")
        # select_related: each option's label names the municipality (was a query per option)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id=municipality_id
        ).select_related("municipality")

    def apply(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        # Dates as a range on observed_at (local midnight), not observed_at__date: a cast
        # per row cannot use the index (bench/RESULTS.md, issue 8).
        if d["date_from"]:
            qs = qs.filter(observed_at__gte=_local_midnight(d["date_from"]))
        if d["date_to"]:
            qs = qs.filter(observed_at__lt=_local_midnight(d["date_to"] + timedelta(days=1)))
        if d["area"]:
            qs = qs.filter(area__icontains=d["area"])
        if d["behaviour"]:
            # EXISTS instead of a join: no duplicate rows, so no DISTINCT over every column.
            qs = qs.filter(
                Exists(BehaviourTag.objects.filter(signal=OuterRef("pk"), behaviour=d["behaviour"]))
            )
        if d["group"]:
            qs = qs.filter(group=d["group"])
        if d["organisation"]:
            qs = qs.filter(organisation=d["organisation"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        return qs


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class HandleForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("note",)

    note = forms.CharField(
        label=_("Wat is er gedaan?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: extra toezicht in de wijk afgesproken met handhaving."),
    )


class LinkForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("new_group_name", "note")

    group = forms.ModelChoiceField(
        label=_("Bestaande groep"), queryset=None, required=False, widget=LightSelect
    )
    new_group_name = forms.CharField(label=_("Of: naam van een nieuwe groep"), required=False, max_length=120)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("group") and not cleaned.get("new_group_name"):
            raise forms.ValidationError(_("Kies een groep of geef een naam voor een nieuwe groep."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: datum; locatie; wijk; categorieen; groepsgrootte; leeftijd_van; leeftijd_tot; bron; impact; omschrijving"
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is te groot (maximaal 2 MB)."))
        return f


# The chips of the quick signal: the behaviours seen most on the street.
QUICK_BEHAVIOURS = [
    (b.value, b.label)
    for b in (Behaviour.OVERLAST, Behaviour.INTIMIDATIE, Behaviour.VANDALISME, Behaviour.ALCOHOL_DRUGS,
              Behaviour.GEWELD, Behaviour.WAPENS, Behaviour.DEALEN, Behaviour.OVERIG)
]  # fmt: skip


class QuickSignalForm(GuardedFormMixin, forms.Form):
    """The signal from the street, as quick as a group chat: what (typed), where (a place
    name, a recent place or the browser's position — coordinates are never typed), when
    (now unless changed), behaviour chips; the rest behind "Meer". Saved by the same
    service as the full form (intake.services.report_signal), with the same guard."""

    guarded_fields = ("description", "location", "area")
    more_fields = ("observed_at", "area", "group_size", "source", "impact")

    description = forms.CharField(
        label=_("Wat ziet u?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Op groepsniveau: geen namen of andere persoonsgegevens."),
    )
    location = forms.CharField(
        label=_("Waar?"),
        required=False,
        max_length=200,
        help_text=_("Een plek, straat zonder huisnummer of wijk — of kies hieronder een recente plek."),
    )
    recent = forms.ChoiceField(label=_("Recente plek"), required=False, widget=forms.RadioSelect)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    behaviours = forms.MultipleChoiceField(
        label=_("Wat gebeurt er?"),
        required=False,
        choices=QUICK_BEHAVIOURS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets gekozen: 'Overig'."),
    )
    observed_at = forms.DateTimeField(
        label=_("Wanneer"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leeg of ongewijzigd: nu."),
    )
    area = forms.CharField(label=_("Wijk / gebied"), required=False, max_length=100)
    group_size = forms.IntegerField(
        label=_("Geschatte groepsgrootte"), required=False, min_value=1, max_value=500
    )
    source = forms.ChoiceField(label=_("Bron"), choices=Source.choices, initial=Source.OWN)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices, initial=Impact.MEDIUM)

    def __init__(self, *args, recent_places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recent"].choices = [(p, p) for p in recent_places]
        if not recent_places:
            del self.fields["recent"]

    def clean_observed_at(self):
        when = self.cleaned_data["observed_at"]
        if when and when > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("Het tijdstip ligt in de toekomst."))
        return when

    def clean(self):
        cleaned = self.cleaned_data
        if not cleaned.get("location") and cleaned.get("recent"):
            cleaned["location"] = cleaned["recent"]
        if not cleaned.get("location") and cleaned.get("latitude") is not None:
            cleaned["location"] = str(_("Eigen positie"))
        if not cleaned.get("location"):
            self.add_error("location", _("Geef een plek, kies een recente plek of gebruik uw locatie."))
        for name, limit in (("latitude", 90), ("longitude", 180)):
            value = cleaned.get(name)
            if value is not None and abs(value) > limit:
                self.add_error("location", _("De locatie van uw telefoon is niet bruikbaar; geef een plek."))
        return super().clean()

    @property
    def more_open(self) -> bool:
        """Open "Meer" when one of its fields needs attention."""
        return any(name in self.errors for name in self.more_fields)

    def signal_fields(self) -> dict:
        """The fields for intake.services.report_signal, with the defaults filled in."""
        d = self.cleaned_data
        return {
            "behaviours": d["behaviours"] or [Behaviour.OVERIG],
            "observed_at": d["observed_at"] or timezone.now(),
            "location": d["location"],
            "area": d["area"],
            "group_size": d["group_size"],
            "source": d["source"],
            "impact": d["impact"],
            "description": d["description"],
            "latitude": d["latitude"],
            "longitude": d["longitude"],
        }
