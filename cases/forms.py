from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, User
from groepsaanpak import uploads
from groepsaanpak.widgets import LightSelect
from privacy import access
from privacy.categories import Category, LegalBasis
from privacy.guarding import GuardedFormMixin
from privacy.models import MatrixItem

from .models import InformationPosition, RequestKind


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

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
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
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(municipality_id=case.municipality_id)
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
        # The choices follow privacy.access.nameable / may_name: the coordinator or a named
        # regisseur chooses from the participating organisations and the municipality's own;
        # a named professional from the colleagues of their own organisation.
        if access.names_for_all(actor, case):
            where = Q(organisation__in=case.participants.values("organisation")) | Q(
                organisation__kind=OrganisationKind.GEMEENTE,
                organisation__municipality_id=case.municipality_id,
            )
        else:
            where = Q(organisation_id=actor.organisation_id)
        self.fields["user"].queryset = (
            User.objects.filter(where, is_active=True)
            .exclude(role__in=access.NOT_NAMEABLE_ROLES)
            .exclude(pk__in=case.named_user_ids() | {actor.pk})
            .select_related("organisation")
            .order_by("last_name", "first_name", "username")
        )
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

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = Organisation.objects.filter(municipality_id=case.municipality_id)

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
