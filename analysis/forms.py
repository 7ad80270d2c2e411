from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from groepsaanpak.widgets import LightSelect
from groups.models import Dynamic
from privacy.categories import Category
from privacy.guarding import GuardedFormMixin

from .models import Domain, Forum, MatrixColumn, Outcome, Question, Severity, TieKind

TEXTAREA = {"rows": 3}
DATE = {"type": "date"}


def _text(label, help_text="", rows=3, required=False):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class PictureForm(GuardedFormMixin, forms.Form):
    """A new version of the integral picture. `based_on` carries the version the author
    started from; a save on an older version is refused as a conflict."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    group_characteristics = _text(
        _("Groepskenmerken"),
        _("Samenstelling, rollen, hiërarchie, identiteit, contacten met andere groepen."),
        rows=4,
    )
    environment = _text(
        _("Omgevingsfactoren"), _("Locaties, bewoners, ondernemers, voorzieningen, netwerken in de wijk.")
    )
    persons = _text(
        _("Analyse op personen (waar noodzakelijk)"),
        _(
            "Persoonsgegevens: alleen zichtbaar voor partners die ze volgens het convenant mogen ontvangen. Geen strafrechtelijke of zorggegevens: die horen in de informatiematrix."
        ),
    )
    behaviour = _text(_("Duiding: gedrag"))
    dynamics = _text(_("Duiding: groepsdynamiek"))
    youth_situation = _text(_("Duiding: situatie van de jongeren"))
    area_impact = _text(_("Duiding: impact op de omgeving"))
    severity = forms.ChoiceField(label=_("Ernst"), choices=[("", "—")] + Severity.choices, required=False)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=[("", "—")], required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Te betrekken partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners_note = _text(_("Toelichting partners"), rows=2)

    def __init__(self, *args, case, show_persons: bool, **kwargs):
        from .models import Urgency

        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = [("", "—")] + Urgency.choices
        self.fields["partners"].queryset = Organisation.objects.filter(municipality_id=case.municipality_id)
        self.fields["partners"].label_from_instance = lambda o: o.name
        for code, label in Domain.choices:
            self.fields[f"domain_{code}"] = forms.CharField(
                label=_("Probleemdefinitie: %(domain)s") % {"domain": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if not show_persons:
            del self.fields["persons"]
        self.guarded_fields = tuple(
            name
            for name in self.fields
            if name not in ("based_on", "persons", "severity", "urgency", "partners")
        )

    def domain_fields(self):
        return [self[f"domain_{code}"] for code in Domain.values]


class ConceptPlanForm(GuardedFormMixin, forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    person_line = _text(
        _("Persoonsgericht (hoofdlijnen)"),
        _("Mag personen noemen; wordt in het advies geanonimiseerd (Jongere A, B, …)."),
    )
    group_line = _text(_("Groepsgericht (hoofdlijnen)"))
    area_line = _text(_("Gebiedsgericht (hoofdlijnen)"))
    strategy = _text(
        _("Strategie en advies over de aanpak"), _("Welke aanpak adviseren we, met welke partijen?")
    )
    guarded_fields = ("group_line", "area_line", "strategy")

    def __init__(self, *args, show_persons: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_persons:
            del self.fields["person_line"]


class CapacityForm(GuardedFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), widget=LightSelect
    )
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"), required=False, min_value=0, max_digits=6, decimal_places=1
    )
    fte = forms.DecimalField(label=_("Of: fte"), required=False, min_value=0, max_digits=5, decimal_places=2)
    months = forms.IntegerField(label=_("Periode (maanden)"), min_value=1, max_value=60, initial=6)
    cost = forms.DecimalField(
        label=_("Kosten (euro)"), required=False, min_value=0, max_digits=10, decimal_places=0
    )
    note = forms.CharField(label=_("Waarvoor"), max_length=300, required=False)
    guarded_fields = ("note",)

    def __init__(self, *args, case, user, can_manage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(pk__in=case.participants.values("organisation"))
        if not can_manage:
            orgs = orgs.filter(pk=user.organisation_id)
        self.fields["organisation"].queryset = orgs
        self.fields["organisation"].label_from_instance = lambda o: o.name
        self.fields["organisation"].initial = user.organisation_id

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hours_per_week") is None and cleaned.get("fte") is None:
            self.add_error("hours_per_week", _("Geef de inzet in uren per week of in fte."))
        return cleaned


class InterventionForm(GuardedFormMixin, forms.Form):
    row = forms.ChoiceField(label=_("Rij"))
    column = forms.ChoiceField(label=_("Kolom"), choices=MatrixColumn.choices)
    category = forms.ChoiceField(
        label=_("Soort informatie (bij een jongere)"),
        choices=[
            (Category.PERSONAL, _("Gewone persoonsgegevens")),
            (Category.CRIMINAL, _("Strafrechtelijke gegevens")),
            (Category.CARE, _("Zorggegevens")),
        ],
        required=False,
        help_text=_(
            "Bepaalt wie de cel mag zien. Een cel over de groep is altijd groepsniveau, zonder namen."
        ),
    )
    content = forms.CharField(label=_("Inhoud"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = [("", _("De groep als geheel"))] + [
            (str(m.pk), m.person.full_name) for m in members
        ]
        self.fields["row"].required = False

    @property
    def guarded_fields(self):
        # Only a group row is group-level text; a member row is personal data by design.
        return ("content",) if not (self.data.get(self.add_prefix("row")) or "") else ()


class AssessmentSessionForm(forms.Form):
    """Plus/min/mee for several members at once; fields per member are generated."""

    assessed_on = forms.DateField(
        label=_("Datum van de beoordeling"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate
        self.members = members
        for m in members:
            name = m.person.full_name
            self.fields[f"dyn_{m.pk}"] = forms.ChoiceField(
                label=_("Plus, min of mee: %(name)s") % {"name": name},
                choices=[("", "—")] + Dynamic.choices,
                required=False,
            )
            self.fields[f"inf_{m.pk}"] = forms.TypedChoiceField(
                label=_("Invloed: %(name)s") % {"name": name},
                choices=[(i, str(i)) for i in range(1, 6)],
                coerce=int,
                initial=3,
                required=False,
                empty_value=3,
            )
            self.fields[f"lead_{m.pk}"] = forms.BooleanField(
                label=_("Leider: %(name)s") % {"name": name}, required=False
            )

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Een beoordeling kan niet in de toekomst liggen."))
        return value

    def rows(self):
        """(membership, bound dynamic, bound influence, bound leader) for the template."""
        return [(m, self[f"dyn_{m.pk}"], self[f"inf_{m.pk}"], self[f"lead_{m.pk}"]) for m in self.members]

    def assessments(self):
        d = self.cleaned_data
        return [
            (m, d[f"dyn_{m.pk}"], d[f"inf_{m.pk}"], d[f"lead_{m.pk}"], "")
            for m in self.members
            if d.get(f"dyn_{m.pk}")
        ]


class TieForm(forms.Form):
    source = forms.ChoiceField(label=_("Van"))
    kind = forms.ChoiceField(label=_("Soort band"), choices=TieKind.choices)
    target = forms.ChoiceField(label=_("Naar"))
    since = forms.DateField(label=_("Sinds"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(m.pk), m.person.full_name) for m in members]
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices
        self.fields["since"].initial = timezone.localdate
        self.fields["source"].help_text = _("Bij leider – volger: de leider.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Kies twee verschillende jongeren."))
        return cleaned


class HistoryForm(forms.Form):
    op = forms.DateField(
        label=_("Toon de groep zoals die was op"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        required=False,
    )


class RoundForm(forms.Form):
    session_on = forms.DateField(
        label=_("Datum van de sessie"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class AnswerForm(GuardedFormMixin, forms.Form):
    """One organisation's answers to the fixed questions, three lines for the first three."""

    key_figures_inside = forms.MultipleChoiceField(
        label=Question.INSIDE.label,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kies uit de namenlijst. Dit zijn persoonsgegevens: alleen zichtbaar voor wie ze mag ontvangen."
        ),
    )
    key_figures_inside_note = forms.CharField(
        label=_("Toelichting op de spilfiguren (zonder namen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    key_figures_outside = forms.CharField(
        label=Question.OUTSIDE.label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Beschrijf ze naar hun rol (bijvoorbeeld 'trainer van de voetbalclub'), niet met naam."),
    )

    QUESTION_FIELDS = {"kenmerken": "characteristics", "risicos": "risks", "verbindingen": "connections"}

    def __init__(self, *args, members, show_members: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for code, prefix in self.QUESTION_FIELDS.items():
            for i in (1, 2, 3):
                self.fields[f"{prefix}_{i}"] = forms.CharField(
                    label=_("%(question)s — %(n)s") % {"question": Question(code).label, "n": i},
                    max_length=300,
                    required=False,
                )
        if show_members:
            self.fields["key_figures_inside"].choices = [(str(m.pk), m.person.full_name) for m in members]
        else:
            del self.fields["key_figures_inside"]
        self.guarded_fields = tuple(n for n in self.fields if n != "key_figures_inside")
        # Order: the questions in the source's order.
        order = [f"{p}_{i}" for p in self.QUESTION_FIELDS.values() for i in (1, 2, 3)]
        order += ["key_figures_inside", "key_figures_inside_note", "key_figures_outside"]
        self.order_fields(order)

    def items(self, prefix):
        return [self.cleaned_data.get(f"{prefix}_{i}", "") for i in (1, 2, 3)]


class ThreadForm(GuardedFormMixin, forms.Form):
    question = forms.ChoiceField(label=_("Bij vraag"), choices=Question.choices)
    text = forms.CharField(label=_("Rode draad"), widget=forms.Textarea(attrs={"rows": 2}))
    guarded_fields = ("text",)


class AdviceEditForm(forms.Form):
    forum = forms.ChoiceField(label=_("Overleg"), choices=[("", "—")] + Forum.choices, required=False)
    meeting_on = forms.DateField(
        label=_("Datum van het overleg"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    body = forms.CharField(label=_("Tekst van het advies"), widget=forms.Textarea(attrs={"rows": 24}))


class ForumMemberForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    organisation = forms.CharField(label=_("Organisatie"), max_length=150)
    mandate = forms.CharField(
        label=_("Mandaat"),
        max_length=200,
        help_text=_("Bijvoorbeeld: besluit namens de burgemeester over inzet handhaving."),
    )


class DecisionForm(GuardedFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=Outcome.choices, widget=forms.RadioSelect)
    forum = forms.ChoiceField(label=_("Overleg"), choices=Forum.choices)
    decided_on = forms.DateField(
        label=_("Datum van het besluit"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    priority = forms.IntegerField(
        label=_("Prioriteit ten opzichte van de andere groepen (1 = hoogste)"),
        required=False,
        min_value=1,
        max_value=99,
    )
    goals = _text(_("Doelen"), _("De voornaamste doelen die met de aanpak gehaald moeten worden."))
    frame_cost = _text(_("Kader: kosten"), rows=2)
    frame_capacity = _text(_("Kader: inzet en capaciteit"), rows=2)
    steering = _text(
        _("Wie stuurt op de aanpak"),
        _("Bijvoorbeeld de driehoek, of het management van de deelnemende organisaties."),
        rows=2,
    )
    escalation_line = _text(
        _("Escalatielijn (één stap per regel, in volgorde)"),
        _("Bijvoorbeeld: professional, teamleider, directeur, burgemeester — elk op een eigen regel."),
        rows=4,
    )
    inform_moments = _text(_("Wanneer en waarover wordt het overleg geïnformeerd"), rows=2)
    criminal_relation = _text(
        _("Verhouding tot een strafrechtelijk traject"),
        _("Alleen als dat aan de orde is: kaders uit het opsporingsbelang voor het plan van aanpak."),
        rows=2,
    )
    external_communication = _text(_("Wie communiceert naar buiten"), rows=2)
    motivation = _text(_("Motivering (bij niet prioriteren of aanvullende analyse)"), rows=3)
    analysis_domains = forms.MultipleChoiceField(
        label=_("Domeinen voor de aanvullende analyse"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fast_track = forms.BooleanField(
        label=_(
            "Achteraf vastgelegd (spoedprocedure): het besluit is eerder genomen, zonder schriftelijk advies"
        ),
        required=False,
    )
    guarded_fields = (
        "goals", "frame_cost", "frame_capacity", "steering", "escalation_line", "inform_moments",
        "criminal_relation", "external_communication", "motivation",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum van het besluit kan niet in de toekomst liggen."))
        return value

    def escalation(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("escalation_line", "").splitlines() if line.strip()
        ]


class ContactForm(GuardedFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.none(), widget=LightSelect
    )
    informed_on = forms.DateField(
        label=_("Geïnformeerd op"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    shared_information = forms.CharField(
        label=_("Gedeelde informatie (groepsniveau)"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Alleen informatie over de groep als geheel, zonder namen of andere persoonsgegevens."),
    )
    guarded_fields = ("shared_information",)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.exclude(pk=case.municipality_id)
        others = list(case.group.other_municipalities.values_list("pk", flat=True))
        if others:
            self.fields["municipality"].initial = others[0]
        self.fields["informed_on"].initial = timezone.localdate
