"""Step 6 of the work process (appendix §3.7): the actions the plan yields, their escalation
and reminders; the effect indicators measured against baseline and target; the progress
reports and the crisis briefings.

Categories: indicators, briefings and reports are group-level text, checked by the privacy
guard. An action aimed at one member references the member (personal data): shown only to
who may receive personal data, every read logged per subject.

The tables keep their names from the former `approach` app (docs/adr/0006-steps-5-7-apps.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from analysis.models import Forum, ImmutableModel
from groepsaanpak.choices import ChoiceLabelsMixin
from plans.models import TargetKind, Track
from privacy.categories import Category


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
    # An urgent measure of the fast track, taken before a plan existed (measure_key empty
    # until it is taken into the plan; the mark stays).
    urgent = models.BooleanField(_("spoedmaatregel"), default=False)
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
        db_table = "approach_action"
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
        db_table = "approach_actionupdate"
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
        db_table = "approach_reminder"
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
        db_table = "approach_escalation"
        ordering = ["escalated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "level"], name="one_escalation_per_action_level")
        ]


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
        db_table = "approach_indicator"
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
        db_table = "approach_measurement"
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
        db_table = "approach_progressreport"
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
        db_table = "approach_crisisperiod"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_at__isnull=True), name="one_open_crisis_per_case"
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class FastTrack(models.Model):
    """The fast track from the first hour (Nieuw-West, Hilversum): chosen by the regisseur
    with the reason. From then on crisis mode and urgent measures are possible in any step
    (cases.workflow WRITES with `fast_track`), not only in steps 5–6."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="fast_track")
    reason = models.TextField(_("reden voor de snelle route"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)
    step = models.PositiveSmallIntegerField(_("gekozen in stap"))

    category = Category.GROUP


class BriefingKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    DEBRIEFING = "debriefing", _("Debriefing")


class CrisisBriefing(models.Model):
    """The daily short briefing in crisis mode: what happened, what is planned, who is where
    (deployment of professionals; group level, no youths by name). Per day a briefing
    before the shift and a debriefing after it (kind)."""

    period = models.ForeignKey(CrisisPeriod, on_delete=models.CASCADE, related_name="briefings")
    day = models.DateField(_("dag"))
    kind = models.CharField(
        _("soort"), max_length=10, choices=BriefingKind.choices, default=BriefingKind.BRIEFING
    )
    happened = models.TextField(_("wat is er gebeurd"))
    planned = models.TextField(_("wat is er gepland"))
    whereabouts = models.TextField(_("wie is waar"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    category = Category.GROUP

    class Meta:
        db_table = "approach_crisisbriefing"
        ordering = ["-day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["period", "day", "kind"], name="one_briefing_of_a_kind_per_day")
        ]


class CrisisPublication(models.Model):
    """A half-A4 briefing published to a distribution list of organisations and functions
    (documents.crisis_briefing composes it; monitoring.services.publish_briefing guards,
    stores and logs it). The text is kept as published: group level only."""

    period = models.ForeignKey(CrisisPeriod, on_delete=models.CASCADE, related_name="publications")
    day = models.DateField(_("dag"))
    text = models.TextField(_("tekst zoals gepubliceerd"))
    facts = models.JSONField(default=dict)  # documents.crisis_briefing.BriefingFacts, for the PDF
    organisations = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("organisaties"))
    functions = models.CharField(_("functies"), max_length=300, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP

    class Meta:
        ordering = ["-published_at", "-pk"]
