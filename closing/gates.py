"""What the step machine (cases.workflow) asks of step 7, registered as named requirements
when the app starts (ClosingConfig.ready); cases imports nothing from here. The gate message
and the closing page's checklist are both derived from these requirements."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import workflow
from cases.workflow import requirement
from monitoring.models import OPEN_ACTION_STATUSES

from .models import Evaluation, HandoverStatus


def _loose_actions(case) -> int:
    """Open actions not handed over (accepted) to a partner."""
    accepted = set(
        case.handovers.filter(status=HandoverStatus.ACCEPTED, action__isnull=False).values_list(
            "action_id", flat=True
        )
    )
    return case.actions.filter(status__in=OPEN_ACTION_STATUSES).exclude(pk__in=accepted).count()


def _loose_label(case) -> str:
    loose = _loose_actions(case)
    if loose:
        return _("Lopende acties overgedragen (geaccepteerd) of afgerond (nog %(n)s open)") % {"n": loose}
    return _("Lopende acties overgedragen (geaccepteerd) of afgerond")


def register() -> None:
    # 7 → closed: the forum's closing decision, every open action handed over and accepted (or
    # closed), the retention period fixed and the evaluation discussed in the forum.
    requirement(
        "closing.decided", gettext_lazy("Besluit van het overleg tot afschalen of stoppen vastgelegd")
    )(
        lambda case: (
            None
            if case.closing_decisions.exists()
            else _("leg het besluit van het overleg tot afschalen of stoppen vast")
        )
    )

    @requirement("closing.actions_handed_over", _loose_label)
    def _handed_over(case):
        loose = _loose_actions(case)
        if loose:
            return _("draag de lopende acties over (geaccepteerd) of rond ze af (nog %(n)s open)") % {
                "n": loose
            }
        return None

    requirement("closing.handovers_answered", gettext_lazy("Alle aangeboden overdrachten beantwoord"))(
        lambda case: (
            _("wacht op het antwoord op de aangeboden overdrachten")
            if case.handovers.filter(status=HandoverStatus.OFFERED).exists()
            else None
        )
    )
    requirement("closing.retention_set", gettext_lazy("Bewaartermijn vastgesteld"))(
        lambda case: None if case.retention_decisions.exists() else _("stel de bewaartermijn vast")
    )

    @requirement("closing.evaluation_discussed", gettext_lazy("Evaluatie besproken in het overleg"))
    def _evaluation(case):
        evaluation = Evaluation.objects.filter(case=case).first()  # fresh: not a cached relation
        if evaluation is None or evaluation.discussed_on is None:
            return _("bespreek de evaluatie in het overleg (datum vastleggen)")
        return None


def closing_missing(case) -> list[str]:
    """What closing in step 7 still needs (empty: it may happen)."""
    return workflow.missing(case, workflow.TRANSITIONS[(7, None)].requires)
