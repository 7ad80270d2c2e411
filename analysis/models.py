"""Steps 3–4 of the work process (appendix §3.4–3.5): the integral picture with its three
work forms (interventiematrix, group dynamics, circular questioning), the concept plan,
the anonymised advice, the forum's decision, and contacts with other municipalities.

Categories: picture, plan, threads, decisions and contacts are group-level text, checked
by the privacy guard. Personal data lives only where a member is referenced by key
(ties, member rows of the interventiematrix, key figures of a circular answer) or in the
two fields that name persons on purpose (picture.persons, plan.person_line); those are
shown only to users who may receive personal data and every read is logged per subject.
See docs/werkproces-stap-3-4.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from privacy.categories import Category


class ImmutableError(Exception):
    """A recorded row was about to be changed; records of this app are append-only."""


class ImmutableModel(models.Model):
    """Saved once, never updated: corrections are a new row (a new version, a new
    decision that supersedes the old one)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(
                f"{type(self).__name__} {self.pk} is vastgelegd en kan niet worden gewijzigd."
            )
        super().save(*args, **kwargs)


class Domain(models.TextChoices):
    """The domains of the problem definition (§3.4: 'aan de hand van de domeinen')."""

    OPENBARE_ORDE = "openbare_orde", _("Openbare orde")
    CRIMINALITEIT = "criminaliteit", _("Criminaliteit")
    ZORG = "zorg", _("Zorg")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    WERK_INKOMEN = "werk_inkomen", _("Werk en inkomen")
    WONEN = "wonen", _("Wonen")
    VRIJE_TIJD = "vrije_tijd", _("Vrije tijd")
    ONLINE = "online", _("Online")


class Severity(models.TextChoices):
    LAAG = "laag", _("Laag")
    MIDDEL = "middel", _("Middel")
    HOOG = "hoog", _("Hoog")
    ZEER_HOOG = "zeer_hoog", _("Zeer hoog")


class Urgency(models.TextChoices):
    LAAG = "laag", _("Laag")
    MIDDEL = "middel", _("Middel")
    HOOG = "hoog", _("Hoog")
    ACUUT = "acuut", _("Acuut")


# Sort key for the forum agenda: most severe / most urgent first.
SEVERITY_RANK = {"zeer_hoog": 0, "hoog": 1, "middel": 2, "laag": 3, "": 4}
URGENCY_RANK = {"acuut": 0, "hoog": 1, "middel": 2, "laag": 3, "": 4}


# --- the integral picture (versioned) -------------------------------------------


class PictureVersion(ImmutableModel):
    """One saved state of the integral picture. The highest number is current; every
    earlier version stays readable. A save must name the version it was based on, so a
    concurrent edit is detected instead of silently overwritten."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="picture_versions")
    number = models.PositiveIntegerField(_("versie"))
    group_characteristics = models.TextField(_("groepskenmerken"), blank=True)
    environment = models.TextField(_("omgevingsfactoren"), blank=True)
    persons = models.TextField(
        _("analyse op personen (waar noodzakelijk)"),
        blank=True,
        help_text=_("Persoonsgegevens: alleen zichtbaar voor wie die volgens het convenant mag ontvangen."),
    )
    domains = models.JSONField(_("probleemdefinitie per domein"), default=dict, blank=True)
    behaviour = models.TextField(_("duiding: gedrag"), blank=True)
    dynamics = models.TextField(_("duiding: groepsdynamiek"), blank=True)
    youth_situation = models.TextField(_("duiding: situatie van de jongeren"), blank=True)
    area_impact = models.TextField(_("duiding: impact op de omgeving"), blank=True)
    severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("te betrekken partners")
    )
    partners_note = models.TextField(_("toelichting partners"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    GROUP_TEXT_FIELDS = (
        "group_characteristics",
        "environment",
        "behaviour",
        "dynamics",
        "youth_situation",
        "area_impact",
        "partners_note",
    )
    category = Category.GROUP  # except `persons`: Category.PERSONAL

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_picture_version_number_per_case")
        ]
        verbose_name = _("versie van het integraal beeld")
        verbose_name_plural = _("versies van het integraal beeld")

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"

    def domain_rows(self):
        return [(label, self.domains.get(code, "")) for code, label in Domain.choices]


# --- the concept plan (versioned) and the capacity asked ------------------------


class ConceptPlanVersion(ImmutableModel):
    """The broad lines of the approach on person, group and area (§3.4), versioned like
    the picture. `person_line` may name persons (personal data); it is anonymised in the
    advice."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="concept_plan_versions")
    number = models.PositiveIntegerField(_("versie"))
    person_line = models.TextField(_("persoonsgericht (hoofdlijnen)"), blank=True)
    group_line = models.TextField(_("groepsgericht (hoofdlijnen)"), blank=True)
    area_line = models.TextField(_("gebiedsgericht (hoofdlijnen)"), blank=True)
    strategy = models.TextField(_("strategie en advies over de aanpak"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    GROUP_TEXT_FIELDS = ("group_line", "area_line", "strategy")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_plan_version_number_per_case")
        ]
        verbose_name = _("versie van het concept plan van aanpak")


class CapacityEstimate(models.Model):
    """A rough estimate of what one partner puts in (§3.4: 'globale schatting van de
    verwachte kosten en inzet'): hours per week and/or FTE over a number of months."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="capacity_estimates")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    fte = models.DecimalField(_("fte"), max_digits=5, decimal_places=2, null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("periode (maanden)"))
    cost = models.DecimalField(_("kosten (euro)"), max_digits=10, decimal_places=0, null=True, blank=True)
    note = models.CharField(_("waarvoor"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["organisation__name", "pk"]

    @property
    def total_hours(self):
        """Hours over the whole period: hours per week, else FTE at 36 hours a week."""
        weekly = self.hours_per_week
        if weekly is None and self.fte is not None:
            weekly = self.fte * 36
        if weekly is None:
            return None
        return round(float(weekly) * 52 / 12 * self.months)


# --- work form 1: the interventiematrix ------------------------------------------


class MatrixColumn(models.TextChoices):
    SIGNALS = "signalen", _("Signalen")
    INFORMATION = "informatie", _("Beschikbare informatie")
    STRATEGY = "strategie", _("Strategie")
    INTERVENTIONS = "interventies", _("Mogelijke interventies")


class InterventionEntry(ImmutableModel):
    """One partner's contribution to one cell of the interventiematrix (§3.4: 'signalen,
    beschikbare informatie, strategie op de aanpak en mogelijkheden tot interventie'). A row
    is the group (membership empty, group-level text) or one member (personal data, with
    the category the partner chose: ordinary, criminal-law or care)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="intervention_entries")
    membership = models.ForeignKey(
        "groups.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    column = models.CharField(_("kolom"), max_length=12, choices=MatrixColumn.choices)
    category = models.CharField(_("categorie"), max_length=10, choices=Category.choices)
    content = models.TextField(_("inhoud"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


# --- work form 2: group dynamics (ties; the assessments live in groups) ----------


class TieKind(models.TextChoices):
    FRIENDSHIP = "vriendschap", _("Vriendschap")
    FAMILY = "familie", _("Familie")
    LEADER = "leider_volger", _("Leider – volger")
    RIVALRY = "rivaliteit", _("Rivaliteit / conflict")


class Tie(models.Model):
    """A tie between two members of the same case, for the sociogram. Dated, so the
    picture can be drawn as it was on any day; ending a tie keeps it as history."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey("groups.Membership", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("groups.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort band"), max_length=14, choices=TieKind.choices)
    since = models.DateField(_("sinds"))
    until = models.DateField(_("tot"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    category = Category.PERSONAL

    class Meta:
        ordering = ["since", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="tie_between_two")
        ]


# --- work form 3: circular questioning --------------------------------------------


class Question(models.TextChoices):
    """The fixed questions of circular questioning (§3.4, the source's example)."""

    CHARACTERISTICS = "kenmerken", _("De 3 belangrijkste kenmerken van de groep")
    RISKS = "risicos", _("De 3 grootste risico's of zorgen")
    CONNECTIONS = "verbindingen", _("De 3 meest kansrijke verbindingen met het 'gewone' leven")
    INSIDE = "spilfiguren", _("De belangrijkste spilfiguren in de groep")
    OUTSIDE = "sleutelfiguren", _("De belangrijkste sleutelfiguren buiten de groep")


THREE_ITEM_QUESTIONS = (Question.CHARACTERISTICS, Question.RISKS, Question.CONNECTIONS)


class CircularRound(models.Model):
    """A round of circular questioning opened by the coordinator. Partners answer
    beforehand; in the session the answers are read side by side per question and the
    coordinator records the common threads."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="circular_rounds")
    number = models.PositiveIntegerField(_("ronde"))
    session_on = models.DateField(_("datum van de sessie"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_round_number_per_case")]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CircularAnswer(models.Model):
    """One organisation's answers in a round. The three-item questions and the key figures
    outside the group are group-level text (guarded: describe by role, not by name). Key
    figures inside the group are members chosen from the name list: personal data, shown
    only to who may receive it, every read logged."""

    round = models.ForeignKey(CircularRound, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    characteristics = models.JSONField(default=list)
    risks = models.JSONField(default=list)
    connections = models.JSONField(default=list)
    key_figures_inside = models.ManyToManyField("groups.Membership", blank=True, related_name="+")
    key_figures_inside_note = models.TextField(_("toelichting spilfiguren"), blank=True)
    key_figures_outside = models.TextField(_("sleutelfiguren buiten de groep"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="one_answer_per_organisation")
        ]

    def items(self, question: str) -> list[str]:
        return {
            Question.CHARACTERISTICS: self.characteristics,
            Question.RISKS: self.risks,
            Question.CONNECTIONS: self.connections,
        }.get(question, [])


class CommonThread(ImmutableModel):
    """A common thread (rode draad) the coordinator recorded for one question; the threads
    together are the building block of the integral picture and are shown on it."""

    round = models.ForeignKey(CircularRound, on_delete=models.CASCADE, related_name="threads")
    question = models.CharField(_("vraag"), max_length=14, choices=Question.choices)
    text = models.TextField(_("rode draad"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]


# --- step 4: advice, forum, decision ------------------------------------------------


class Forum(models.TextChoices):
    KETENOVERLEG = "ketenoverleg", _("Ketenoverleg")
    DRIEHOEK = "driehoek", _("Lokale driehoek")
    DRIEHOEK_PLUS = "driehoek_plus", _("Driehoek-plus / ketenoverleg+")


class AdviceStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SENT = "verzonden", _("Verzonden")


class Advice(models.Model):
    """The short policy advice to the forum (§3.5), generated from the picture and the
    concept plan and anonymised (persons become Jongere A, B, …). Editable while a draft;
    it can only be sent when the privacy guard finds nothing and no member's name is left.
    Once sent it is never changed."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="advices")
    number = models.PositiveIntegerField(_("nummer"))
    status = models.CharField(max_length=10, choices=AdviceStatus.choices, default=AdviceStatus.DRAFT)
    body = models.TextField(_("tekst van het advies"))
    # RESTRICT: the sources of an advice cannot be deleted on their own, only with the case.
    picture = models.ForeignKey(PictureVersion, on_delete=models.RESTRICT, related_name="+")
    plan = models.ForeignKey(ConceptPlanVersion, on_delete=models.RESTRICT, related_name="+")
    forum = models.CharField(_("overleg"), max_length=14, choices=Forum.choices, blank=True)
    meeting_on = models.DateField(_("datum van het overleg"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    category = Category.GROUP  # anonymised

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_advice_number_per_case")]

    @property
    def is_sent(self) -> bool:
        return self.status == AdviceStatus.SENT


class ForumMember(models.Model):
    """Who sits at the forum for this advice, for which organisation, with which mandate."""

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="forum_members")
    name = models.CharField(_("naam"), max_length=150)
    organisation = models.CharField(_("organisatie"), max_length=150)
    mandate = models.CharField(_("mandaat"), max_length=200)

    class Meta:
        ordering = ["pk"]


class Outcome(models.TextChoices):
    PRIORITISED = "geprioriteerd", _("Geprioriteerd: de groep wordt integraal aangepakt")
    NOT_PRIORITISED = "niet_geprioriteerd", _("Niet geprioriteerd")
    FURTHER_ANALYSIS = "verdere_analyse", _("Verzoek om aanvullende analyse (terug naar stap 3)")


class ForumDecision(ImmutableModel):
    """The forum's decision (§3.5). Immutable once recorded; a later decision on the same
    case supersedes it and points to it. A decision taken in an escalating situation may be
    recorded afterwards by the mandated person (fast track), visibly marked as such."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    advice = models.ForeignKey(Advice, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    supersedes = models.OneToOneField(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="superseded_by"
    )
    forum = models.CharField(_("overleg"), max_length=14, choices=Forum.choices)
    decided_on = models.DateField(_("datum van het besluit"))
    outcome = models.CharField(_("besluit"), max_length=20, choices=Outcome.choices)
    priority = models.PositiveSmallIntegerField(_("prioriteit (1 = hoogste)"), null=True, blank=True)
    goals = models.TextField(_("doelen"), blank=True)
    frame_cost = models.TextField(_("kader: kosten"), blank=True)
    frame_capacity = models.TextField(_("kader: inzet en capaciteit"), blank=True)
    steering = models.TextField(_("wie stuurt op de aanpak"), blank=True)
    escalation_line = models.JSONField(_("escalatielijn"), default=list, blank=True)
    inform_moments = models.TextField(_("wanneer en waarover het overleg wordt geïnformeerd"), blank=True)
    criminal_relation = models.TextField(_("verhouding tot een strafrechtelijk traject"), blank=True)
    external_communication = models.TextField(_("wie communiceert naar buiten"), blank=True)
    motivation = models.TextField(_("motivering"), blank=True)
    analysis_domains = models.JSONField(_("domeinen voor de aanvullende analyse"), default=list, blank=True)
    fast_track = models.BooleanField(_("achteraf vastgelegd (spoedprocedure)"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    TEXT_FIELDS = (
        "goals",
        "frame_cost",
        "frame_capacity",
        "steering",
        "inform_moments",
        "criminal_relation",
        "external_communication",
        "motivation",
    )
    category = Category.GROUP

    class Meta:
        db_table = "analysis_decision"  # the model was called Decision; the table keeps its name
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")

    def analysis_domain_labels(self) -> list[str]:
        labels = dict(Domain.choices)
        return [str(labels.get(code, code)) for code in self.analysis_domains]


# --- contacts with other municipalities --------------------------------------------


class MunicipalityContact(ImmutableModel):
    """The procesregisseur informed another municipality where the group is active or has
    ties (§3.5, §4.1.5): which, when, and what group-level information was shared."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="municipality_contacts")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    informed_on = models.DateField(_("geïnformeerd op"))
    shared_information = models.TextField(_("gedeelde informatie (groepsniveau)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-informed_on", "-pk"]
