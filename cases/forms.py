from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, User
from groepsaanpak import uploads
from groepsaanpak.widgets import LightSelect
from privacy.categories import Category, LegalBasis
from privacy.guarding import GuardedFormMixin
from privacy.models import MatrixItem

from .models import InformationPosition, NameOutcome, RequestKind
from .reads import nameable_users


class TransitionForm(forms.Form):
    to_step = forms.ChoiceField(label=_("Naar"))
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for to, move in moves:
            if to is None:
                choices.append(("close", _("Afsluiten (gerichte actie volstaat / afgerond)")))
            else:
                label = _("Terug naar stap %(n)s") if move.kind == "back" else _("Door naar stap %(n)s")
                choices.append((str(to), label % {"n": to}))
        self.fields["to_step"].choices = choices

    def target(self):
        value = self.cleaned_data["to_step"]
        return None if value == "close" else int(value)


class CoordinatorForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Uitvoeringscoördinator"), queryset=User.objects.none(), widget=LightSelect
    )
    legal_basis_choice = forms.ChoiceField(label=_("Grondslag"), choices=[("", "—")] + LegalBasis.choices)
    legal_basis = forms.CharField(
        label=_("Toelichting grondslag"),
        required=False,
        help_text=_("Bijvoorbeeld het artikel van het convenant."),
    )
    necessity = forms.CharField(
        label=_("Noodzaak en proportionaliteit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom is uitwisseling op persoonsniveau nodig, en waarom is minder niet genoeg?"),
    )

    # A coordinator from a partner (§3.1, Nieuw-West: the police) acts under a mandate the
    # partners agreed (cases.coordination); for the municipality's own coordinator optional.
    mandate = forms.CharField(
        label=_("Mandaat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht voor een coördinator van een partner: waaronder en waarvoor hij optreedt."),
    )
    agreed_by = forms.ModelMultipleChoiceField(
        label=_("Ingestemd door"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agreed_on = forms.DateField(
        label=_("Ingestemd op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, municipality_id, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            from .coordination import candidates, participating_organisations

            self.fields["coordinator"].queryset = candidates(case)
            self.fields["coordinator"].label_from_instance = lambda u: (
                f"{u.display_name()} ({u.organisation.name})" if u.organisation_id else u.display_name()
            )
            self.fields["agreed_by"].queryset = participating_organisations(case)
            return
        self.fields["coordinator"].queryset = User.objects.filter(
            is_active=True,
            organisation__municipality_id=municipality_id,
            organisation__kind=OrganisationKind.GEMEENTE,
            role__in=["procesregisseur", "coordinator"],
        ).order_by("username")  # a stable order (PostgreSQL's heap order moves on every update)


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), widget=LightSelect
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # select_related: each option's label names the municipality (was a query per option)
        from .reads import serving_organisations

        # the municipality's own organisations and the regional partners that serve it
        self.fields["organisation"].queryset = (
            serving_organisations(case.municipality_id)
            .exclude(pk__in=case.participants.values("organisation"))
            .select_related("municipality")
        )


class NameForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Medewerker"), queryset=User.objects.none(), widget=LightSelect)
    reason = forms.CharField(
        label=_("Waarom heeft deze persoon de namen nodig?"), max_length=500, widget=forms.TextInput
    )

    def __init__(self, *args, case, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = nameable_users(actor, case)
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name()} — {u.organisation.name}"


class RequestForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("question",)

    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=RequestKind.choices)
    addressee = forms.ModelChoiceField(
        label=_("Gericht aan"), queryset=Organisation.objects.none(), widget=LightSelect
    )
    question = forms.CharField(label=_("Vraag"), widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.ModelMultipleChoiceField(
        label=_("Gevraagde onderwerpen uit de informatiematrix"),
        queryset=MatrixItem.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    due_date = forms.DateField(label=_("Uiterste datum"), widget=forms.DateInput(attrs={"type": "date"}))
    # groepsscan (§3.3): from the burgemeester, through you as contact person, to the teamchef
    addressee_function = forms.CharField(
        label=_("Gericht aan functie (groepsscan)"),
        initial="teamchef",
        required=False,
        max_length=60,
        help_text=_(
            "Alleen wie deze functie heeft (of waarneemt) bij de politie, beantwoordt de groepsscan."
        ),
    )
    mayor = forms.ModelChoiceField(
        label=_("Namens de burgemeester (groepsscan)"),
        queryset=User.objects.none(),
        required=False,
        widget=LightSelect,
    )
    om_officer = forms.ModelChoiceField(
        label=_("Gebiedsofficier van het OM die het standaardrapport ontvangt (groepsscan)"),
        queryset=User.objects.none(),
        required=False,
        widget=LightSelect,
    )
    # OM request: only where criminal aspects dominate, agreed with the OM beforehand
    reason = forms.CharField(
        label=_("Waarom spelen strafrechtelijke aspecten een grote rol? (OM-verzoek)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consulted_on = forms.DateField(
        label=_("Vooraf afgestemd met het OM op (OM-verzoek)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, case, **kwargs):
        from .reads import mayor_candidates, om_officer_candidates, serving_organisations

        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = serving_organisations(case.municipality_id).select_related(
            "municipality"
        )
        self.fields["mayor"].queryset = mayor_candidates(case)
        self.fields["om_officer"].queryset = om_officer_candidates(case)
        self.fields["om_officer"].label_from_instance = lambda u: (
            f"{u.display_name()} — {u.organisation.name}"
        )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("De uiterste datum ligt in het verleden."))
        return due


class AnswerForm(GuardedFormMixin, forms.Form):
    """Answers are group-level (the groepsscan report is anonymised); names go via the name list."""

    guarded_fields = ("answer",)

    answer = forms.CharField(label=_("Antwoord"), widget=forms.Textarea(attrs={"rows": 4}))
    declined = forms.BooleanField(label=_("Verzoek weigeren (geef de reden als antwoord)"), required=False)
    unknown_to_police = forms.IntegerField(
        label=_("Aantal namen onbekend bij politie"), required=False, min_value=0
    )
    information_position = forms.ChoiceField(
        label=_("Sterkte informatiepositie"),
        required=False,
        choices=[("", "—")] + InformationPosition.choices,
    )
    attachment = forms.FileField(
        label=_("Bijlage (bijv. geanonimiseerd standaardrapport)"),
        help_text=_("PDF, DOCX, XLSX, CSV, ODT, PNG of JPEG; foto's worden zonder metagegevens bewaard."),
        required=False,
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
    )

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        return uploads.check(f) if f else None


class PoliceGroepsscanForm(GuardedFormMixin, forms.Form):
    """A groepsscan the police started themselves: its standard report, at group level."""

    guarded_fields = ("answer",)

    answer = forms.CharField(
        label=_("Samenvatting van de standaardrapportage (zonder namen)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    information_position = forms.ChoiceField(
        label=_("Sterkte informatiepositie"),
        required=False,
        choices=[("", "—")] + InformationPosition.choices,
    )
    mayor = forms.ModelChoiceField(label=_("Burgemeester"), queryset=User.objects.none(), widget=LightSelect)
    om_officer = forms.ModelChoiceField(
        label=_("Gebiedsofficier van het OM"), queryset=User.objects.none(), widget=LightSelect
    )
    attachment = forms.FileField(
        label=_("Geanonimiseerd standaardrapport"),
        required=False,
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
    )

    def __init__(self, *args, case, **kwargs):
        from .reads import mayor_candidates, om_officer_candidates

        super().__init__(*args, **kwargs)
        self.fields["mayor"].queryset = mayor_candidates(case)
        self.fields["om_officer"].queryset = om_officer_candidates(case)

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        return uploads.check(f) if f else None


class NamesAnswerForm(forms.Form):
    """The answer per name: for a groepsscan known / unknown / selected; for an OM request
    also the OM's information about the person."""

    def __init__(self, *args, rows, with_content, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            key = str(row.membership_id)
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=row.membership.person.full_name,
                choices=[("", "—")] + NameOutcome.choices,
                initial=row.outcome,
            )
            if with_content:
                self.fields[f"content_{key}"] = forms.CharField(
                    label=_("Informatie over %(name)s") % {"name": row.membership.person.full_name},
                    required=False,
                    initial=row.content,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> dict:
        return {
            row.membership_id: (
                self.cleaned_data[f"outcome_{row.membership_id}"],
                self.cleaned_data.get(f"content_{row.membership_id}", ""),
            )
            for row in self.rows
        }


class MatrixEntryForm(GuardedFormMixin, forms.Form):
    """Group-level text (no person, a group item) goes through the privacy guard, with a
    false alarm to confirm; what is said about a named youth is personal data by nature."""

    matrix_item = forms.ModelChoiceField(
        label=_("Onderwerp"), queryset=MatrixItem.objects.all(), widget=LightSelect
    )
    person = forms.ChoiceField(label=_("Over"), required=False)
    content = forms.CharField(label=_("Wat weet u?"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("De groep als geheel"))] + [
            (str(m.person_id), m.person.full_name) for m in members
        ]

    def clean(self):
        item = self.cleaned_data.get("matrix_item")
        group_level = (
            not self.cleaned_data.get("person") and item is not None and item.category == Category.GROUP
        )
        self.guarded_fields = ("content",) if group_level else ()
        return super().clean()
