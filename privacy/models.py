"""Privacy reference data, the covenant, guard confirmations and the processing log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation, OrganisationKind

from .categories import Category, LegalBasis


class MatrixCluster(models.TextChoices):
    I = "I", _("I. Groepskenmerken")  # noqa: E741 - the appendix numbers clusters I–VII
    II = "II", _("II. Strafrechtelijke informatie")
    III = "III", _("III. Werk, inkomen, wonen en vrije tijd")
    IV = "IV", _("IV. School / opleiding – leerplicht")
    V = "V", _("V. Zorg")
    VI = "VI", _("VI. Middelen")
    VII = "VII", _("VII. Locaties / IVZ / OOV")


class MatrixLevel(models.TextChoices):
    GROUP = "group", _("Groep")
    PERSON = "person", _("Persoon")
    BOTH = "both", _("Groep of persoon")


class MatrixItem(models.Model):
    """One question of the informatiematrix (appendix I), with its data category."""

    cluster = models.CharField(_("cluster"), max_length=4, choices=MatrixCluster.choices)
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("onderwerp"), max_length=200)
    category = models.CharField(_("categorie"), max_length=10, choices=Category.choices)
    level = models.CharField(_("niveau"), max_length=6, choices=MatrixLevel.choices, default=MatrixLevel.BOTH)

    class Meta:
        ordering = ["cluster", "order"]
        unique_together = [("cluster", "label")]
        verbose_name = _("informatiematrix-onderwerp")
        verbose_name_plural = _("informatiematrix")

    def __str__(self) -> str:
        return f"{self.cluster}. {self.label}"


class ProcessingActivity(models.Model):
    """The register of processing activities (verwerkingsregister) the log refers to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    purpose = models.TextField(_("doel"))
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsregister")

    def __str__(self) -> str:
        return self.name


class Covenant(models.Model):
    """A version of the covenant of one municipality (or region, via its parties)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="covenants")
    title = models.CharField(_("titel"), max_length=200)
    version = models.PositiveIntegerField(_("versie"), default=1)
    effective_from = models.DateField(_("geldig vanaf"))
    purposes = models.TextField(_("doelen"))
    parties = models.ManyToManyField(Organisation, related_name="covenants", verbose_name=_("partijen"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Subject access (issue 17): the log shows who processed the data by organisation; the
    # names of the officials only where the covenant says so.
    names_officials_in_access = models.BooleanField(
        _("namen van medewerkers noemen bij inzage"), default=False
    )

    class Meta:
        ordering = ["municipality", "-effective_from", "-version"]
        unique_together = [("municipality", "version")]
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class CovenantRule(models.Model):
    """Per organisation kind × category: may it supply, may it receive, on what basis, how long."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="rules")
    organisation_kind = models.CharField(
        _("soort organisatie"), max_length=20, choices=OrganisationKind.choices
    )
    category = models.CharField(_("categorie"), max_length=10, choices=Category.choices)
    may_supply = models.BooleanField(_("mag verstrekken"), default=False)
    may_receive = models.BooleanField(_("mag ontvangen"), default=False)
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices, blank=True)
    legal_basis_note = models.CharField(_("toelichting grondslag"), max_length=300, blank=True)
    retention_months = models.PositiveSmallIntegerField(_("bewaartermijn (maanden)"), default=24)

    class Meta:
        ordering = ["covenant", "organisation_kind", "category"]
        unique_together = [("covenant", "organisation_kind", "category")]
        verbose_name = _("convenantregel")
        verbose_name_plural = _("convenantregels")


class GuardConfirmation(models.Model):
    """An author's confirmation that a privacy-guard finding is not personal data."""

    subject = models.CharField(max_length=60, db_index=True)  # e.g. "intake.signal:12"
    # The case the text belongs to (no foreign key: privacy sits below cases): the privacy
    # officer's link when the object has no page of its own, and the case's retention.
    case_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    field = models.CharField(max_length=60, blank=True)  # the field or label the text was in
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=200)
    context = models.CharField(max_length=400, blank=True)  # the text around the finding
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)
    # The privacy officer's review: seen, and optionally a remark ("terecht", "niet terecht: ...").
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_remark = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-confirmed_at"]

    @property
    def kind_label(self) -> str:
        from .guard import KIND_LABELS

        return KIND_LABELS.get(self.kind, self.kind)


class ProcessingLogEntry(models.Model):
    """One processing of personal data, after the Logboek Dataverwerkingen standard.

    Append-only (database triggers refuse UPDATE and DELETE) and hash-chained with a key
    outside the database: `entry_hash = HMAC-SHA256(key[key_id], prev_hash + canonical
    content)` (privacy.chain; key id "sha256": the unkeyed hash of entries written before).
    Values of personal data are never written here, only references (pseudonymous
    subject id, case id).
    """

    sequence = models.BigIntegerField(unique=True)
    trace_id = models.CharField(max_length=32, db_index=True)
    span_id = models.CharField(max_length=16)
    parent_span_id = models.CharField(max_length=16, blank=True)
    operation = models.CharField(max_length=60)  # e.g. "person.read"
    action = models.CharField(max_length=10)  # read | create | update | delete | export | print
    status = models.CharField(max_length=10, default="ok")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150)
    actor_organisation = models.CharField(max_length=150, blank=True)
    activity = models.CharField(max_length=60)  # ProcessingActivity.code
    # Person.pseudonym; looked up through the index (data_subject, sequence) below — a second
    # index on the column alone only slowed down every append (issue 8).
    data_subject = models.CharField(max_length=36)
    case_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(max_length=200, blank=True)
    legal_basis = models.CharField(max_length=200, blank=True)
    categories = models.CharField(max_length=100, blank=True)  # codes, never values
    prev_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16, db_default="sha256")
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["data_subject", "sequence"])]
        verbose_name = _("verwerkingslogregel")
        verbose_name_plural = _("verwerkingslog")


class LogHead(models.Model):
    """One row per log stream (1: processing log, 2: security log), locked on every append
    so concurrent requests cannot fork the chain."""

    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class SecurityEvent(models.Model):
    """One security event (login, lockout, MFA, tokens, rights, access denied): the security
    log. Append-only and chained like the processing log (privacy.chain, stream
    "beveiligingslog"); kept SECURITY_LOG_RETENTION_DAYS (privacy.retention). Holds no
    case data: who, when, from where, what happened to which account or object."""

    sequence = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=40, db_index=True)  # privacy.security.KINDS
    user_id = models.BigIntegerField(null=True)  # the account concerned
    username = models.CharField(max_length=150, blank=True)
    actor_id = models.BigIntegerField(null=True)  # who did it, when not the account itself
    actor_username = models.CharField(max_length=150, blank=True)
    municipality_id = models.BigIntegerField(null=True, db_index=True)
    ip_address = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    target = models.CharField(max_length=100, blank=True)  # e.g. "api-token:12", "cases.case:5"
    detail = models.CharField(max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingslog")


class ChangeKind(models.TextChoices):
    """Changes that decide who sees case data: they take effect only after a second person
    approves them (four eyes; docs/adr/0009-four-eyes.md)."""

    USER_ACCESS = "user.access", _("Toegang van een gebruiker")
    ORGANISATION = "organisation", _("Soort of gemeente van een organisatie")
    COVENANT = "covenant.publish", _("Nieuwe versie van het convenant")
    IDENTITY_PROVIDER = "identity_provider", _("Inloggen via OpenID Connect van een organisatie")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd en doorgevoerd")
    REJECTED = "rejected", _("Afgewezen")


class ChangeRequest(models.Model):
    """A requested change of access (privacy/changes.py), its reason, and the second
    person's decision with theirs. Rows are never deleted: together they are the record of
    who asked for which access, when and why, and who approved or rejected it."""

    kind = models.CharField(_("soort wijziging"), max_length=20, choices=ChangeKind.choices)
    # The municipality the change concerns: its privacy officer may decide on it.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # user/organisation: {"field": [current value, requested value]};
    # covenant: {"base_version", "title", "effective_from", "purposes", "rules"}.
    changes = models.JSONField(_("wijzigingen"))
    reason = models.TextField(_("reden"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting bij het besluit"), blank=True)
    covenant = models.ForeignKey(
        Covenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the version an approved covenant request published

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("wijzigingsverzoek")
        verbose_name_plural = _("wijzigingsverzoeken")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class TombstoneAction(models.TextChoices):
    DELETED = "deleted", _("verwijderd")
    ANONYMISED = "anonymised", _("geanonimiseerd")
    UNLINKED = "unlinked", _("losgekoppeld van de jongere")
    BLANKED = "blanked", _("persoonsgerichte tekst gewist")


class Tombstone(models.Model):
    """What the retention run (or an upheld objection) removed: one row per record, without
    its content (ADR 0007). Which kind of record, its former id, the case, when, which rule
    (e.g. "bewaartermijn care tot 2027-01-01", "bezwaar 12 toegewezen") and what was done.
    Never deleted: with the processing log, the proof that the data went on time."""

    kind = models.CharField(_("soort gegeven"), max_length=60)  # "groups.Person", "cases.InformationItem"
    record_id = models.BigIntegerField(_("oorspronkelijk nummer"))
    case_id = models.BigIntegerField(_("casus"), null=True, db_index=True)
    category = models.CharField(_("categorie"), max_length=10, blank=True)
    action = models.CharField(_("handeling"), max_length=12, choices=TombstoneAction.choices)
    rule = models.CharField(_("regel"), max_length=120)
    at = models.DateTimeField(_("wanneer"), db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("grafsteen")
        verbose_name_plural = _("grafstenen (verwijderde gegevens)")

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id} {self.get_action_display()} ({self.rule})"


class ShipCursor(models.Model):
    """How far the processing log has been shipped to one receiver (privacy/shipping.py):
    the last sequence number the receiver confirmed, the shipped chain's hash after it, the
    last of our own checkpoints carried, and the latest attempt and error for the privacy
    officer's overview. Advanced only after the receiver answered 2xx: at least once."""

    name = models.CharField(max_length=40, unique=True, default="default")
    shipped_through = models.BigIntegerField(default=0)
    ship_hash = models.CharField(max_length=64, default="0" * 64)
    checkpoint_through = models.BigIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)  # consecutive failed attempts
    last_error = models.CharField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verzendpositie verwerkingslog")
        verbose_name_plural = _("verzendposities verwerkingslog")
