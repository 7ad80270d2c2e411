"""Step 5 of the work process (appendix §3.6): the integral plan of approach as a living,
versioned document. The plan's content is one JSON document per version (see
`plans.content` for its shape); every item in it (goal, result, scenario, measure) keeps a
stable `key` across versions, so actions point at a measure and indicators at a result
whatever version is in force. See docs/werkproces-stap-5-7.md.

Categories: the plan is group-level text, checked by the privacy guard; a measure aimed at
one member references the member by key (personal data, shown only to who may receive it).

The tables keep their names from the former `approach` app (docs/adr/0006-steps-5-7-apps.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from analysis.models import ImmutableModel
from privacy.categories import Category


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
        "analysis.ForumDecision", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    category = Category.GROUP  # except measures aimed at one member: Category.PERSONAL

    class Meta:
        db_table = "approach_planversion"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_approach_plan_number_per_case")
        ]
        verbose_name = _("versie van het plan van aanpak")
        verbose_name_plural = _("versies van het plan van aanpak")

    def __str__(self) -> str:
        return f"{self.case_id} PvA v{self.number}"


class Track(models.TextChoices):
    """The three tracks of the approach (§3.6)."""

    PERSON = "persoon", _("Persoons- en gezinsgericht")
    GROUP = "groep", _("Groeps- en netwerkgericht")
    ENVIRONMENT = "omgeving", _("Omgevingsgericht")


class TargetKind(models.TextChoices):
    MEMBER = "jongere", _("Een jongere")
    GROUP = "groep", _("De groep")
    LOCATION = "locatie", _("Een locatie")
