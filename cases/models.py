"""One case per youth group: the 7-step process, its participants and step-2 work."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from groepsaanpak.choices import ChoiceLabelsMixin
from groups.models import Person, YouthGroup
from privacy import access
from privacy.categories import PERSONAL_CATEGORIES, Category, LegalBasis
from privacy.models import MatrixItem


class Step(models.IntegerChoices):
    SIGNALEN = 1, _("1. Signalen delen")
    INFORMATIE = 2, _("2. Informatie verzamelen en verbinden")
    BEELD = 3, _("3. Integraal beeld en concept PvA")
    ADVIES = 4, _("4. Adviseren en prioriteren")
    PLAN = 5, _("5. Integraal plan van aanpak")
    UITVOEREN = 6, _("6. Uitvoeren en monitoren")
    AFRONDEN = 7, _("7. Afronden en evalueren")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    CLOSED = "closed", _("Afgesloten")


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CaseStatus.OPEN)

    def visible_to(self, user):
        """The cases this user may open, as privacy.access.case_scope decides."""
        scope = access.case_scope(user)
        if scope.nothing:
            return self.none()
        seen = models.Q(pk__in=[])
        if scope.municipality_id is not None:
            seen |= models.Q(municipality_id=scope.municipality_id)
        if scope.organisation_id is not None:
            # IN (subquery) rather than a join: no duplicate rows, so no DISTINCT over big lists.
            participating = Participant.objects.filter(organisation_id=scope.organisation_id)
            seen |= models.Q(pk__in=participating.values("case_id"))
        if scope.user_id is not None:
            seen |= models.Q(coordinator_id=scope.user_id)
        return self.filter(seen)

    def named_for(self, user):
        """The cases this user is named for (Case.named_user_ids, for many cases at once): a
        narrowing before the access decision, which still decides per case."""
        named = NamedPerson.objects.filter(user_id=user.pk, removed_at=None).values("case_id")
        return self.filter(
            models.Q(pk__in=named) | models.Q(opened_by_id=user.pk) | models.Q(coordinator_id=user.pk)
        )


class Case(ChoiceLabelsMixin, models.Model):
    group = models.ForeignKey(YouthGroup, on_delete=models.PROTECT, related_name="cases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="cases")
    cycle = models.PositiveSmallIntegerField(_("cyclus"), default=1)
    step = models.PositiveSmallIntegerField(_("stap"), choices=Step.choices, default=Step.SIGNALEN)
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("uitvoeringscoördinator"),
    )
    legal_basis_choice = models.CharField(
        _("grondslag"), max_length=20, choices=LegalBasis.choices, blank=True
    )
    legal_basis = models.TextField(_("grondslag (toelichting)"), blank=True)
    necessity = models.TextField(_("noodzaak en proportionaliteit"), blank=True)
    priority = models.PositiveSmallIntegerField(_("prioriteit"), null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)
    retention_until = models.DateField(_("bewaren tot"), null=True, blank=True)
    legal_hold = models.BooleanField(_("bewaarplicht (legal hold)"), default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(status="open"),
                name="one_open_case_per_group",
            )
        ]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")

    def __str__(self) -> str:
        return f"{self.group.name} ({self.get_step_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def has_legal_basis(self) -> bool:
        return bool(self.coordinator_id and self.legal_basis_choice and self.necessity.strip())

    def retention_dates(self) -> dict:
        """Per personal category, the date its data are kept until (privacy.retention): the
        terms fixed when the case ended; a case closed before there were terms keeps all of
        them until retention_until."""
        dates = {t.data_category: t.keep_until for t in self.retention_terms.all()}
        if not dates and self.retention_until:
            dates = {str(c): self.retention_until for c in PERSONAL_CATEGORIES}
        return dates

    def participant_organisation_ids(self) -> list[int]:
        """A fact for the access decision: the organisations taking part."""
        return list(self.participants.values_list("organisation_id", flat=True))

    def named_user_ids(self) -> set[int]:
        """A fact for the access decision (need to know): the people named for this case —
        who opened it, its coordinator, and those named since (and not removed)."""
        named = set(self.named.filter(removed_at=None).values_list("user_id", flat=True))
        return named | {pk for pk in (self.opened_by_id, self.coordinator_id) if pk}


class Participant(ChoiceLabelsMixin, models.Model):
    """An organisation invited to take part in a case (from a given step)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invited_at_step = models.PositiveSmallIntegerField(choices=Step.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("case", "organisation")]


class NamedPerson(models.Model):
    """A person named for a case by its coordinator or regisseur: need to know. Of the
    municipality's case roles only who opened the case, its coordinator and the people named
    here see the youths' personal data (privacy.access). Never deleted: a removal is recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="named")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("waarom"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_at=None),
                name="one_active_naming_per_person",
            )
        ]


class Transition(ChoiceLabelsMixin, models.Model):
    """Append-only history of the step machine: who moved the case, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_step = models.PositiveSmallIntegerField(choices=Step.choices, null=True)
    to_step = models.PositiveSmallIntegerField(choices=Step.choices, null=True)
    kind = models.CharField(max_length=10)  # open | forward | back | close | reopen
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]


class RetentionTerm(ChoiceLabelsMixin, models.Model):
    """How long one category of the case's personal data is kept (issue 17): fixed when the
    case ends, whichever way (closing after step 2, 3, 4 or 7), from the covenant's term
    per category (privacy.retention.category_dates); step 7's retention decision may
    shorten or extend it with a motivation. Case.retention_until is the last of them (the
    ordinary personal data, which go last)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="retention_terms")
    # Not this row's own category (it holds no personal data) but the one it governs.
    data_category = models.CharField(_("categorie"), max_length=10, choices=Category.choices)
    keep_until = models.DateField(_("bewaren tot"))
    months = models.PositiveSmallIntegerField(_("termijn volgens het convenant (maanden)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "data_category"], name="one_retention_term_per_category")
        ]
        verbose_name = _("bewaartermijn per categorie")
        verbose_name_plural = _("bewaartermijnen per categorie")


class InformationItem(ChoiceLabelsMixin, models.Model):
    """One filled cell of the informatiematrix: about the group (person empty) or a member."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="information"
    )
    matrix_item = models.ForeignKey(MatrixItem, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=10, choices=Category.choices)
    content = models.TextField(_("inhoud"))
    supplied_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["matrix_item__cluster", "matrix_item__order", "pk"]


class RequestKind(models.TextChoices):
    GROEPSSCAN = "groepsscan", _("Groepsscan (politie, namens de burgemeester aan de teamchef)")
    OM = "om", _("Strafrechtelijke informatie OM")
    INTERNAL = "intern", _("Interne afdeling (handhaving, leerplicht, sociaal domein)")
    EXTERNAL = "extern", _("Externe partner")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Beantwoord")
    DECLINED = "declined", _("Geweigerd")


class InformationPosition(models.TextChoices):
    STRONG = "sterk", _("Sterk")
    MODERATE = "matig", _("Matig")
    WEAK = "zwak", _("Zwak")


class InformationRequest(ChoiceLabelsMixin, models.Model):
    """A tracked request for information in step 2 (groepsscan, OM, internal, external)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("soort verzoek"), max_length=12, choices=RequestKind.choices)
    addressee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("gericht aan")
    )
    question = models.TextField(_("vraag"))
    items = models.ManyToManyField(
        MatrixItem, blank=True, related_name="+", verbose_name=_("gevraagde onderwerpen")
    )
    due_date = models.DateField(_("uiterste datum"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    unknown_to_police = models.PositiveSmallIntegerField(
        _("aantal namen onbekend bij politie"), null=True, blank=True
    )
    information_position = models.CharField(
        _("sterkte informatiepositie"),
        max_length=6,
        choices=InformationPosition.choices,
        blank=True,
    )
    attachment = models.FileField(
        _("bijlage (bijv. geanonimiseerd standaardrapport)"), upload_to="requests/%Y/", blank=True
    )
    # The type found in the content at upload (groepsaanpak.uploads), served back as is.
    attachment_content_type = models.CharField(max_length=100, blank=True)
    # §3.3: a groepsscan is addressed by the burgemeester (through the contact person who
    # sends it: requested_by) to a police FUNCTION, the teamchef; only who holds that
    # function (or deputises for it) answers. The standard report goes to the burgemeester
    # and the gebiedsofficier of the OM, also when the OM takes no part in the case.
    addressee_function = models.CharField(_("gericht aan functie"), max_length=60, blank=True)
    mayor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("namens de burgemeester"),
    )
    om_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebiedsofficier van het OM"),
    )
    reported_at = models.DateTimeField(_("standaardrapportage verstrekt op"), null=True, blank=True)
    # A groepsscan the police started themselves (in step 1, for internal reasons).
    police_initiated = models.BooleanField(_("door de politie zelf gestart"), default=False)
    # An OM request only where criminal aspects dominate: why, and when it was agreed with the OM.
    reason = models.TextField(_("waarom strafrechtelijke informatie nodig is"), blank=True)
    consulted_on = models.DateField(_("vooraf afgestemd met het OM op"), null=True, blank=True)

    category = Category.GROUP  # the groepsscan report is anonymised; names go via the name list

    class Meta:
        ordering = ["-requested_at"]

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == RequestStatus.OPEN and self.due_date < timezone.localdate()

    def get_display_status(self) -> str:
        return str(_("Verlopen")) if self.is_overdue else self.get_status_display()


class NameOutcome(models.TextChoices):
    UNKNOWN = "unknown", _("Onbekend bij de politie")
    KNOWN = "known", _("Bekend bij de politie")
    SELECTED = "selected", _("Geselecteerd (proces-verbaal in het afgelopen jaar)")


class RequestName(ChoiceLabelsMixin, models.Model):
    """One name of the agreed name list that a groepsscan or OM request covers, and the
    answer about it: known / unknown / selected (groepsscan, by the teamchef), or the OM's
    information about this person. Police and OM information about a person is
    criminal-law data (AVG art. 10), whatever the outcome."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="names")
    membership = models.ForeignKey("groups.Membership", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=NameOutcome.choices, blank=True)
    content = models.TextField(_("informatie"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    category = Category.CRIMINAL

    class Meta:
        ordering = ["membership__person__full_name", "pk"]
        unique_together = [("request", "membership")]


class RightsRequestKind(models.TextChoices):
    ACCESS = "access", _("Inzage")
    CORRECTION = "correction", _("Correctie")
    OBJECTION = "objection", _("Bezwaar")


class RightsRequestStatus(models.TextChoices):
    OPEN = "open", _("In behandeling")
    UPHELD = "upheld", _("Toegewezen")
    REJECTED = "rejected", _("Afgewezen")


CORRECTABLE_FIELDS = {
    "full_name": _("naam"),
    "nickname": _("bijnaam"),
    "date_of_birth": _("geboortedatum"),
    "address": _("adres"),
}


class RightsRequest(ChoiceLabelsMixin, models.Model):
    """A data subject's request (AVG art. 15, 16, 21; issue 17): inzage, correctie or bezwaar,
    with its handling: received, deadline (one month, extendable by two with a reason),
    outcome. A correction keeps the old value (shown to the privacy officer only); an upheld
    objection removes the person from the case, leaving tombstones."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rights_requests")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(_("soort verzoek"), max_length=12, choices=RightsRequestKind.choices)
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("uiterste datum"))
    extension_reason = models.TextField(_("reden van verlenging"), blank=True)
    request = models.TextField(_("verzoek"), blank=True)
    field = models.CharField(_("te corrigeren gegeven"), max_length=20, blank=True)
    new_value = models.CharField(_("juiste waarde"), max_length=200, blank=True)
    old_value = models.CharField(_("oude waarde"), max_length=200, blank=True)  # privacy officer only
    status = models.CharField(
        _("status"), max_length=10, choices=RightsRequestStatus.choices, default=RightsRequestStatus.OPEN
    )
    outcome = models.TextField(_("uitkomst"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    category = Category.PERSONAL

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("verzoek van een betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")

    @property
    def field_label(self) -> str:
        return str(CORRECTABLE_FIELDS.get(self.field, self.field))


# --- informatieplicht (issue 17): who was told that data about a youth are shared ------------


class Audience(models.TextChoices):
    YOUTH = "youth", _("Jongere")
    PARENT = "parent", _("Ouder of voogd")


class InformedHow(models.TextChoices):
    HANDED = "handed", _("Overhandigd (bijvoorbeeld bij een huisbezoek)")
    POST = "post", _("Per post verstuurd")
    EMAIL = "email", _("Per e-mail verstuurd")


class LetterTemplate(models.Model):
    """The municipality's own words for the informatieplicht letter, per audience; without
    one the default of documents.informing_letter is used. Holds no personal data."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(_("voor"), max_length=10, choices=Audience.choices)
    why = models.TextField(_("Waarom delen wij gegevens?"))
    approach = models.TextField(_("Wat is de aanpak?"))
    contact = models.TextField(_("Met wie kunt u contact opnemen?"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("municipality", "audience")]
        verbose_name = _("briefsjabloon informatieplicht")
        verbose_name_plural = _("briefsjablonen informatieplicht")


class InformingRecipient(ChoiceLabelsMixin, models.Model):
    """Someone to inform that data about a youth on the name list are shared: the youth, or a
    parent or guardian; when and how they were informed, or why informing is postponed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="informing")
    membership = models.ForeignKey(
        "groups.Membership", on_delete=models.CASCADE, related_name="informing_recipients"
    )
    audience = models.CharField(_("voor"), max_length=10, choices=Audience.choices)
    # A parent's or guardian's name and address; empty for the youth (their own are used).
    name = models.CharField(_("naam ouder of voogd"), max_length=150, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    informed_on = models.DateField(_("geïnformeerd op"), null=True, blank=True)
    informed_how = models.CharField(_("hoe"), max_length=10, choices=InformedHow.choices, blank=True)
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The source's exception: informing would harm a criminal investigation.
    postponed_reason = models.CharField(_("reden van uitstel"), max_length=500, blank=True)
    review_on = models.DateField(_("opnieuw beoordelen op"), null=True, blank=True)
    postponed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.PERSONAL

    class Meta:
        ordering = ["membership_id", "audience", "pk"]
        verbose_name = _("te informeren persoon")
        verbose_name_plural = _("te informeren personen")

    @property
    def informed(self) -> bool:
        return self.informed_on is not None

    @property
    def postponed(self) -> bool:
        return not self.informed and bool(self.postponed_reason)


class CoordinatorMandate(models.Model):
    """The appointment of a case's coordinator as the partners agreed it (§3.1, §4.1.1):
    who agreed and when, and the mandate under which the coordinator acts. Kept per
    appointment (append only), so an earlier coordinator's mandate stays readable. A
    coordinator from a partner (e.g. the police, Nieuw-West) is appointed only with it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coordinator_mandates")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    mandate = models.TextField(_("mandaat"))
    agreed_on = models.DateField(_("ingestemd op"))
    agreed_by = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("ingestemd door"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP  # about the officials and partners, not about a youth

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("mandaat van de coördinator")
        verbose_name_plural = _("mandaten van de coördinator")
