"""Forms of the action pages (step 6). Field checks here give field errors; the service
(monitoring.actions) decides on access and the plan and reports the rest."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from groepsaanpak.widgets import LightSelect
from monitoring.models import ActionStatus
from plans import content as c
from plans.models import TargetKind, Track
from privacy.guarding import GuardedFormMixin

DATE = {"type": "date"}
ISO_DATE = "%Y-%m-%d"  # what <input type="date"> accepts, whatever the language


def measure_label(measure: dict, organisations: dict) -> str:
    org = organisations.get(measure.get("organisation"))
    target = {
        TargetKind.MEMBER: _("gericht op een jongere"),
        TargetKind.GROUP: _("gericht op de groep"),
        TargetKind.LOCATION: _("gericht op een locatie"),
    }.get(measure.get("target_kind"), "")
    parts = [str(c.TRACKS.get(measure.get("track"), "")), measure.get("description", "")]
    if org is not None:
        parts.append(org.name)
    parts.append(str(target))
    return " — ".join(p for p in parts if p)


class ActionForm(GuardedFormMixin, forms.Form):
    """A new action from a measure of the plan in force."""

    measure = forms.ChoiceField(label=_("Maatregel uit het plan van aanpak"))
    organisation = forms.ModelChoiceField(
        label=_("Uitvoerende partner"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leeg: de partner van de maatregel."),
        widget=LightSelect,
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar (persoon)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optioneel: een medewerker van de uitvoerende partner. Leeg: de hele organisatie."),
        widget=LightSelect,
    )
    due_date = forms.DateField(
        label=_("Uiterlijk gereed"), widget=forms.DateInput(attrs=DATE, format=ISO_DATE)
    )
    description = forms.CharField(
        label=_("Wat wordt er gedaan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Op groepsniveau: geen namen of andere persoonsgegevens."),
        error_messages={"required": _("Beschrijf wat er wordt gedaan.")},
    )
    guarded_fields = ("description",)

    def __init__(self, *args, case, measures: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(pk__in=case.participants.values("organisation_id")).order_by(
            "name"
        )
        by_pk = {o.pk: o for o in Organisation.objects.filter(municipality_id=case.municipality_id)}
        self.measures = {m["key"]: m for m in measures}
        self.fields["measure"].choices = [(m["key"], measure_label(m, by_pk)) for m in measures]
        self.fields["organisation"].queryset = orgs
        self.fields["organisation"].label_from_instance = lambda o: o.name
        self.fields["owner"].queryset = (
            User.objects.filter(organisation__in=orgs, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name", "username")
        )
        self.fields["owner"].label_from_instance = lambda u: f"{u.display_name()} ({u.organisation.name})"
        self.fields["due_date"].error_messages["invalid"] = _("Vul een geldige datum in (dd-mm-jjjj).")

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("De deadline kan niet in het verleden liggen."))
        return value

    def clean(self):
        cleaned = super().clean()
        measure = self.measures.get(cleaned.get("measure"))
        org = cleaned.get("organisation")
        owner = cleaned.get("owner")
        if measure is not None and org is None:
            org = self.fields["organisation"].queryset.filter(pk=measure.get("organisation")).first()
        if owner is not None and org is not None and owner.organisation_id != org.pk:
            self.add_error(
                "owner", _("Kies een medewerker van %(org)s of laat dit leeg.") % {"org": org.name}
            )
        return cleaned


class ActionFilterForm(forms.Form):
    spoor = forms.ChoiceField(
        label=_("Spoor"),
        required=False,
        choices=[("", _("Alle sporen")), *Track.choices],
        widget=LightSelect,
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alle partners"),
        widget=LightSelect,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=LightSelect)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = organisations
        self.fields["partner"].label_from_instance = lambda o: o.name
        self.fields["status"].choices = [
            ("", _("Alle statussen")),
            ("open", _("Open (gepland of lopend)")),
        ] + list(ActionStatus.choices)


class UpdateForm(GuardedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    result_note = forms.CharField(
        label=_("Resultaat of toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Op groepsniveau: geen namen of andere persoonsgegevens."),
    )
    due_date = forms.DateField(
        label=_("Uiterlijk gereed"), required=False, widget=forms.DateInput(attrs=DATE, format=ISO_DATE)
    )
    guarded_fields = ("result_note",)

    def __init__(self, *args, may_move_deadline: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_move_deadline:
            self.fields["due_date"].error_messages["invalid"] = _("Vul een geldige datum in (dd-mm-jjjj).")
            self.fields["due_date"].help_text = _("Alleen invullen om de deadline te verzetten.")
        else:
            del self.fields["due_date"]


class EscalateForm(GuardedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom escaleert u?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef aan waarom u escaleert.")},
    )
    guarded_fields = ("reason",)


class OutcomeForm(GuardedFormMixin, forms.Form):
    escalation = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(
        label=_("Uitkomst van de escalatie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf de uitkomst van de escalatie.")},
    )
    guarded_fields = ("outcome",)
