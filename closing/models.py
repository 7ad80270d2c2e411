"""Step 7 of the work process (appendix §3.8): the forum's decision to scale down or stop,
the hand-overs, the retention period (and legal holds) and the evaluation.

Categories: decisions and the evaluation are group-level text, checked by the privacy
guard; a hand-over of one youth's guidance references the member (personal data).

The tables keep their names from the former `approach` app (docs/adr/0006-steps-5-7-apps.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from analysis.models import Forum, ImmutableModel
from documents.evaluation import Criterion as Criterion  # the report's criteria (§3.8)
from monitoring.models import Action
from plans.models import PlanVersion
from privacy.categories import Category


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
        db_table = "approach_closingdecision"
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
        db_table = "approach_handover"
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
        db_table = "approach_retentiondecision"
        ordering = ["-decided_at", "-pk"]


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

    class Meta:
        db_table = "approach_evaluation"


class EvaluationContribution(models.Model):
    """One participating organisation's written evaluation, per criterion (`texts`:
    {criterion code: text}); group level, guarded."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    texts = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "approach_evaluationcontribution"
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
        db_table = "approach_legalhold"
        ordering = ["-decided_at", "-pk"]
