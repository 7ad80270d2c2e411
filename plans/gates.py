"""What the step machine (cases.workflow) asks of step 5, registered as named requirements
when the app starts (PlansConfig.ready); cases imports nothing from here. The gate message
and the checklist are both derived from these requirements."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import workflow
from cases.workflow import requirement

from . import content as c


def _plan(case):
    return case.approach_plans.order_by("-number").first()


def register() -> None:
    # 5 → 6: a plan in force with goals, a SMART result and measures, each measure worked out
    # into at least one action.
    requirement("plan.in_force", gettext_lazy("Plan van aanpak vastgesteld"))(
        lambda case: None if _plan(case) else _("stel het plan van aanpak vast (ten minste één versie)")
    )
    requirement(
        "plan.smart_result",
        gettext_lazy("Ten minste één SMART-resultaat met nulmeting in het plan"),
        after=("plan.in_force",),
    )(
        lambda case: (
            None
            if c.results(_plan(case).content)
            else _("neem ten minste één SMART-resultaat met nulmeting op in het plan")
        )
    )
    requirement(
        "plan.measures",
        gettext_lazy("Maatregelen in de interventiematrix van het plan"),
        after=("plan.in_force",),
    )(
        lambda case: (
            None
            if c.measures(_plan(case).content)
            else _("neem maatregelen op in de interventiematrix van het plan")
        )
    )

    @requirement(
        "plan.measures_have_actions",
        gettext_lazy("Elke maatregel uitgewerkt in ten minste één actie"),
        after=("plan.in_force",),
    )
    def _measures_have_actions(case):
        with_actions = set(case.actions.values_list("measure_key", flat=True))
        open_measures = [m for m in c.measures(_plan(case).content) if m["key"] not in with_actions]
        if open_measures:
            return _("maak van elke maatregel ten minste één actie (nog %(n)s zonder actie)") % {
                "n": len(open_measures)
            }
        return None


def plan_missing(case) -> list[str]:
    """What the 5 → 6 move still needs (empty: it may happen)."""
    return workflow.missing(case, workflow.TRANSITIONS[(5, 6)].requires)
