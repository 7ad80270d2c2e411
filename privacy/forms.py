from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation, OrganisationKind, Role

from .categories import PERSONAL_CATEGORIES, Category, LegalBasis

RULE_CATEGORIES = [c for c in Category if c in PERSONAL_CATEGORIES]


class CovenantForm(forms.Form):
    """A new covenant version: title, date, purposes, and a grid kind × category."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    effective_from = forms.DateField(label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    purposes = forms.CharField(label=_("Doelen"), widget=forms.Textarea(attrs={"rows": 3}))
    names_officials_in_access = forms.BooleanField(
        label=_("Bij inzage de namen van medewerkers noemen"),
        required=False,
        help_text=_(
            "Uit: wie een jongere inzage vraagt, ziet per verwerking de organisatie. Aan: ook de naam "
            "van de medewerker, als het convenant dat met de partners zo afspreekt."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de nieuwe versie"),
        max_length=2000,
        help_text=_("Een beheerder of de privacyfunctionaris keurt de versie goed; pas dan gaat zij in."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, current_rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        current_rules = current_rules or {}
        for kind in OrganisationKind:
            basis = next(
                (r.legal_basis for (k, _c), r in current_rules.items() if k == kind and r.legal_basis), ""
            )
            retention = next((r.retention_months for (k, _c), r in current_rules.items() if k == kind), 24)
            self.fields[f"{kind}__basis"] = forms.ChoiceField(
                label=_("Grondslag voor %(kind)s") % {"kind": kind.label},
                required=False,
                choices=[("", "—")] + LegalBasis.choices,
                initial=basis,
            )
            self.fields[f"{kind}__retention"] = forms.IntegerField(
                label=_("Bewaartermijn %(kind)s (maanden)") % {"kind": kind.label},
                min_value=1,
                max_value=240,
                required=False,
                initial=retention,
            )
            for category in RULE_CATEGORIES:
                rule = current_rules.get((str(kind), str(category)))
                for what, label in (("supply", _("verstrekt")), ("receive", _("ontvangt"))):
                    self.fields[f"{kind}__{category}__{what}"] = forms.BooleanField(
                        required=False,
                        label=f"{kind.label}: {category.label} — {label}",
                        initial=bool(rule and getattr(rule, f"may_{what}")),
                    )

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Een nieuwe versie kan niet met terugwerkende kracht ingaan."))
        return value

    def clean(self):
        cleaned = super().clean()
        for kind in OrganisationKind:
            exchanges = any(
                cleaned.get(f"{kind}__{c}__{w}") for c in RULE_CATEGORIES for w in ("supply", "receive")
            )
            if exchanges and not cleaned.get(f"{kind}__basis"):
                self.add_error(f"{kind}__basis", _("Geef de grondslag voor deze uitwisseling."))
        return cleaned

    def rules(self) -> list[dict]:
        d = self.cleaned_data
        rules = []
        for kind in OrganisationKind:
            for category in RULE_CATEGORIES:
                supply, receive = d.get(f"{kind}__{category}__supply"), d.get(f"{kind}__{category}__receive")
                if supply or receive:
                    rules.append(
                        {
                            "organisation_kind": str(kind),
                            "category": str(category),
                            "may_supply": supply,
                            "may_receive": receive,
                            "legal_basis": d.get(f"{kind}__basis") or "",
                            "retention_months": d.get(f"{kind}__retention") or 24,
                        }
                    )
        return rules

    def grid(self):
        """Rows for the template: (kind label, basis field, retention field, [(category, supply, receive)])."""
        rows = []
        for kind in OrganisationKind:
            cells = [
                (c.label, self[f"{kind}__{c}__supply"], self[f"{kind}__{c}__receive"])
                for c in RULE_CATEGORIES
            ]
            rows.append((kind.label, self[f"{kind}__basis"], self[f"{kind}__retention"], cells))
        return rows


REASON_HELP = _("Waarom is dit nodig? Dit komt in het verslag van de wijziging.")


def reason_field(label=None):
    return forms.CharField(
        label=label or _("Reden"),
        max_length=2000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UserAccessRequestForm(forms.Form):
    """Request new access for a user; the second person approves it (privacy.changes)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.select_related("municipality"), required=False
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    is_staff = forms.BooleanField(label=_("Toegang tot het beheer (stafstatus)"), required=False)
    is_active = forms.BooleanField(label=_("Actief"), required=False)
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Hierheen gaat de link waarmee de gebruiker zelf een wachtwoord instelt."),
    )
    reason = reason_field()

    FIELDS = ("organisation", "role", "is_staff", "is_active", "email")

    def values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


class OrganisationChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=OrganisationKind.choices)
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.all())
    reason = reason_field()

    def values(self) -> dict:
        return {"kind": self.cleaned_data["kind"], "municipality": self.cleaned_data["municipality"]}


class DecisionForm(forms.Form):
    reason = reason_field(_("Toelichting bij uw besluit"))


def _filter_date(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een datum in als 31-12-2026 of 2026-12-31.")},
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )


class SecurityLogFilterForm(forms.Form):
    """The filters of the security-log page (all optional): kind, user, period."""

    kind = forms.ChoiceField(label=_("Soort gebeurtenis"), required=False)
    user = forms.CharField(
        label=_("Gebruiker"),
        required=False,
        max_length=150,
        help_text=_("Gebruikersnaam (of een deel ervan), als betrokkene of als uitvoerder."),
    )
    since = _filter_date(_("Vanaf"))
    until = _filter_date(_("Tot en met"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle soorten"))] + [(code, label) for code, label in kinds]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("De einddatum ligt vóór de begindatum."))
        return data


class OverviewLogFilterForm(forms.Form):
    """The filters of the processing log on the privacy officer's overview (all optional)."""

    van = _filter_date(_("Vanaf"))
    tot = _filter_date(_("Tot en met"))
    handeling = forms.ChoiceField(label=_("Handeling"), required=False)
    organisatie = forms.ChoiceField(label=_("Organisatie"), required=False)
    casus = forms.TypedChoiceField(label=_("Casus"), required=False, coerce=int, empty_value=None)
    persoon = forms.UUIDField(
        label=_("Persoon (pseudoniem)"),
        required=False,
        help_text=_("Kies een persoon met de link ‘alleen deze persoon’ in het log."),
    )

    def __init__(self, *args, operations=(), organisations=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handeling"].choices = [("", _("Alle handelingen"))] + list(operations)
        self.fields["organisatie"].choices = [("", _("Alle organisaties"))] + [(o, o) for o in organisations]
        self.fields["casus"].choices = [("", _("Alle casussen"))] + list(cases)

    def clean(self):
        data = super().clean()
        since, until = data.get("van"), data.get("tot")
        if since and until and since > until:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> dict:
        d = self.cleaned_data
        return {
            "date_from": d.get("van"), "date_to": d.get("tot"), "code": d.get("handeling") or "",
            "organisation": d.get("organisatie") or "", "case": d.get("casus"), "person": d.get("persoon") or "",
        }  # fmt: skip
