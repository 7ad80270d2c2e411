"""Steps 5–7 of the work process (appendix §3.6–3.8): the integral plan of approach as a
living, versioned document; the actions it yields, their escalation and reminders; the
effect indicators measured against baseline and target; the crisis briefings; and the
closing — the forum's decision to scale down or stop, the hand-overs, the retention
period and the evaluation.

Categories: the plan, indicators, briefings, reports and the evaluation are group-level
text, checked by the privacy guard. Personal data lives only where a member is referenced
by key (a measure or an action aimed at one member, a hand-over of one youth's guidance):
shown only to who may receive personal data, every read logged per subject.

The plan's content is one JSON document per version (see `approach.content` for its
shape); every item in it (goal, result, scenario, measure) keeps a stable `key` across
versions, so actions point at a measure and indicators at a result whatever version is
in force. See docs/werkproces-stap-5-7.md.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from analysis.models import Forum, ImmutableModel
from groepsaanpak.choices import ChoiceLabelsMixin
from privacy.categories import Category

# --- step 5: the plan of approach (versioned) -------------------------------------------


class PlanVersion(ImmutableModel):
    """One saved state of the integral plan of approach. The highest number is the version
    in force; every earlier version stays readable and can be compared with any other. A
    save names the version it was based on (optimistic locking): a concurrent save gets a
    conflict and loses nothing. Every version after the first states its reason."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="approach_plans")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("inhoud"), default=dict)
    reason = models.TextField(_("reden van de wijziging"), blank=True)
    decision = models.ForeignKey(
        "analysis.Decision", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP  # except measures aimed at one member: Category.PERSONAL

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_approach_plan_number_per_case")
        ]
        verbose_name = _("versie van het plan van aanpak")
        verbose_name_plural = _("versies van het plan van aanpak")

    def __str__(self) -> str:
        return f"{self.case_id} PvA v{self.number}"


# --- step 6: actions, reminders, escalation -----------------------------------------------


class Track(models.TextChoices):
    """The three tracks of the approach (§3.6)."""

    PERSON = "persoon", _("Persoons- en gezinsgericht")
    GROUP = "groep", _("Groeps- en netwerkgericht")
    ENVIRONMENT = "omgeving", _("Omgevingsgericht")


class TargetKind(models.TextChoices):
    MEMBER = "jongere", _("Een jongere")
    GROUP = "groep", _("De groep")
    LOCATION = "locatie", _("Een locatie")


class ActionStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    RUNNING = "lopend", _("Lopend")
    DONE = "gereed", _("Gereed")
    NOT_KEPT = "niet_nagekomen", _("Niet nagekomen")
    LAPSED = "vervallen", _("Vervallen")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.RUNNING)


class Action(ChoiceLabelsMixin, models.Model):
    """One agreement from the plan: who (organisation, optionally a named person) does what
    for whom (a member, the group, a location) by when. A member-targeted action is
    personal data (its category); the others are group-level."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="actions")
    measure_key = models.CharField(_("maatregel in het plan"), max_length=40, blank=True, db_index=True)
    track = models.CharField(_("spoor"), max_length=10, choices=Track.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar (organisatie)")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("eigenaar (persoon)"),
    )
    target_kind = models.CharField(_("gericht op"), max_length=8, choices=TargetKind.choices)
    membership = models.ForeignKey(
        "groups.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    description = models.TextField(_("wat wordt er gedaan"))
    due_date = models.DateField(_("uiterlijk gereed"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    result_note = models.TextField(_("resultaat"), blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target_kind="jongere") | models.Q(membership__isnull=False),
                name="member_action_names_member",
            )
        ]
        # The regie overview counts open and overdue actions per case (bench/RESULTS.md).
        indexes = [models.Index(fields=["case", "status", "due_date"], name="action_case_status_due")]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def category(self) -> str:
        return Category.PERSONAL if self.membership_id else Category.GROUP

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class ActionUpdate(ChoiceLabelsMixin, ImmutableModel):
    """Append-only history of an action: each change of status or result note."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(max_length=16, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ActionStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Reminder(models.Model):
    """One reminder e-mail about an overdue action. Unique per action, recipient and due
    date: the reminder command can run any number of times and sends each reminder once
    (a new due date is a new reminder)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "recipient", "due_date"], name="one_reminder_per_action_recipient_due"
            )
        ]


class Escalation(ChoiceLabelsMixin, models.Model):
    """An agreement not kept, escalated by the coordinator one level up the line recorded
    in the decision (e.g. professional → teamleider → directeur → burgemeester). The
    outcome is recorded afterwards; a next escalation goes one level higher."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="escalations")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("niveau"))  # index in the decision's escalation line
    level_label = models.CharField(_("geëscaleerd naar"), max_length=100)
    reason = models.TextField(_("waarom"))
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField(auto_now_add=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    category = Category.GROUP

    class Meta:
        ordering = ["escalated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "level"], name="one_escalation_per_action_level")
        ]


# --- step 6: monitoring -------------------------------------------------------------------


class IndicatorSource(models.TextChoices):
    MANUAL = "hand", _("Met de hand ingevoerd")
    CSV = "csv", _("Geïmporteerd uit CSV")
    SIGNALS = "signalen", _("Berekend uit de signalen van de casus")


class Direction(models.TextChoices):
    DOWN = "omlaag", _("Lager is beter")
    UP = "omhoog", _("Hoger is beter")


class Indicator(models.Model):
    """An effect indicator measured over time (e.g. overlast reports per week), shown
    against its baseline (nulmeting) and target. Linked to a SMART result of the plan by
    the result's key, or free-standing. Group level: counts, never persons."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=150)
    unit = models.CharField(_("eenheid"), max_length=60, blank=True)
    result_key = models.CharField(_("resultaat in het plan"), max_length=40, blank=True)
    baseline = models.DecimalField(_("nulmeting"), max_digits=10, decimal_places=2)
    target = models.DecimalField(_("streefwaarde"), max_digits=10, decimal_places=2)
    direction = models.CharField(
        _("richting"), max_length=8, choices=Direction.choices, default=Direction.DOWN
    )
    source = models.CharField(
        _("bron"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    # For source=signals: which behaviours count (empty: all), counted per week.
    signal_behaviours = models.JSONField(_("gedragingen die meetellen"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("effectindicator")
        verbose_name_plural = _("effectindicatoren")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """One value of an indicator for a period (week or month starting on `period_start`).
    Re-entering or re-importing the same period replaces the value (kept in `history`)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("periode vanaf"))
    value = models.DecimalField(_("waarde"), max_digits=10, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL)
    history = models.JSONField(default=list, blank=True)  # earlier values: [{value, by, at}]
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="one_measurement_per_period")
        ]


class ProgressReport(ImmutableModel):
    """A periodic progress report to the forum, generated from the plan, the actions and
    the indicators (group level; guarded), on the schedule the decision set."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="progress_reports")
    number = models.PositiveIntegerField(_("nummer"))
    period_from = models.DateField(_("periode vanaf"))
    period_to = models.DateField(_("periode tot en met"))
    body = models.TextField(_("tekst"))
    forum = models.CharField(_("overleg"), max_length=14, choices=Forum.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_progress_report_number_per_case")
        ]


class CrisisPeriod(models.Model):
    """Crisis mode for a fast-moving case: from start to end, a short briefing every day."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="crisis_periods")
    reason = models.TextField(_("aanleiding"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_at__isnull=True), name="one_open_crisis_per_case"
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CrisisBriefing(models.Model):
    """The daily short briefing in crisis mode: what happened, what is planned, who is where
    (deployment of professionals; group level, no youths by name)."""

    period = models.ForeignKey(CrisisPeriod, on_delete=models.CASCADE, related_name="briefings")
    day = models.DateField(_("dag"))
    happened = models.TextField(_("wat is er gebeurd"))
    planned = models.TextField(_("wat is er gepland"))
    whereabouts = models.TextField(_("wie is waar"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["period", "day"], name="one_briefing_per_day")]


# --- step 7: closing ------------------------------------------------------------------------


class ClosingOutcome(models.TextChoices):
    SCALE_DOWN = "afschalen", _("Afschalen: de aanpak gaat over naar de reguliere zorg en aanpak")
    STOP = "stoppen", _("Stoppen: de doelen zijn bereikt of de aanpak heeft geen zin meer")


class ClosingDecision(ImmutableModel):
    """The forum's decision to scale down or stop (§3.8), tested against the plan's
    results: each result reached or not, with its figures (`results`: [{key, reached,
    figures}])."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closing_decisions")
    plan = models.ForeignKey(PlanVersion, on_delete=models.RESTRICT, null=True, blank=True, related_name="+")
    forum = models.CharField(_("overleg"), max_length=14, choices=Forum.choices)
    decided_on = models.DateField(_("datum van het besluit"))
    outcome = models.CharField(_("besluit"), max_length=10, choices=ClosingOutcome.choices)
    results = models.JSONField(_("getoetste resultaten"), default=list)
    motivation = models.TextField(_("motivering"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-recorded_at", "-pk"]


class HandoverStatus(models.TextChoices):
    OFFERED = "aangeboden", _("Aangeboden")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "geweigerd", _("Geweigerd")


class Handover(models.Model):
    """A recorded transfer at closing: a remaining action, or the continued guidance of one
    youth, handed to a named organisation, which accepts (or declines with a reason). A
    hand-over of a youth's guidance is personal data."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("overgedragen aan")
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="handovers"
    )
    membership = models.ForeignKey(
        "groups.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    what = models.TextField(_("wat wordt overgedragen"))
    status = models.CharField(max_length=12, choices=HandoverStatus.choices, default=HandoverStatus.OFFERED)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reden van weigering"), blank=True)

    class Meta:
        ordering = ["offered_at", "pk"]

    @property
    def category(self) -> str:
        return Category.PERSONAL if self.membership_id else Category.GROUP


class RetentionDecision(ImmutableModel):
    """The retention period for the case's personal data, fixed at closing with its
    motivation (default: the covenant's term). The newest one is in force and is copied to
    Case.retention_until; the retention command deletes or anonymises after that date
    unless the case is under a legal hold."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="retention_decisions")
    keep_until = models.DateField(_("bewaren tot"))
    covenant_months = models.PositiveSmallIntegerField(_("termijn volgens het convenant (maanden)"))
    motivation = models.TextField(_("motivering"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]


class Criterion(models.TextChoices):
    """The evaluation criteria of the source (§3.8)."""

    ROLES = "rollen", _("Duidelijkheid van rollen en werkbaarheid van afspraken")
    INFORMATION = "informatie", _("Informatieoverdracht")
    EFFORT = "inzet", _("Mate en soort van inzet")
    EFFECTIVENESS = "effectiviteit", _("Effectiviteit")
    SPEED = "snelheid", _("Snelheid van handelen op ontwikkelingen")
    DURATION = "doorlooptijd", _("Geplande versus gerealiseerde doorlooptijd")
    BOTTLENECKS = "knelpunten", _("Overige knelpunten")


class Evaluation(models.Model):
    """The evaluation of the approach: measured criteria filled in by the system (a snapshot
    in `measured`, recomputed until the evaluation is discussed), the participants' written
    contributions, and the date the forum discussed the report."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="evaluation")
    measured = models.JSONField(_("gemeten"), default=dict)
    summary = models.TextField(_("samenvatting en lessen"), blank=True)
    discussed_on = models.DateField(_("besproken in het overleg op"), null=True, blank=True)
    forum = models.CharField(_("overleg"), max_length=14, choices=Forum.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    category = Category.GROUP


class EvaluationContribution(models.Model):
    """One participating organisation's written evaluation, per criterion (`texts`:
    {criterion code: text}); group level, guarded."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    texts = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "organisation"], name="one_contribution_per_organisation"
            )
        ]


class LegalHold(ImmutableModel):
    """Append-only history of the legal hold (bewaarplicht) on a case: switched on or off,
    by whom, when and why. Case.legal_hold carries the current state; while it is on, the
    retention command leaves the case's personal data alone."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    on = models.BooleanField(_("bewaarplicht aan"))
    reason = models.TextField(_("reden"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
