"""Gates of steps 5–7 for the step machine (cases.workflow): what must be there before a
case moves on. Each returns a list of what is missing (empty: the move may happen)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import content as c
from .models import OPEN_ACTION_STATUSES, HandoverStatus


def plan_missing(case) -> list[str]:
    """5 → 6: a plan in force with goals, a SMART result and measures, each measure
    worked out into at least one action."""
    version = case.approach_plans.order_by("-number").first()
    if version is None:
        return [_("stel het plan van aanpak vast (ten minste één versie)")]
    missing = []
    if not c.results(version.content):
        missing.append(_("neem ten minste één SMART-resultaat met nulmeting op in het plan"))
    measures = c.measures(version.content)
    if not measures:
        missing.append(_("neem maatregelen op in de interventiematrix van het plan"))
    with_actions = set(case.actions.values_list("measure_key", flat=True))
    open_measures = [m for m in measures if m["key"] not in with_actions]
    if open_measures:
        missing.append(
            _("maak van elke maatregel ten minste één actie (nog %(n)s zonder actie)")
            % {"n": len(open_measures)}
        )
    return missing


def closing_missing(case) -> list[str]:
    """7 → closed: the forum's closing decision, every open action handed over and accepted
    (or closed), the retention period fixed and the evaluation discussed in the forum."""
    missing = []
    if not case.closing_decisions.exists():
        missing.append(_("leg het besluit van het overleg tot afschalen of stoppen vast"))
    accepted = set(
        case.handovers.filter(status=HandoverStatus.ACCEPTED, action__isnull=False).values_list(
            "action_id", flat=True
        )
    )
    loose = case.actions.filter(status__in=OPEN_ACTION_STATUSES).exclude(pk__in=accepted).count()
    if loose:
        missing.append(
            _("draag de lopende acties over (geaccepteerd) of rond ze af (nog %(n)s open)") % {"n": loose}
        )
    if case.handovers.filter(status=HandoverStatus.OFFERED).exists():
        missing.append(_("wacht op het antwoord op de aangeboden overdrachten"))
    if not case.retention_decisions.exists():
        missing.append(_("stel de bewaartermijn vast"))
    evaluation = getattr(case, "evaluation", None)
    if evaluation is None or evaluation.discussed_on is None:
        missing.append(_("bespreek de evaluatie in het overleg (datum vastleggen)"))
    return missing
