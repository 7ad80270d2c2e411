from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MatchField, MfaPolicy, Municipality, Organisation, OrganisationKind, Role

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


class IdentityProviderRequestForm(forms.Form):
    """The OpenID Connect settings of one organisation (accounts.models.IdentityProvider)."""

    name = forms.CharField(
        label=_("Naam op de inlogknop"), max_length=100, help_text=_("Bijvoorbeeld: Politie-ID")
    )
    issuer = forms.CharField(
        label=_("Issuer"),
        max_length=300,
        help_text=_(
            "Het adres dat de provider als 'issuer' noemt, bijv. https://login.microsoftonline.com/<tenant>/v2.0"
        ),
    )
    client_id = forms.CharField(label=_("Client-id"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client-secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leeg laten: het huidige geheim blijft."),
    )
    scopes = forms.CharField(label=_("Scopes"), max_length=200, initial="openid email profile")
    match_claim = forms.CharField(
        label=_("Claim voor de eerste koppeling"),
        max_length=60,
        initial="email",
        help_text=_(
            "Bij de eerste aanmelding wordt de gebruiker gezocht op deze claim; daarna op issuer en sub."
        ),
    )
    match_field = forms.ChoiceField(label=_("Vergelijken met"), choices=MatchField.choices)
    organisation_claim = forms.CharField(
        label=_("Claim met de organisatie (optioneel)"), max_length=60, required=False
    )
    organisation_value = forms.CharField(
        label=_("Verwachte waarde van die claim"), max_length=200, required=False
    )
    mfa_policy = forms.ChoiceField(label=_("Tweede factor"), choices=MfaPolicy.choices)
    mfa_amr = forms.CharField(
        label=_("amr-waarden die een tweede factor aantonen"),
        max_length=200,
        required=False,
        initial="mfa",
        help_text=_("Gescheiden door komma's, bijv. mfa,hwk,otp"),
    )
    mfa_acr = forms.CharField(
        label=_("acr-waarden die een tweede factor aantonen"), max_length=200, required=False
    )
    allow_local_login = forms.BooleanField(
        label=_("Ook lokaal inloggen met wachtwoord toestaan"), required=False
    )
    enabled = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)
    reason = reason_field()

    FIELDS = (
        "name", "issuer", "client_id", "client_secret", "scopes", "match_claim", "match_field",
        "organisation_claim", "organisation_value", "mfa_policy", "mfa_amr", "mfa_acr",
        "allow_local_login", "enabled",
    )  # fmt: skip

    def values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


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
