"""In-app notifications, per-user preferences and the e-mail outbox (ADR 0013).

A notification carries no personal data: its kind, the group's working name (group
level), a link inside the site and the case number. What the reader may see behind the
link is decided again when it is opened (privacy.access). `notifications` sits in the
lowest layer: it knows users, not cases; the domain services decide who is told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    STEP_MOVED = "step_moved", _("Een groepsaanpak waarin ik deelneem gaat naar een andere stap")
    APPOINTED = "appointed", _("Ik ben aangewezen als uitvoeringscoördinator")
    NAMED = "named", _("Ik ben bij naam aan een groepsaanpak verbonden")
    ACTION_ASSIGNED = "action_assigned", _("Een actie is aan mij of mijn organisatie toegewezen")
    ACTION_DUE = "action_due", _("Een actie van mij verloopt binnenkort")
    ACTION_OVERDUE = "action_overdue", _("Een actie van mij is te laat")
    REQUEST_ADDRESSED = "request_addressed", _("Een informatieverzoek is aan mij gericht")
    REQUEST_ANSWERED = "request_answered", _("Er is antwoord op een informatieverzoek")
    ESCALATION = "escalation", _("Een escalatie komt bij mij aan")
    ADVICE_AWAITS = "advice_awaits", _("Een advies wacht op mijn besluit")
    DECISION_RECORDED = "decision_recorded", _("Het overleg heeft een besluit vastgelegd")
    HANDOVER_OFFERED = "handover_offered", _("Een overdracht is aan mijn organisatie aangeboden")


# The one line a notification shows, in-app and as an e-mail subject: the kind and the
# group's working name, nothing more.
TEXTS = {
    Kind.STEP_MOVED: _("%(alias)s staat nu in een andere stap"),
    Kind.APPOINTED: _("U bent aangewezen als uitvoeringscoördinator van %(alias)s"),
    Kind.NAMED: _("U bent bij naam verbonden aan %(alias)s"),
    Kind.ACTION_ASSIGNED: _("Nieuwe actie voor u of uw organisatie in %(alias)s"),
    Kind.ACTION_DUE: _("Een actie in %(alias)s verloopt binnenkort"),
    Kind.ACTION_OVERDUE: _("Een actie in %(alias)s is te laat"),
    Kind.REQUEST_ADDRESSED: _("Een informatieverzoek in %(alias)s is aan u gericht"),
    Kind.REQUEST_ANSWERED: _("Er is antwoord op een informatieverzoek in %(alias)s"),
    Kind.ESCALATION: _("Een escalatie in %(alias)s is bij u aangekomen"),
    Kind.ADVICE_AWAITS: _("Het advies over %(alias)s wacht op uw besluit"),
    Kind.DECISION_RECORDED: _("Het overleg heeft besloten over %(alias)s"),
    Kind.HANDOVER_OFFERED: _("Een overdracht aan uw organisatie wacht op antwoord (%(alias)s)"),
}


class Channel(models.TextChoices):
    IMMEDIATE = "direct", _("Direct per e-mail")
    DIGEST = "dagelijks", _("Eén keer per dag per e-mail")
    OFF = "uit", _("Geen e-mail (alleen in Groepsaanpak)")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The case's number, no foreign key: notifications sits below cases (ADR 0013).
    case_id = models.PositiveIntegerField(null=True, blank=True)
    alias = models.CharField(_("groep"), max_length=120)  # the group's working name: group level
    link = models.CharField(max_length=300)  # a path inside the site
    # An event that may be emitted again (a deadline checked every run) is told once per key.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="one_notification_per_key"
            )
        ]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return str(TEXTS[self.kind]) % {"alias": self.alias}

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How a user is told about one kind of event; no row means the default (DEFAULTS)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]


# Deadlines are daily news: by default in the digest; the rest comes at once.
DEFAULTS = {kind: Channel.IMMEDIATE for kind in Kind} | {
    Kind.ACTION_DUE: Channel.DIGEST,
    Kind.STEP_MOVED: Channel.DIGEST,
}


class DeliveryStatus(models.TextChoices):
    PENDING = "wacht", _("Wacht op verzending")
    SENT = "verstuurd", _("Verstuurd")
    FAILED = "mislukt", _("Mislukt (niet meer opnieuw geprobeerd)")


class Delivery(models.Model):
    """The outbox: one row per notification and channel, so a retried job sends nothing
    twice. A failure is tried again later (backoff); after MAX_ATTEMPTS it stays failed,
    visible to the beheerder in the admin."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        indexes = [models.Index(fields=["status", "channel", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")
        ]
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen (outbox)")
