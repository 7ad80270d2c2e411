from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from groepsaanpak.widgets import LightSelect, NameChoiceIterator
from privacy.guarding import GuardedFormMixin

from .models import Behaviour, BehaviourTag, Signal, SignalStatus


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
